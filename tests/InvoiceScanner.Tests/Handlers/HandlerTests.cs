using System.Text.Json;
using ExtractData;
using GetInvoices;
using InvoiceScanner.Core;
using InvoiceScanner.Core.Api;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.Core.Storage;
using InvoiceScanner.Hosting;
using InvoiceScanner.Hosting.Events;
using InvoiceScanner.Infrastructure.Storage;
using InvoiceScanner.Tests.Fakes;
using ProcessInvoice;
using UploadPresign;

namespace InvoiceScanner.Tests.Handlers;

/// <summary>Each function's handler driven by the sample events in events/.</summary>
public class HandlerTests
{
    private const string SampleInvoiceId = "01KAQ4N0Z6X8F0M6TV2C9R7B3D";
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 23, 18, 0, 0, TimeSpan.Zero));
    private readonly InMemoryInvoiceRepository _invoices = new();
    private readonly InMemoryObjectStore _objects = new("invoicescanner-local");
    private readonly TestLambdaContext _context = new();

    private UploadPresignHandler Upload() =>
        new(new InvoiceUploads(_invoices, new FakeUploadUrlSigner(), _clock, new UploadSettings()));

    private GetInvoicesHandler Get() => new(_invoices);

    private static T Body<T>(APIGatewayHttpApiV2ProxyResponse response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(response.Body!, type)!;

    private async Task SeedAsync(string user, string id, InvoiceStatus status = InvoiceStatus.AwaitingUpload, string fileName = "My Invoice (2).pdf")
    {
        await _invoices.CreateAsync(new InvoiceRecord(user, id, InvoiceStatus.AwaitingUpload, _clock.Now, _clock.Now, fileName,
            ObjectKeys.Upload(user, id, fileName), "application/pdf"), CancellationToken.None);
        if (status != InvoiceStatus.AwaitingUpload)
            await _invoices.TransitionAsync(user, id, new StatusUpdate(status, _clock.Now), CancellationToken.None);
    }

    [Fact]
    public async Task Post_invoice_event_creates_the_invoice_and_returns_an_upload_url()
    {
        var response = await Upload().HandleAsync(Events.Http("post-invoice.json"), _context);

        Assert.Equal(201, response.StatusCode);
        var body = Body(response, InvoiceScannerJsonContext.Default.CreateInvoiceResponse);
        Assert.Equal("AWAITING_UPLOAD", body.Status);
        Assert.Equal("PUT", body.Upload.Method);
        Assert.Equal("application/pdf", body.Upload.Headers["Content-Type"]);
        Assert.Equal($"/invoices/{body.InvoiceId}", response.Headers!["location"]);
        var stored = Assert.Single(_invoices.All);
        Assert.Equal("user-alice", stored.UserId);
        Assert.Equal($"uploads/user-alice/{body.InvoiceId}/My Invoice (2).pdf", stored.UploadKey);
    }

    [Fact]
    public async Task Requests_without_a_verified_sub_are_401_and_change_nothing()
    {
        var response = await Upload().HandleAsync(Events.Http("post-invoice.json").As(null), _context);

        Assert.Equal(401, response.StatusCode);
        Assert.Equal(ErrorCodes.Unauthorized, Body(response, InvoiceScannerJsonContext.Default.ErrorResponse).Error.Code);
        Assert.Empty(_invoices.All);
    }

    [Theory]
    [InlineData("{not json", ErrorCodes.BadRequest)]
    [InlineData("{\"fileName\":\"x.exe\",\"contentType\":\"application/octet-stream\"}", ErrorCodes.ValidationFailed)]
    [InlineData("{\"fileName\":42}", ErrorCodes.BadRequest)]
    public async Task Bad_bodies_are_400_with_a_code_and_the_request_id(string body, string code)
    {
        var request = Events.Http("post-invoice.json");
        request.Body = body;

        var response = await Upload().HandleAsync(request, _context);

        Assert.Equal(400, response.StatusCode);
        var error = Body(response, InvoiceScannerJsonContext.Default.ErrorResponse).Error;
        Assert.Equal(code, error.Code);
        Assert.Equal(_context.AwsRequestId, error.RequestId);
        Assert.Empty(_invoices.All);
    }

    [Fact]
    public async Task Get_invoice_event_returns_the_callers_invoice_with_its_fields()
    {
        await SeedAsync("user-alice", SampleInvoiceId);
        await _invoices.TransitionAsync("user-alice", SampleInvoiceId, new StatusUpdate(InvoiceStatus.Processing, _clock.Now), CancellationToken.None);
        await _invoices.TransitionAsync("user-alice", SampleInvoiceId, new StatusUpdate(InvoiceStatus.Extracting, _clock.Now), CancellationToken.None);
        await _invoices.TransitionAsync("user-alice", SampleInvoiceId,
            new StatusUpdate(InvoiceStatus.Completed, _clock.Now) { Result = Documents.Result(4.11m, "USD") }, CancellationToken.None);

        var response = await Get().HandleAsync(Events.Http("get-invoice.json"), _context);

        Assert.Equal(200, response.StatusCode);
        var view = Body(response, InvoiceScannerJsonContext.Default.InvoiceView);
        Assert.Equal("COMPLETED", view.Status);
        Assert.Equal(4.11m, view.Fields!.Total!.Value);
        Assert.Contains("\"total\":{\"value\":4.11", response.Body);
    }

    [Fact]
    public async Task Another_users_invoice_is_404_not_403()
    {
        await SeedAsync("user-bob", SampleInvoiceId);

        var response = await Get().HandleAsync(Events.Http("get-invoice.json"), _context);

        Assert.Equal(404, response.StatusCode);
        Assert.Equal(ErrorCodes.NotFound, Body(response, InvoiceScannerJsonContext.Default.ErrorResponse).Error.Code);
    }

    [Fact]
    public async Task A_failed_invoice_shows_its_failure_reason()
    {
        await SeedAsync("user-alice", SampleInvoiceId);
        await _invoices.TransitionAsync("user-alice", SampleInvoiceId,
            new StatusUpdate(InvoiceStatus.Failed, _clock.Now) { Failure = new ProcessingFailure(ErrorCodes.UnsupportedType, "a ZIP", _clock.Now) },
            CancellationToken.None);

        var view = Body(await Get().HandleAsync(Events.Http("get-invoice.json"), _context), InvoiceScannerJsonContext.Default.InvoiceView);

        Assert.Equal("FAILED", view.Status);
        Assert.Equal(ErrorCodes.UnsupportedType, view.Failure!.Code);
    }

    [Fact]
    public async Task Listing_is_newest_first_paginated_and_only_the_callers()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            var id = InvoiceId.New(_clock.Now);
            ids.Add(id);
            await SeedAsync("user-alice", id, InvoiceStatus.Processing);
        }
        await SeedAsync("user-bob", InvoiceId.New(_clock.Now), InvoiceStatus.Processing);

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var request = Events.Http("list-invoices.json");
            request.QueryStringParameters = new() { ["limit"] = "2" };
            if (cursor is not null) request.QueryStringParameters["cursor"] = cursor;
            var page = Body(await Get().HandleAsync(request, _context), InvoiceScannerJsonContext.Default.InvoiceListResponse);
            Assert.True(page.Items.Count <= 2);
            seen.AddRange(page.Items.Select(i => i.InvoiceId));
            cursor = page.NextCursor;
        } while (cursor is not null);

        Assert.Equal(Enumerable.Reverse(ids), seen);
    }

    [Fact]
    public async Task Listing_filters_by_status()
    {
        await SeedAsync("user-alice", InvoiceId.New(_clock.Now), InvoiceStatus.Processing);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await SeedAsync("user-alice", InvoiceId.New(_clock.Now));

        var request = Events.Http("list-invoices.json");
        request.QueryStringParameters = new() { ["status"] = "awaiting_upload" };
        var page = Body(await Get().HandleAsync(request, _context), InvoiceScannerJsonContext.Default.InvoiceListResponse);

        Assert.Equal("AWAITING_UPLOAD", Assert.Single(page.Items).Status);
    }

    [Theory]
    [InlineData("limit", "0")]
    [InlineData("limit", "101")]
    [InlineData("limit", "ten")]
    [InlineData("status", "DONE")]
    [InlineData("cursor", "garbage")]
    public async Task Bad_list_queries_are_400_naming_the_parameter(string name, string value)
    {
        var request = Events.Http("list-invoices.json");
        request.QueryStringParameters = new() { [name] = value };

        var response = await Get().HandleAsync(request, _context);

        Assert.Equal(400, response.StatusCode);
        Assert.Contains(name, Body(response, InvoiceScannerJsonContext.Default.ErrorResponse).Error.Details!.Keys);
    }

    [Fact]
    public async Task A_malformed_id_is_400()
    {
        var request = Events.Http("get-invoice.json");
        request.PathParameters = new() { ["id"] = "../../etc" };
        Assert.Equal(400, (await Get().HandleAsync(request, _context)).StatusCode);
    }

    [Fact]
    public async Task S3_upload_event_decodes_the_key_and_processes_that_invoice()
    {
        await SeedAsync("user-alice", SampleInvoiceId);
        _objects.Objects["uploads/user-alice/01KAQ4N0Z6X8F0M6TV2C9R7B3D/My Invoice (2).pdf"] = (SampleFiles.MinimalPdf(), "application/pdf");
        var handler = new ProcessInvoiceHandler(
            new DocumentProcessor(_invoices, _objects, ScriptedOcrEngine.Returning("Total 1.00"), new S3OcrResultStore(_objects), _clock, new ProcessingSettings()),
            "invoicescanner-local");

        var summary = await handler.HandleAsync(Events.S3("s3-upload-put.json"), _context);

        var outcome = Assert.Single(summary.Outcomes);
        Assert.Equal(OutcomeKind.Processed, outcome.Kind);
        Assert.Equal("OCR_COMPLETE", outcome.Status);
        Assert.Contains(_context.Logger.Entries, e => e.Message.StartsWith("Processed") && Equals(e.Property("invoiceId"), SampleInvoiceId));
        Assert.True(_objects.Objects.ContainsKey(ObjectKeys.OcrResult("user-alice", SampleInvoiceId)));
    }

    [Fact]
    public async Task Repeated_records_in_one_event_are_processed_once_and_other_buckets_ignored()
    {
        await SeedAsync("user-alice", SampleInvoiceId);
        _objects.Objects["uploads/user-alice/01KAQ4N0Z6X8F0M6TV2C9R7B3D/My Invoice (2).pdf"] = (SampleFiles.MinimalPdf(), "application/pdf");
        var engine = ScriptedOcrEngine.Returning("x");
        var handler = new ProcessInvoiceHandler(
            new DocumentProcessor(_invoices, _objects, engine, new S3OcrResultStore(_objects), _clock, new ProcessingSettings()), "invoicescanner-local");
        var s3Event = Events.S3("s3-upload-put.json");
        var foreign = Events.S3("s3-upload-put.json").Records![0];
        foreign.S3!.Bucket!.Name = "someone-elses-bucket";
        s3Event.Records = [s3Event.Records![0], s3Event.Records[0], foreign];

        var summary = await handler.HandleAsync(s3Event, _context);

        Assert.Equal(1, engine.Calls);
        Assert.Contains(summary.Outcomes, o => o.Kind == OutcomeKind.Skipped && o.Detail.Contains("someone-elses-bucket"));
    }

    [Fact]
    public async Task A_transient_failure_fails_the_invocation_so_lambda_retries()
    {
        await SeedAsync("user-alice", SampleInvoiceId);
        _objects.Objects["uploads/user-alice/01KAQ4N0Z6X8F0M6TV2C9R7B3D/My Invoice (2).pdf"] = (SampleFiles.MinimalPdf(), "application/pdf");
        var handler = new ProcessInvoiceHandler(
            new DocumentProcessor(_invoices, _objects, new ScriptedOcrEngine((_, _) => throw new TimeoutException("s3 slow")),
                new S3OcrResultStore(_objects), _clock, new ProcessingSettings()), "invoicescanner-local");

        await Assert.ThrowsAsync<TimeoutException>(() => handler.HandleAsync(Events.S3("s3-upload-put.json"), _context));
        Assert.Contains(_context.Logger.Entries, e => e.Level == LogLevel.Error);
    }

    [Fact]
    public async Task S3_ocr_event_extracts_and_completes_the_invoice()
    {
        await SeedAsync("user-alice", SampleInvoiceId, InvoiceStatus.Processing);
        await new S3OcrResultStore(_objects).SaveAsync(ObjectKeys.OcrResult("user-alice", SampleInvoiceId), Documents.FromLines("Total 9.99 EUR"), CancellationToken.None);
        var handler = new ExtractDataHandler(
            new ExtractionProcessor(_invoices, new S3OcrResultStore(_objects), new ScriptedExtractor(_ => Documents.Result(9.99m, "EUR")),
                ExtractionOptions.Default, _clock, new ProcessingSettings()),
            "invoicescanner-local");

        var summary = await handler.HandleAsync(Events.S3("s3-ocr-put.json"), _context);

        Assert.Equal("COMPLETED", Assert.Single(summary.Outcomes).Status);
        Assert.Equal(9.99m, (await _invoices.GetAsync("user-alice", SampleInvoiceId, CancellationToken.None))!.Result!.Fields.Total!.Value);
    }
}
