using InvoiceScanner.Core;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.TestSupport;
using InvoiceScanner.TestSupport.Fakes;

namespace GetInvoices.Tests;

/// <summary>GET /invoices and GET /invoices/{id} driven by events/list-invoices.json and get-invoice.json.</summary>
public class GetInvoicesHandlerTests : HandlerTestBed
{
    private GetInvoicesHandler Get() => TestHandlers.Get(Invoices, Objects, Clock);

    [Fact]
    public async Task Get_invoice_event_returns_the_callers_invoice_with_its_fields()
    {
        await SeedAsync("user-alice", SampleInvoiceId);
        await Invoices.TransitionAsync("user-alice", SampleInvoiceId, new StatusUpdate(InvoiceStatus.Processing, Clock.Now), CancellationToken.None);
        await Invoices.TransitionAsync("user-alice", SampleInvoiceId, new StatusUpdate(InvoiceStatus.Extracting, Clock.Now), CancellationToken.None);
        await Invoices.TransitionAsync("user-alice", SampleInvoiceId,
            new StatusUpdate(InvoiceStatus.Completed, Clock.Now) { Result = Documents.Result(4.11m, "USD") }, CancellationToken.None);

        var response = await Get().HandleAsync(Events.Http("get-invoice.json"), Context);

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

        var response = await Get().HandleAsync(Events.Http("get-invoice.json"), Context);

        Assert.Equal(404, response.StatusCode);
        Assert.Equal(ErrorCodes.NotFound, Body(response, InvoiceScannerJsonContext.Default.ErrorResponse).Error.Code);
    }

    [Fact]
    public async Task A_failed_invoice_shows_its_failure_reason()
    {
        await SeedAsync("user-alice", SampleInvoiceId);
        await Invoices.TransitionAsync("user-alice", SampleInvoiceId,
            new StatusUpdate(InvoiceStatus.Failed, Clock.Now) { Failure = new ProcessingFailure(ErrorCodes.UnsupportedType, "a ZIP", Clock.Now) },
            CancellationToken.None);

        var view = Body(await Get().HandleAsync(Events.Http("get-invoice.json"), Context), InvoiceScannerJsonContext.Default.InvoiceView);

        Assert.Equal("FAILED", view.Status);
        Assert.Equal(ErrorCodes.UnsupportedType, view.Failure!.Code);
    }

    [Fact]
    public async Task Listing_is_newest_first_paginated_and_only_the_callers()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            Clock.Advance(TimeSpan.FromSeconds(1));
            var id = InvoiceId.New(Clock.Now);
            ids.Add(id);
            await SeedAsync("user-alice", id, InvoiceStatus.Processing);
        }
        await SeedAsync("user-bob", InvoiceId.New(Clock.Now), InvoiceStatus.Processing);

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var request = Events.Http("list-invoices.json");
            request.QueryStringParameters = new() { ["limit"] = "2" };
            if (cursor is not null) request.QueryStringParameters["cursor"] = cursor;
            var page = Body(await Get().HandleAsync(request, Context), InvoiceScannerJsonContext.Default.InvoiceListResponse);
            Assert.True(page.Items.Count <= 2);
            seen.AddRange(page.Items.Select(i => i.InvoiceId));
            cursor = page.NextCursor;
        } while (cursor is not null);

        Assert.Equal(Enumerable.Reverse(ids), seen);
    }

    [Fact]
    public async Task Listing_filters_by_status()
    {
        await SeedAsync("user-alice", InvoiceId.New(Clock.Now), InvoiceStatus.Processing);
        Clock.Advance(TimeSpan.FromSeconds(1));
        await SeedAsync("user-alice", InvoiceId.New(Clock.Now));

        var request = Events.Http("list-invoices.json");
        request.QueryStringParameters = new() { ["status"] = "awaiting_upload" };
        var page = Body(await Get().HandleAsync(request, Context), InvoiceScannerJsonContext.Default.InvoiceListResponse);

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

        var response = await Get().HandleAsync(request, Context);

        Assert.Equal(400, response.StatusCode);
        Assert.Contains(name, Body(response, InvoiceScannerJsonContext.Default.ErrorResponse).Error.Details!.Keys);
    }

    [Fact]
    public async Task A_malformed_id_is_400()
    {
        var request = Events.Http("get-invoice.json");
        request.PathParameters = new() { ["id"] = "../../etc" };
        Assert.Equal(400, (await Get().HandleAsync(request, Context)).StatusCode);
    }
}
