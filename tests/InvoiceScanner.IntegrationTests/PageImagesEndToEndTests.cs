using System.Net;
using InvoiceScanner.TestSupport;

namespace InvoiceScanner.IntegrationTests;

/// <summary>
/// The page images and the original file on the local stack: ProcessInvoice draws each page while it reads the upload,
/// GetInvoices hands out short-lived links to them, and the links read the objects from the bucket without a token.
/// </summary>
public sealed class PageImagesEndToEndTests(ProductStackFixture fixture) : IClassFixture<ProductStackFixture>
{
    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static readonly byte[] Invoice = MinimalPdf.Build(
    [
        "Nordwind Papier GmbH", "Hafenstrasse 5, 20457 Hamburg",
        "Rechnung", "Rechnungsnummer: RE-2026-0777", "Rechnungsdatum: 20.11.2026",
        "Nettobetrag 100,00 EUR", "MwSt 19% 19,00 EUR", "Gesamtbetrag 119,00 EUR",
    ]);

    [Fact]
    public async Task A_read_pdf_has_its_page_as_a_webp_image_and_its_original_file_behind_short_lived_links()
    {
        var token = fixture.Stack.CreateToken("e2e-pages");
        var scanned = await fixture.ScanAsync(token, "paper order.pdf", "application/pdf", Invoice, Cancellation);

        var page = await fixture.Api.PageImageAsync(token, scanned.InvoiceId, 1, Cancellation);
        var beyond = await fixture.Api.PageImageAsync(token, scanned.InvoiceId, 2, Cancellation);
        var file = await fixture.Api.OriginalFileAsync(token, scanned.InvoiceId, Cancellation);

        Assert.True(page.Status == HttpStatusCode.OK, page.Text);
        Assert.Equal((1, "image/webp"), (page.Body!.Page, page.Body.ContentType));
        using (var image = await fixture.Http.GetAsync(page.Body.Url, Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, image.StatusCode);
            var bytes = await image.Content.ReadAsByteArrayAsync(Cancellation);
            Assert.True(bytes.Length > 1024, $"{bytes.Length} bytes");
            Assert.Equal("RIFF"u8.ToArray(), bytes[..4]);
            Assert.Equal("WEBP"u8.ToArray(), bytes[8..12]);
        }
        Assert.Equal(HttpStatusCode.NotFound, beyond.Status);
        Assert.Contains("\"PAGE_NOT_FOUND\"", beyond.Text, StringComparison.Ordinal);

        Assert.True(file.Status == HttpStatusCode.OK, file.Text);
        Assert.Equal("paper order.pdf", file.Body!.FileName);
        using var original = await fixture.Http.GetAsync(file.Body.Url, Cancellation);
        Assert.Equal(HttpStatusCode.OK, original.StatusCode);
        Assert.Equal(Invoice, await original.Content.ReadAsByteArrayAsync(Cancellation));
    }

    [Fact]
    public async Task Another_users_page_and_file_are_not_found()
    {
        var owner = fixture.Stack.CreateToken("e2e-pages-owner");
        var stranger = fixture.Stack.CreateToken("e2e-pages-stranger");
        var scanned = await fixture.ScanAsync(owner, "mine.pdf", "application/pdf", Invoice, Cancellation);

        var page = await fixture.Api.PageImageAsync(stranger, scanned.InvoiceId, 1, Cancellation);
        var file = await fixture.Api.OriginalFileAsync(stranger, scanned.InvoiceId, Cancellation);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (page.Status, file.Status));
        Assert.Contains("\"NOT_FOUND\"", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("amazonaws", page.Text + file.Text, StringComparison.Ordinal);
    }
}
