using System.Text.Json;
using InvoiceScanner.Core;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Review;
using InvoiceScanner.TestSupport;
using InvoiceScanner.TestSupport.Fakes;

namespace GetInvoices.Tests;

/// <summary>The review loop's read routes: GET /invoices/{id}/history, GET /review, the ETag, operators reading any invoice.</summary>
public class ReviewReadTests : ReadInvoiceTestBed
{
    private GetInvoicesHandler Get() => TestHandlers.Get(Invoices, Objects, Clock);

    private InvoiceReview Review => new(Invoices, Clock);

    [Fact]
    public async Task History_lists_every_change_with_who_made_it_oldest_first_and_pages()
    {
        await SeedReadAsync();
        await Review.CorrectAsync(Actor.User(Alice), SampleInvoiceId, await ETagAsync(),
            CorrectionRequest.Parse("""{"fields":{"total":119}}"""), CancellationToken.None);
        await Review.ApproveAsync(Actor.Operator("user-olga"), SampleInvoiceId, null, new ApprovalRequest(), CancellationToken.None);

        var all = new List<InvoiceScanner.Core.Api.HistoryEntryView>();
        string? cursor = null;
        do
        {
            var request = Events.Http("get-invoice-history.json");
            request.QueryStringParameters = new() { ["limit"] = "3" };
            if (cursor is not null) request.QueryStringParameters["cursor"] = cursor;
            var page = JsonSerializer.Deserialize((await Get().HandleAsync(request, Context)).Body!, InvoiceScannerJsonContext.Default.HistoryResponse)!;
            Assert.True(page.Items.Count <= 3);
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(["created", "status", "status", "status", "status", "correction", "approval"], all.Select(h => h.Kind));
        var correction = all.Single(h => h.Kind == "correction");
        Assert.Equal(("total", "120", "119", Alice), (correction.Field, correction.OldValue!.Value.GetRawText(), correction.NewValue!.Value.GetRawText(), correction.Actor.Id));
        Assert.Equal(("operator", "user-olga", "COMPLETED"), (all[^1].Actor.Kind, all[^1].Actor.Id, all[^1].Status));
        Assert.Equal(1, all.Single(h => h.Status == "PROCESSING").Attempt);
        Assert.Equal(["LOW_CONFIDENCE", "TOTAL_MISMATCH"], all.Single(h => h.Status == "NEEDS_REVIEW").Result!.ReviewReasons.Order());
    }

    [Fact]
    public async Task Another_users_history_is_404_and_an_operator_reads_any_invoice_with_its_etag()
    {
        await SeedReadAsync(user: "user-bob");

        var history = await Get().HandleAsync(Events.Http("get-invoice-history.json"), Context);
        var byOperator = await Get().HandleAsync(AsOperator(Events.Http("get-invoice.json")), Context);

        Assert.Equal((404, ErrorCodes.NotFound), (history.StatusCode, Error(history).Code));
        Assert.Equal(200, byOperator.StatusCode);
        Assert.Equal(await ETagAsync("user-bob"), byOperator.Headers!["etag"]);
    }

    [Fact]
    public async Task The_review_queue_is_for_operators_and_spans_users()
    {
        await SeedReadAsync(user: "user-bob");
        var consumer = Events.Http("list-review-queue.json");
        consumer.RequestContext!.Authorizer!.Jwt!.Claims!.Remove("cognito:groups");

        var listed = await Get().HandleAsync(Events.Http("list-review-queue.json"), Context);
        var refused = await Get().HandleAsync(consumer.As(Alice), Context);

        var page = JsonSerializer.Deserialize(listed.Body!, InvoiceScannerJsonContext.Default.InvoiceListResponse)!;
        var item = Assert.Single(page.Items);
        Assert.Equal((SampleInvoiceId, "user-bob"), (item.InvoiceId, item.Owner));
        Assert.Equal(["LOW_CONFIDENCE", "TOTAL_MISMATCH"], item.ReviewReasons!.Select(r => r.Code).Order());
        Assert.Equal((403, ErrorCodes.Forbidden), (refused.StatusCode, Error(refused).Code));
        Assert.Equal(Context.AwsRequestId, Error(refused).RequestId);
    }

    [Fact]
    public async Task A_users_review_queue_lists_oldest_first_with_the_reasons()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            Clock.Advance(TimeSpan.FromSeconds(1));
            var id = InvoiceId.New(Clock.Now);
            ids.Add(id);
            await SeedAsync(Alice, id, InvoiceStatus.Processing);
            await Invoices.TransitionAsync(Alice, id, new StatusUpdate(InvoiceStatus.Extracting, Clock.Now), CancellationToken.None);
            await Invoices.TransitionAsync(Alice, id, new StatusUpdate(InvoiceStatus.NeedsReview, Clock.Now) { Result = MachineResult() }, CancellationToken.None);
        }
        var request = Events.Http("list-invoices.json");
        request.QueryStringParameters = new() { ["status"] = "NEEDS_REVIEW", ["order"] = "oldest" };
        var wrongOrder = Events.Http("list-invoices.json");
        wrongOrder.QueryStringParameters = new() { ["order"] = "sideways" };

        var page = JsonSerializer.Deserialize((await Get().HandleAsync(request, Context)).Body!, InvoiceScannerJsonContext.Default.InvoiceListResponse)!;
        var refused = await Get().HandleAsync(wrongOrder, Context);

        Assert.Equal(ids, page.Items.Select(i => i.InvoiceId));
        Assert.All(page.Items, i => Assert.Contains(i.ReviewReasons!, r => r.Code == "TOTAL_MISMATCH"));
        Assert.Equal((400, "order"), (refused.StatusCode, Error(refused).Details!.Keys.Single()));
    }
}
