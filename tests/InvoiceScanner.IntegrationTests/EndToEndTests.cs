using System.IO.Compression;
using System.Net;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.LocalHost;
using InvoiceScanner.LocalHost.Runtime;
using InvoiceScanner.SampleInvoices;
using InvoiceScanner.TestSupport;

namespace InvoiceScanner.IntegrationTests;

/// <summary>
/// The product end to end, as a client uses it: POST /invoices, PUT the file to the presigned URL with a plain HTTP
/// client, poll GET /invoices/{id}. Every S3 event is delivered <see cref="ProductStackFixture.Duplicates"/> times.
/// </summary>
public sealed partial class EndToEndTests(ProductStackFixture fixture) : IClassFixture<ProductStackFixture>
{
    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_AWS_invoice_is_read_with_its_total_number_and_date()
    {
        var pdf = await File.ReadAllBytesAsync(SharedFolder.Require("datasets/invoice2data/AmazonWebServices.pdf"), Cancellation);
        var token = fixture.Stack.CreateToken("e2e-aws");

        var invoice = await fixture.ScanAsync(token, "AmazonWebServices.pdf", "application/pdf", pdf, Cancellation);

        Assert.Contains(invoice.Status, new[] { "COMPLETED", "NEEDS_REVIEW" });
        Assert.Equal(4.11m, invoice.Fields?.Total?.Value);
        Assert.Equal("USD", invoice.Fields?.Currency?.Value);
        Assert.Equal("42183017", invoice.Fields?.InvoiceNumber?.Value);
        Assert.Equal(new DateOnly(2014, 8, 3), invoice.Fields?.InvoiceDate?.Value);
    }

    [Fact]
    public async Task A_photographed_invoice_is_read_by_ppocr_with_its_total_and_number()
    {
        // The PNG goes the image path: ImageMagick decodes it, PP-OCR (ONNX Runtime in the function) reads it.
        var sample = SampleInvoiceCatalog.Get("us-office-supply-invoice");
        var png = await SampleInvoiceImages.RenderPngAsync(sample.RenderPdf(), 200, Cancellation);
        var token = fixture.Stack.CreateToken("e2e-png");

        var invoice = await fixture.ScanAsync(token, "scan.png", "image/png", png, Cancellation);

        Assert.Contains(invoice.Status, new[] { "COMPLETED", "NEEDS_REVIEW" });
        Assert.Equal(("png", "ppocr"), (invoice.Document?.Kind, invoice.Document?.OcrEngine));
        Assert.Equal(sample.Expected.Total, invoice.Fields?.Total?.Value);
        Assert.Equal(sample.Expected.InvoiceNumber, invoice.Fields?.InvoiceNumber?.Value);
    }

    [Fact]
    public async Task Another_user_can_neither_read_nor_list_someone_else_s_invoice()
    {
        var owner = fixture.Stack.CreateToken("e2e-owner");
        var stranger = fixture.Stack.CreateToken("e2e-stranger");
        var created = await fixture.CreateAsync(owner, "mine.pdf", "application/pdf", 1000, Cancellation);

        var direct = await fixture.Api.GetAsync(stranger, created.InvoiceId, Cancellation);
        var strangersList = await fixture.Api.ListAsync(stranger, Cancellation);
        var ownersList = await fixture.Api.ListAsync(owner, Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, direct.Status);
        Assert.Equal(HttpStatusCode.OK, strangersList.Status);
        Assert.DoesNotContain(strangersList.Body!.Items, i => i.InvoiceId == created.InvoiceId);
        Assert.Contains(ownersList.Body!.Items, i => i.InvoiceId == created.InvoiceId);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Api.GetAsync(owner, created.InvoiceId, Cancellation)).Status);
    }

    [Fact]
    public async Task An_upload_event_delivered_three_times_is_processed_once()
    {
        var sample = SampleInvoiceCatalog.All[0];
        var token = fixture.Stack.CreateToken("e2e-duplicates");

        var invoice = await fixture.ScanAsync(token, sample.Name + ".pdf", "application/pdf", sample.RenderPdf(), Cancellation);

        Assert.Contains(invoice.Status, new[] { "COMPLETED", "NEEDS_REVIEW" });
        // All three deliveries of the upload event ran (and finished) ...
        var journal = fixture.Stack.Journal;
        Assert.True(await journal.WaitUntilAsync(j => Deliveries(j, LocalFleet.ProcessInvoiceFunction, invoice.InvoiceId).Count(r => r.Result is not null) >= ProductStackFixture.Duplicates,
            ProductStackFixture.ProcessingTimeout, Cancellation));
        Assert.All(Deliveries(journal.Snapshot(), LocalFleet.ProcessInvoiceFunction, invoice.InvoiceId), r => Assert.True(r.Result?.Succeeded ?? true, r.Result?.PayloadText));
        // ... and the OCR result was written once: one object event (one sequencer) for its key. Events arrive in write
        // order, so once a marker written now has arrived, any later OCR write would have arrived too.
        await WriteMarkerAndWaitAsync();
        var ocrWrites = fixture.Stack.S3Events!.Snapshot()
            .Where(e => e.Key.StartsWith("ocr/", StringComparison.Ordinal) && e.Key.Contains(invoice.InvoiceId, StringComparison.Ordinal))
            .Select(e => e.Sequencer)
            .Distinct()
            .ToList();
        Assert.Single(ocrWrites);
        // The result did not change after the duplicated OCR events were handled either.
        Assert.True(await journal.WaitUntilAsync(j => Deliveries(j, LocalFleet.ExtractDataFunction, invoice.InvoiceId).Count(r => r.Result is not null) >= ProductStackFixture.Duplicates,
            ProductStackFixture.ProcessingTimeout, Cancellation));
        var again = await fixture.Api.GetAsync(token, invoice.InvoiceId, Cancellation);
        Assert.Equal(invoice.Status, again.Body?.Status);
        Assert.Equal(invoice.UpdatedAt, again.Body?.UpdatedAt);
    }

    [Fact]
    public async Task A_zip_file_uploaded_as_a_PDF_ends_FAILED_with_UNSUPPORTED_TYPE()
    {
        var token = fixture.Stack.CreateToken("e2e-zip");

        var invoice = await fixture.ScanAsync(token, "archive.pdf", "application/pdf", ZipBytes(), Cancellation);

        Assert.Equal("FAILED", invoice.Status);
        Assert.Equal(ErrorCodes.UnsupportedType, invoice.Failure?.Code);
    }

    [Fact]
    public async Task A_truncated_PDF_ends_FAILED_with_UNREADABLE_PDF()
    {
        var token = fixture.Stack.CreateToken("e2e-truncated");
        var pdf = SampleInvoiceCatalog.All[0].RenderPdf();

        var invoice = await fixture.ScanAsync(token, "truncated.pdf", "application/pdf", pdf[..(pdf.Length / 3)], Cancellation);

        Assert.Equal("FAILED", invoice.Status);
        Assert.Equal(ErrorCodes.UnreadablePdf, invoice.Failure?.Code);
    }

    private async Task WriteMarkerAndWaitAsync()
    {
        var marker = $"local-test-markers/{Guid.NewGuid():N}";
        using var s3 = LocalHost.Emulators.StackProvisioner.CreateS3Client(fixture.Stack.Endpoints.S3, fixture.Stack.Options.Region);
        await s3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest
        {
            BucketName = fixture.Stack.Options.BucketName,
            Key = marker,
            ContentBody = "marker",
            UseChunkEncoding = false,
        }, Cancellation);
        Assert.True(await fixture.Stack.S3Events!.WaitUntilAsync(e => e.Any(x => x.Key == marker), TimeSpan.FromSeconds(30), Cancellation));
    }

    private static IEnumerable<InvocationRecord> Deliveries(IReadOnlyList<InvocationRecord> journal, string function, string invoiceId) =>
        journal.Where(r => r.FunctionName == function && r.Source == InvocationSource.S3Notification && r.PayloadText.Contains(invoiceId, StringComparison.Ordinal));

    private static byte[] ZipBytes()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = zip.CreateEntry("invoice.txt");
            using var writer = new StreamWriter(entry.Open());
            writer.Write("Invoice 1, total 10.00 EUR");
        }
        return buffer.ToArray();
    }
}
