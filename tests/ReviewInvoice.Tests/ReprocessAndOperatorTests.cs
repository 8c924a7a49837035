using System.Text.Json;
using InvoiceScanner.Core;
using InvoiceScanner.Core.Api;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.Core.Storage;
using InvoiceScanner.TestSupport.Fakes;

namespace ReviewInvoice.Tests;

/// <summary>POST /invoices/{id}/reprocess, late events, and operators changing any user's invoice.</summary>
public class ReprocessAndOperatorTests : ReviewTestBed
{
    /// <summary>ExtractData as the S3 event of the OCR result runs it (the engine reads the same as before).</summary>
    private Task<ProcessingOutcome> ExtractAgainAsync() =>
        new ExtractionProcessor(Invoices, new StubOcrResults(), new ScriptedExtractor(_ => MachineResult()), ExtractionOptions.Default, Clock,
            new ProcessingSettings { FunctionName = "ExtractDataFunction" }).ExtractAsync(OcrKey, CancellationToken.None);

    private sealed class StubOcrResults : InvoiceScanner.Core.Ports.IOcrResultStore
    {
        public Task<InvoiceScanner.Core.Documents.OcrDocument?> LoadAsync(string key, CancellationToken cancellationToken) =>
            Task.FromResult<InvoiceScanner.Core.Documents.OcrDocument?>(Documents.FromLines("Total 120,00 EUR"));

        public Task SaveAsync(string key, InvoiceScanner.Core.Documents.OcrDocument document, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Fact]
    public async Task Reprocessing_structures_the_stored_ocr_again_and_a_persons_corrections_survive()
    {
        await SeedReadAsync();
        await Handler().HandleAsync(Patch("""{"fields":{"total":119}}""", await ETagAsync()), Context);

        var response = await Handler().HandleAsync(Reprocess(), Context);
        var queued = await StoredAsync();
        var outcome = await ExtractAgainAsync();

        Assert.Equal(202, response.StatusCode);
        Assert.Equal(InvoiceStatus.OcrComplete, queued.Status);
        Assert.Equal([OcrKey], Objects.Touched);
        Assert.Equal(OutcomeKind.Processed, outcome.Kind);
        var view = InvoiceViews.Detail(await StoredAsync());
        Assert.Equal((119m, "person"), (view.Fields!.Total!.Value, view.Fields.Total.Source));
        // Judged as it reads with the person's total: only the engine's doubt about the vendor is left.
        Assert.Equal(("NEEDS_REVIEW", "LOW_CONFIDENCE"), (view.Status, view.ReviewReasons!.Single().Code));
    }

    [Fact]
    public async Task Reprocessing_can_discard_corrections_and_read_the_file_again()
    {
        await SeedReadAsync();
        await Handler().HandleAsync(Patch("""{"fields":{"total":119}}""", await ETagAsync()), Context);

        var view = JsonSerializer.Deserialize((await Handler().HandleAsync(Reprocess("""{"ocr":true,"discardCorrections":true}"""), Context)).Body!,
            InvoiceScannerJsonContext.Default.ReprocessResponse)!;

        Assert.Equal(("QUEUED", true), (view.Invoice.Status, view.Started));
        Assert.Null(view.Invoice.Corrections);
        Assert.Equal([ObjectKeys.Upload(Alice, SampleInvoiceId, "My Invoice (2).pdf")], Objects.Touched);
    }

    [Fact]
    public async Task A_repeated_idempotency_key_starts_nothing_twice_and_a_different_request_under_it_is_refused()
    {
        await SeedReadAsync(InvoiceStatus.Completed);

        var first = await Handler().HandleAsync(Reprocess(key: "k-1"), Context);
        var repeat = await Handler().HandleAsync(Reprocess(key: "k-1"), Context);
        var other = await Handler().HandleAsync(Reprocess("""{"ocr":true}""", key: "k-1"), Context);
        var busy = await Handler().HandleAsync(Reprocess(key: "k-2"), Context);

        Assert.Equal((202, 202), (first.StatusCode, repeat.StatusCode));
        Assert.False(JsonSerializer.Deserialize(repeat.Body!, InvoiceScannerJsonContext.Default.ReprocessResponse)!.Started);
        Assert.Single(Objects.Touched);
        Assert.Equal((409, ErrorCodes.IdempotencyKeyReused), (other.StatusCode, Error(other).Code));
        Assert.Equal((409, ErrorCodes.NotReprocessable), (busy.StatusCode, Error(busy).Code));
    }

    [Fact]
    public async Task Reprocessing_without_the_stored_source_is_refused_and_changes_nothing()
    {
        await SeedReadAsync(InvoiceStatus.Completed);
        Objects.Objects.TryRemove(OcrKey, out _);

        var response = await Handler().HandleAsync(Reprocess(), Context);

        Assert.Equal((409, ErrorCodes.SourceGone), (response.StatusCode, Error(response).Code));
        Assert.Equal(InvoiceStatus.Completed, (await StoredAsync()).Status);
    }

    [Fact]
    public async Task A_late_or_duplicated_event_never_overwrites_an_approval_or_corrections()
    {
        await SeedReadAsync();
        await Handler().HandleAsync(Patch("""{"fields":{"total":119}}""", await ETagAsync()), Context);
        await Handler().HandleAsync(Approve(), Context);
        var approved = await StoredAsync();

        var outcome = await ExtractAgainAsync();

        Assert.Equal(OutcomeKind.Skipped, outcome.Kind);
        var after = await StoredAsync();
        Assert.Equal((InvoiceStatus.Completed, approved.Version, Alice), (after.Status, after.Version, after.Approval!.By));
        Assert.Equal(approved.Corrections, after.Corrections);
    }

    [Fact]
    public async Task An_operator_works_any_users_invoice_and_everyone_else_gets_404()
    {
        await SeedReadAsync(user: "user-bob");

        var byAlice = await Handler().HandleAsync(Patch("""{"fields":{"total":119}}""", await ETagAsync("user-bob")), Context);
        var byOperator = await Handler().HandleAsync(AsOperator(Patch("""{"fields":{"total":119}}""", await ETagAsync("user-bob"))), Context);

        Assert.Equal((404, ErrorCodes.NotFound), (byAlice.StatusCode, Error(byAlice).Code));
        Assert.Equal(200, byOperator.StatusCode);
        Assert.Equal("user-olga", View(byOperator).Fields!.Total!.CorrectedBy);
        Assert.Equal("user-bob", (await StoredAsync("user-bob")).UserId);
    }
}
