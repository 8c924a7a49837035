using InvoiceScanner.Core;
using InvoiceScanner.Core.Api;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.Core.Storage;
using InvoiceScanner.Hosting;
using InvoiceScanner.Infrastructure.Storage;
using InvoiceScanner.TestSupport;
using InvoiceScanner.TestSupport.Fakes;

namespace ExtractData.Tests;

/// <summary>S3 ocr/ events (events/s3-ocr-put.json).</summary>
public class ExtractDataHandlerTests : HandlerTestBed
{
    [Fact]
    public async Task S3_ocr_event_extracts_and_completes_the_invoice()
    {
        await SeedAsync("user-alice", SampleInvoiceId, InvoiceStatus.Processing);
        await new S3OcrResultStore(Objects).SaveAsync(ObjectKeys.OcrResult("user-alice", SampleInvoiceId), Documents.FromLines("Total 9.99 EUR"), CancellationToken.None);
        var handler = new ExtractDataHandler(
            new ExtractionProcessor(Invoices, new S3OcrResultStore(Objects), new ScriptedExtractor(_ => Documents.Result(9.99m, "EUR")),
                ExtractionOptions.Default, Clock, new ProcessingSettings()),
            LocalBucket);

        var summary = await handler.HandleAsync(Events.S3("s3-ocr-put.json"), Context);

        Assert.Equal("COMPLETED", Assert.Single(summary.Outcomes).Status);
        Assert.Equal(9.99m, (await Invoices.GetAsync("user-alice", SampleInvoiceId, CancellationToken.None))!.Result!.Fields.Total!.Value);
    }
}
