using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Storage;

namespace InvoiceScanner.TestSupport.Fakes;

/// <summary>An upload as ProcessInvoice leaves it for ExtractData: created, read, its OCR document stored under its key.</summary>
public static class OcrReadyInvoice
{
    /// <param name="sha256">The file's hash ProcessInvoice recorded (what the duplicate check keys on); none when null.</param>
    public static async Task<(string InvoiceId, string OcrKey)> CreateAsync(IInvoiceRepository invoices, IOcrResultStore ocr, ManualClock clock,
        string user, OcrDocument document, string? sha256 = null)
    {
        var ct = CancellationToken.None;
        clock.Advance(TimeSpan.FromSeconds(1));
        var id = InvoiceId.New(clock.Now);
        await invoices.CreateAsync(new InvoiceRecord(user, id, InvoiceStatus.AwaitingUpload, clock.Now, clock.Now, "scan.pdf",
            ObjectKeys.Upload(user, id, "scan.pdf"), "application/pdf"), ct);
        var ocrKey = ObjectKeys.OcrResult(user, id);
        await invoices.TransitionAsync(user, id, new StatusUpdate(InvoiceStatus.Processing, clock.Now) { LeaseExpiresAt = clock.Now.AddMinutes(5) }, ct);
        if (sha256 is not null)
            await invoices.RecordDocumentAsync(user, id, new DocumentFacts(DocumentKind.Pdf, 1000, sha256), ocrKey, "scripted", ct);
        await invoices.TransitionAsync(user, id, new StatusUpdate(InvoiceStatus.OcrComplete, clock.Now) { OcrKey = ocrKey }, ct);
        await ocr.SaveAsync(ocrKey, document, ct);
        return (id, ocrKey);
    }
}
