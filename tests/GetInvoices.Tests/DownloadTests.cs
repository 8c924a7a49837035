using System.Text.Json;
using InvoiceScanner.Core;
using InvoiceScanner.Core.Downloads;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Storage;
using InvoiceScanner.Hosting.Events;
using InvoiceScanner.TestSupport;
using InvoiceScanner.TestSupport.Fakes;

namespace GetInvoices.Tests;

/// <summary>GET /invoices/{id}/pages/{n} and GET /invoices/{id}/file: short-lived links, only to what exists and is the caller's.</summary>
public class DownloadTests : ReadInvoiceTestBed
{
    private readonly FakeDownloadUrlSigner _signer = new();

    private GetInvoicesHandler Get() => TestHandlers.Get(Invoices, Objects, Clock, _signer);

    private static APIGatewayHttpApiV2ProxyRequest PageRequest(string n, string user = Alice)
    {
        var request = Events.Http("get-invoice.json").As(user);
        request.RouteKey = GetInvoicesHandler.PageRoute;
        request.RawPath = $"/invoices/{SampleInvoiceId}/pages/{n}";
        request.PathParameters = new() { ["id"] = SampleInvoiceId, ["n"] = n };
        return request;
    }

    private static APIGatewayHttpApiV2ProxyRequest FileRequest(string user = Alice)
    {
        var request = Events.Http("get-invoice.json").As(user);
        request.RouteKey = GetInvoicesHandler.FileRoute;
        request.RawPath = $"/invoices/{SampleInvoiceId}/file";
        return request;
    }

    private static APIGatewayHttpApiV2ProxyRequest EInvoiceRequest()
    {
        var request = Events.Http("get-invoice.json").As(Alice);
        request.RouteKey = GetInvoicesHandler.EInvoiceRoute;
        request.RawPath = $"/invoices/{SampleInvoiceId}/einvoice";
        return request;
    }

    private Task RecordDocumentAsync(DocumentFacts facts) =>
        Invoices.RecordDocumentAsync(Alice, SampleInvoiceId, facts, ObjectKeys.OcrResult(Alice, SampleInvoiceId), "einvoice", CancellationToken.None);

    private Task PutPageAsync(int n, string extension = ".webp", string user = Alice) =>
        Objects.PutAsync(ObjectKeys.PageImage(user, SampleInvoiceId, n, extension), "RIFF"u8.ToArray(),
            extension == ".png" ? "image/png" : "image/webp", CancellationToken.None);

    [Fact]
    public async Task A_stored_page_image_is_answered_with_a_short_lived_link_to_exactly_that_object()
    {
        await SeedReadAsync();
        await PutPageAsync(1);
        await PutPageAsync(2, ".png");

        var first = await Get().HandleAsync(PageRequest("1"), Context);
        var second = await Get().HandleAsync(PageRequest("2"), Context);

        Assert.Equal((200, 200), (first.StatusCode, second.StatusCode));
        var link = JsonSerializer.Deserialize(first.Body!, InvoiceScannerJsonContext.Default.PageImageLink)!;
        Assert.Equal((1, "image/webp", Clock.Now + InvoiceDownloads.LinkLifetime), (link.Page, link.ContentType, link.ExpiresAt));
        Assert.Equal([$"pages/{Alice}/{SampleInvoiceId}/1.webp", $"pages/{Alice}/{SampleInvoiceId}/2.png"], _signer.Grants.Select(g => g.Key));
        Assert.Contains(Uri.EscapeDataString(SampleInvoiceId), link.Url, StringComparison.Ordinal);
        Assert.Equal("image/png", JsonSerializer.Deserialize(second.Body!, InvoiceScannerJsonContext.Default.PageImageLink)!.ContentType);
    }

    [Fact]
    public async Task A_page_without_an_image_is_PAGE_NOT_FOUND_and_nothing_is_signed()
    {
        await SeedReadAsync();
        await PutPageAsync(1);

        var missing = await Get().HandleAsync(PageRequest("3"), Context);

        Assert.Equal((404, ErrorCodes.PageNotFound), (missing.StatusCode, Error(missing).Code));
        Assert.Empty(_signer.Grants);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("x")]
    [InlineData("1001")]
    public async Task A_malformed_page_number_is_a_400_naming_the_parameter(string n)
    {
        await SeedReadAsync();

        var response = await Get().HandleAsync(PageRequest(n), Context);

        Assert.Equal((400, ErrorCodes.ValidationFailed), (response.StatusCode, Error(response).Code));
        Assert.Contains("n", Error(response).Details!.Keys);
    }

    [Fact]
    public async Task Another_users_pages_and_file_are_404_like_the_invoice_but_an_operator_reaches_them()
    {
        await SeedReadAsync(user: "user-bob");
        await PutPageAsync(1, user: "user-bob");

        var page = await Get().HandleAsync(PageRequest("1"), Context);
        var file = await Get().HandleAsync(FileRequest(), Context);
        var byOperator = await Get().HandleAsync(AsOperator(PageRequest("1")), Context);

        Assert.Equal((404, ErrorCodes.NotFound), (page.StatusCode, Error(page).Code));
        Assert.Equal((404, ErrorCodes.NotFound), (file.StatusCode, Error(file).Code));
        Assert.Equal(200, byOperator.StatusCode);
        Assert.Equal([$"pages/user-bob/{SampleInvoiceId}/1.webp"], _signer.Grants.Select(g => g.Key));
    }

    [Fact]
    public async Task The_original_file_is_linked_under_its_uploaded_name()
    {
        await SeedReadAsync();

        var response = await Get().HandleAsync(FileRequest(), Context);

        Assert.Equal(200, response.StatusCode);
        var link = JsonSerializer.Deserialize(response.Body!, InvoiceScannerJsonContext.Default.OriginalFileLink)!;
        Assert.Equal(("My Invoice (2).pdf", "application/pdf"), (link.FileName, link.ContentType));
        var grant = Assert.Single(_signer.Grants);
        Assert.Equal((ObjectKeys.Upload(Alice, SampleInvoiceId, "My Invoice (2).pdf"), "My Invoice (2).pdf"), (grant.Key, grant.FileName));
    }

    [Fact]
    public async Task A_file_no_longer_stored_is_SOURCE_GONE()
    {
        await SeedReadAsync();
        await Objects.DeleteAsync(ObjectKeys.Upload(Alice, SampleInvoiceId, "My Invoice (2).pdf"), CancellationToken.None);

        var response = await Get().HandleAsync(FileRequest(), Context);

        Assert.Equal((404, ErrorCodes.SourceGone), (response.StatusCode, Error(response).Code));
        Assert.Empty(_signer.Grants);
    }

    [Fact]
    public async Task A_hybrid_pdfs_xml_is_linked_from_its_copy_and_an_xml_upload_is_linked_itself()
    {
        await SeedReadAsync();
        await RecordDocumentAsync(new DocumentFacts(DocumentKind.Pdf, 100, "00") { EInvoice = "CII, EN16931", EInvoiceAttachment = "factur-x.xml" });
        await Objects.PutAsync(ObjectKeys.EInvoiceCopy(Alice, SampleInvoiceId), "<x/>"u8.ToArray(), "application/xml", CancellationToken.None);

        var hybrid = await Get().HandleAsync(EInvoiceRequest(), Context);
        await RecordDocumentAsync(new DocumentFacts(DocumentKind.Xml, 100, "00") { EInvoice = "UBL, XRechnung" });
        var xml = await Get().HandleAsync(EInvoiceRequest(), Context);

        Assert.Equal((200, 200), (hybrid.StatusCode, xml.StatusCode));
        var link = JsonSerializer.Deserialize(hybrid.Body!, InvoiceScannerJsonContext.Default.OriginalFileLink)!;
        Assert.Equal(("factur-x.xml", "application/xml"), (link.FileName, link.ContentType));
        Assert.Equal([(ObjectKeys.EInvoiceCopy(Alice, SampleInvoiceId), "factur-x.xml"), (ObjectKeys.Upload(Alice, SampleInvoiceId, "My Invoice (2).pdf"), "My Invoice (2).pdf")],
            _signer.Grants.Select(g => (g.Key, g.FileName!)));
    }

    [Fact]
    public async Task An_invoice_without_an_e_invoice_is_NO_EINVOICE_and_a_removed_copy_SOURCE_GONE()
    {
        await SeedReadAsync();
        await RecordDocumentAsync(new DocumentFacts(DocumentKind.Pdf, 100, "00"));
        var plain = await Get().HandleAsync(EInvoiceRequest(), Context);
        await RecordDocumentAsync(new DocumentFacts(DocumentKind.Pdf, 100, "00") { EInvoice = "CII, EN16931" });
        var gone = await Get().HandleAsync(EInvoiceRequest(), Context);

        Assert.Equal((404, ErrorCodes.NoEInvoice), (plain.StatusCode, Error(plain).Code));
        Assert.Equal((404, ErrorCodes.SourceGone), (gone.StatusCode, Error(gone).Code));
        Assert.Empty(_signer.Grants);
    }
}
