using InvoiceScanner.Core;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.TestSupport;
using InvoiceScanner.TestSupport.Fakes;

namespace UploadPresign.Tests;

/// <summary>POST /invoices driven by events/post-invoice.json.</summary>
public class UploadPresignHandlerTests : HandlerTestBed
{
    private UploadPresignHandler Upload() =>
        new(new InvoiceUploads(Invoices, new FakeUploadUrlSigner(), Clock, new UploadSettings()));

    [Fact]
    public async Task Post_invoice_event_creates_the_invoice_and_returns_an_upload_url()
    {
        var response = await Upload().HandleAsync(Events.Http("post-invoice.json"), Context);

        Assert.Equal(201, response.StatusCode);
        var body = Body(response, InvoiceScannerJsonContext.Default.CreateInvoiceResponse);
        Assert.Equal("AWAITING_UPLOAD", body.Status);
        Assert.Equal("PUT", body.Upload.Method);
        Assert.Equal("application/pdf", body.Upload.Headers["Content-Type"]);
        Assert.Equal($"/invoices/{body.InvoiceId}", response.Headers!["location"]);
        var stored = Assert.Single(Invoices.All);
        Assert.Equal("user-alice", stored.UserId);
        Assert.Equal($"uploads/user-alice/{body.InvoiceId}/My Invoice (2).pdf", stored.UploadKey);
    }

    [Fact]
    public async Task Requests_without_a_verified_sub_are_401_and_change_nothing()
    {
        var response = await Upload().HandleAsync(Events.Http("post-invoice.json").As(null), Context);

        Assert.Equal(401, response.StatusCode);
        Assert.Equal(ErrorCodes.Unauthorized, Body(response, InvoiceScannerJsonContext.Default.ErrorResponse).Error.Code);
        Assert.Empty(Invoices.All);
    }

    [Fact]
    public async Task Past_the_users_quota_the_answer_is_429_with_retry_after_and_nothing_is_created()
    {
        var quota = new InMemoryUploadQuota();
        var handler = new UploadPresignHandler(new InvoiceUploads(Invoices, new FakeUploadUrlSigner(), Clock,
            new UploadSettings { UploadsPerMinute = 1, UploadsPerDay = 0 }, quota));
        Assert.Equal(201, (await handler.HandleAsync(Events.Http("post-invoice.json"), Context)).StatusCode);

        var response = await handler.HandleAsync(Events.Http("post-invoice.json"), Context);

        Assert.Equal(429, response.StatusCode);
        var error = Body(response, InvoiceScannerJsonContext.Default.ErrorResponse).Error;
        Assert.Equal((ErrorCodes.RateLimited, "minute", "1"), (error.Code, error.Details!["window"], error.Details["limit"]));
        Assert.True(int.Parse(response.Headers!["retry-after"], System.Globalization.CultureInfo.InvariantCulture) is >= 1 and <= 60);
        Assert.Single(Invoices.All);
    }

    [Theory]
    [InlineData("{not json", ErrorCodes.BadRequest)]
    [InlineData("{\"fileName\":\"x.exe\",\"contentType\":\"application/octet-stream\"}", ErrorCodes.ValidationFailed)]
    [InlineData("{\"fileName\":42}", ErrorCodes.BadRequest)]
    [InlineData("{\"fileName\":\"a.pdf\"}", ErrorCodes.ValidationFailed)]
    [InlineData("{\"fileName\":\"a.pdf\",\"size\":\"12\"}", ErrorCodes.BadRequest)]
    public async Task Bad_bodies_are_400_with_a_code_and_the_request_id(string body, string code)
    {
        var request = Events.Http("post-invoice.json");
        request.Body = body;

        var response = await Upload().HandleAsync(request, Context);

        Assert.Equal(400, response.StatusCode);
        var error = Body(response, InvoiceScannerJsonContext.Default.ErrorResponse).Error;
        Assert.Equal(code, error.Code);
        Assert.Equal(Context.AwsRequestId, error.RequestId);
        Assert.Empty(Invoices.All);
    }
}
