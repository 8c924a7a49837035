using System.Text.Json;
using InvoiceScanner.Core;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.Core.Storage;
using InvoiceScanner.TestSupport;
using InvoiceScanner.TestSupport.Fakes;

namespace ReviewInvoice.Tests;

/// <summary>DELETE /invoices/{id} and DELETE /me (events/delete-invoice.json, delete-me.json).</summary>
public class ErasureTests : ReviewTestBed
{
    private const string Bob = "user-bob";

    private Task<ProcessingOutcome> ExtractAsync() =>
        new ExtractionProcessor(Invoices, new InvoiceScanner.Storage.S3.S3OcrResultStore(Objects), new ScriptedExtractor(_ => MachineResult()),
            ExtractionOptions.Default, Clock, new ProcessingSettings { FunctionName = "ExtractDataFunction" }).ExtractAsync(OcrKey, CancellationToken.None);

    [Fact]
    public async Task Deleting_an_invoice_answers_204_and_then_it_is_not_found_like_any_missing_invoice()
    {
        await SeedReadAsync();

        var deleted = await Handler().HandleAsync(DeleteInvoice(), Context);
        var again = await Handler().HandleAsync(DeleteInvoice(), Context);
        var patch = await Handler().HandleAsync(Patch("""{"fields":{"total":119}}""", "\"v3\""), Context);
        var unknown = await Handler().HandleAsync(DeleteInvoice(InvoiceId.New(Clock.Now)), Context);

        Assert.Equal(204, deleted.StatusCode);
        Assert.True(string.IsNullOrEmpty(deleted.Body));
        Assert.Empty(Invoices.PartitionItems(Alice));
        Assert.Empty(Objects.Objects);
        Assert.Equal((404, ErrorCodes.NotFound), (again.StatusCode, Error(again).Code));
        Assert.Equal(Context.AwsRequestId, Error(again).RequestId);
        Assert.Equal((404, ErrorCodes.NotFound), (patch.StatusCode, Error(patch).Code));
        Assert.Equal((404, ErrorCodes.NotFound), (unknown.StatusCode, Error(unknown).Code));
    }

    [Fact]
    public async Task Another_users_invoice_is_not_found_for_users_and_operators_alike_and_stays()
    {
        await SeedReadAsync();

        var bob = await Handler().HandleAsync(DeleteInvoice().As(Bob), Context);
        var olga = await Handler().HandleAsync(AsOperator(DeleteInvoice()), Context);
        var malformed = await Handler().HandleAsync(DeleteInvoice("not-an-id"), Context);

        Assert.Equal((404, 404), (bob.StatusCode, olga.StatusCode));
        Assert.Equal(Error(bob).Message, Error(olga).Message);
        Assert.DoesNotContain("user-alice", bob.Body!, StringComparison.Ordinal);
        Assert.Equal((400, ErrorCodes.ValidationFailed), (malformed.StatusCode, Error(malformed).Code));
        Assert.NotNull(await Invoices.GetAsync(Alice, SampleInvoiceId, CancellationToken.None));
        Assert.Equal(2, Objects.Objects.Count);
    }

    [Fact]
    public async Task An_erasure_that_failed_midway_hides_the_invoice_from_the_pipeline_and_its_retry_finishes()
    {
        await SeedReadAsync(InvoiceStatus.OcrComplete);
        Invoices.FailNextInvoiceItemDelete = true;

        var failed = await Handler().HandleAsync(DeleteInvoice(), Context);
        var extraction = await ExtractAsync();
        var retried = await Handler().HandleAsync(DeleteInvoice(), Context);

        Assert.Equal((500, ErrorCodes.Internal), (failed.StatusCode, Error(failed).Code));
        Assert.Equal(OutcomeKind.Skipped, extraction.Kind); // the claim of an invoice being erased fails
        Assert.Equal(204, retried.StatusCode);
        Assert.Empty(Invoices.PartitionItems(Alice));
    }

    [Fact]
    public async Task Deleting_me_erases_the_callers_partition_and_prefixes_and_nobody_elses()
    {
        await SeedReadAsync();
        await SeedAsync(Alice, InvoiceId.New(Clock.Now.AddMinutes(1)));
        await SeedAsync(Bob, InvoiceId.New(Clock.Now.AddMinutes(2)));
        Invoices.AddPartitionItem(Alice, "VENDOR#vat:DE123456789");
        await Objects.PutAsync(ObjectKeys.Upload(Bob, SampleInvoiceId, "b.pdf"), "%PDF"u8.ToArray(), "application/pdf", CancellationToken.None);

        var response = await Handler().HandleAsync(DeleteMe(), Context);
        var again = await Handler().HandleAsync(DeleteMe(), Context);

        Assert.Equal((204, 204), (response.StatusCode, again.StatusCode));
        Assert.Empty(Invoices.PartitionItems(Alice));
        Assert.NotEmpty(Invoices.PartitionItems(Bob));
        Assert.Equal([ObjectKeys.Upload(Bob, SampleInvoiceId, "b.pdf")], Objects.Objects.Keys);
    }

    [Fact]
    public async Task Deleting_me_without_time_left_answers_202_erasing_and_the_next_call_finishes()
    {
        await SeedReadAsync();
        Context.RemainingTime = ReviewInvoiceHandler.StopBeforeDeadline - TimeSpan.FromMilliseconds(500);

        var partial = await Handler().HandleAsync(DeleteMe(), Context);
        Context.RemainingTime = TimeSpan.FromMinutes(1);
        var done = await Handler().HandleAsync(DeleteMe(), Context);

        Assert.Equal(202, partial.StatusCode);
        Assert.Equal("1", partial.Headers!["retry-after"]);
        var status = JsonSerializer.Deserialize(partial.Body!, InvoiceScannerJsonContext.Default.ErasureStatusResponse)!;
        Assert.Equal("ERASING", status.Status);
        Assert.Contains("again", status.Message, StringComparison.Ordinal);
        Assert.Equal(204, done.StatusCode);
        Assert.Empty(Invoices.PartitionItems(Alice));
        Assert.Empty(Objects.Objects);
    }
}
