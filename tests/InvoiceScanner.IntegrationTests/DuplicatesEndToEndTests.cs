using InvoiceScanner.SampleInvoices;
using InvoiceScanner.TestSupport;

namespace InvoiceScanner.IntegrationTests;

/// <summary>
/// Duplicates on the local stack, as a client meets them: the same file uploaded twice, and the same invoice number
/// re-issued as another PDF, each send the later invoice to review naming the first. Every S3 event is delivered three
/// times, so the first invoice read again by its own duplicated events is shown not to be its own duplicate.
/// </summary>
public sealed class DuplicatesEndToEndTests(ProductStackFixture fixture) : IClassFixture<ProductStackFixture>
{
    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_same_sample_pdf_uploaded_twice_sends_the_second_to_review_naming_the_first()
    {
        var token = fixture.Stack.CreateToken("e2e-dup-file");
        var pdf = SampleInvoiceCatalog.Get("us-office-supply-invoice").RenderPdf();

        var first = await fixture.ScanAsync(token, "invoice.pdf", "application/pdf", pdf, Cancellation);
        var second = await fixture.ScanAsync(token, "invoice-again.pdf", "application/pdf", pdf, Cancellation);

        // The first reads as it would alone (review only for the engine's own doubts, if any).
        Assert.DoesNotContain(first.ReviewReasons ?? [], r => r.Code is "POSSIBLE_DUPLICATE" or "DUPLICATE_FILE");
        Assert.Equal("NEEDS_REVIEW", second.Status);
        var reason = Assert.Single(second.ReviewReasons!, r => r.Code == "DUPLICATE_FILE");
        Assert.Equal(first.InvoiceId, reason.DuplicateOf);
        Assert.Equal(first.Document!.Sha256, second.Document!.Sha256);
        Assert.DoesNotContain(second.ReviewReasons!, r => r.Code == "POSSIBLE_DUPLICATE"); // the same file says it all
        var firstNow = await fixture.Api.GetAsync(token, first.InvoiceId, Cancellation);
        Assert.Equal((first.Status, first.Version), (firstNow.Body!.Status, firstNow.Body.Version));
    }

    [Fact]
    public async Task The_same_number_reissued_as_another_pdf_is_a_possible_duplicate_of_the_first()
    {
        var token = fixture.Stack.CreateToken("e2e-dup-number");
        var first = await fixture.ScanAsync(token, "re-0777.pdf", "application/pdf", Invoice("20.11.2026"), Cancellation);
        var reissued = await fixture.ScanAsync(token, "re-0777-copy.pdf", "application/pdf", Invoice("27.11.2026", "Zweitschrift"), Cancellation);

        Assert.NotEqual(first.Document!.Sha256, reissued.Document!.Sha256);
        Assert.Equal("RE-2026-0777", reissued.Fields!.InvoiceNumber!.Value);
        Assert.Equal("NEEDS_REVIEW", reissued.Status);
        var reason = Assert.Single(reissued.ReviewReasons!, r => r.Code == "POSSIBLE_DUPLICATE");
        Assert.Equal(first.InvoiceId, reason.DuplicateOf);
        Assert.DoesNotContain(first.ReviewReasons ?? [], r => r.Code is "POSSIBLE_DUPLICATE" or "DUPLICATE_FILE");
    }

    /// <summary>One invoice of one vendor, number and total; what else it prints (date, a note) makes another file of it.</summary>
    private static byte[] Invoice(string date, params string[] extra) => MinimalPdf.Build(
    [
        "Nordwind Papier GmbH", "Hafenstrasse 5, 20457 Hamburg",
        "Rechnung", .. extra, "Rechnungsnummer: RE-2026-0777", $"Rechnungsdatum: {date}",
        "Kopierpapier A4   100,00 EUR",
        "Nettobetrag 100,00 EUR", "MwSt 19% 19,00 EUR", "Gesamtbetrag 119,00 EUR",
    ]);
}
