using System.Net;
using InvoiceScanner.TestSupport;

namespace InvoiceScanner.IntegrationTests;

/// <summary>
/// The review loop on the local stack, as a client drives it: a scan lands in NEEDS_REVIEW, a person corrects it under
/// If-Match, approves it, reprocesses it (the stored OCR result is written over itself and ExtractData runs again on its
/// event, three times over), and the history lists it all; an operator works the queue across users.
/// </summary>
public sealed class ReviewLoopEndToEndTests(ProductStackFixture fixture) : IClassFixture<ProductStackFixture>
{
    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>A text PDF whose totals do not add up (100 + 19 printed as 120), so it needs review.</summary>
    private static byte[] MismatchedInvoice() => MinimalPdf.Build(
    [
        "Nordwind Papier GmbH", "Hafenstrasse 5, 20457 Hamburg",
        "Rechnung", "Rechnungsnummer: RE-2026-0417", "Rechnungsdatum: 20.11.2026",
        "Kopierpapier A4   100,00 EUR",
        "Nettobetrag 100,00 EUR", "MwSt 19% 19,00 EUR", "Gesamtbetrag 120,00 EUR",
    ]);

    [Fact]
    public async Task Upload_review_correct_approve_reprocess_and_the_history_lists_it_all()
    {
        var token = fixture.Stack.CreateToken("e2e-reviewer");
        var scanned = await fixture.ScanAsync(token, "mismatch.pdf", "application/pdf", MismatchedInvoice(), Cancellation);
        Assert.Equal("NEEDS_REVIEW", scanned.Status);
        Assert.Contains(scanned.ReviewReasons!, r => r.Code == "TOTAL_MISMATCH");

        var current = await fixture.Api.GetAsync(token, scanned.InvoiceId, Cancellation);
        var stale = await fixture.Api.CorrectAsync(token, scanned.InvoiceId, """{"fields":{"total":119.00}}""", "\"v1\"", Cancellation);
        var corrected = await fixture.Api.CorrectAsync(token, scanned.InvoiceId, """{"fields":{"total":119.00}}""", current.ETag, Cancellation);
        var approved = await fixture.Api.ApproveAsync(token, scanned.InvoiceId, null, Cancellation);

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.Status);
        Assert.True(corrected.Status == HttpStatusCode.OK, corrected.Text);
        Assert.Equal(("person", 120m), (corrected.Body!.Fields!.Total!.Source, corrected.Body.Fields.Total.Machine!.Value));
        Assert.DoesNotContain(corrected.Body.ReviewReasons!, r => r.Code == "TOTAL_MISMATCH");
        Assert.True(approved.Status == HttpStatusCode.OK, approved.Text);
        Assert.Equal(("COMPLETED", "e2e-reviewer"), (approved.Body!.Status, approved.Body.Approval!.By));

        var reprocess = await fixture.Api.ReprocessAsync(token, scanned.InvoiceId, null, "e2e-once", Cancellation);
        var repeat = await fixture.Api.ReprocessAsync(token, scanned.InvoiceId, null, "e2e-once", Cancellation);
        Assert.True(reprocess.Status == HttpStatusCode.Accepted, reprocess.Text);
        Assert.Equal((true, false), (reprocess.Body!.Started, repeat.Body!.Started));
        var again = await fixture.Api.WaitForTerminalAsync(token, scanned.InvoiceId, ProductStackFixture.ProcessingTimeout, Cancellation,
            () => fixture.Stack.AbandonedEventError(scanned.InvoiceId));

        // Read again with today's engines: the person's total stands; the approval lapsed with the result it approved.
        Assert.Equal((119m, "person"), (again.Fields!.Total!.Value, again.Fields.Total.Source));
        Assert.Null(again.Approval);
        var history = await fixture.Api.HistoryAsync(token, scanned.InvoiceId, Cancellation);
        Assert.True(history.Status == HttpStatusCode.OK, history.Text);
        var kinds = history.Body!.Items.Select(h => h.Kind).ToList();
        Assert.Equal("created", kinds[0]);
        Assert.Equal(1, kinds.Count(k => k == "correction"));
        Assert.Equal(1, kinds.Count(k => k == "reprocess"));
        Assert.True(kinds.IndexOf("correction") < kinds.IndexOf("approval") && kinds.IndexOf("approval") < kinds.IndexOf("reprocess"), string.Join(", ", kinds));
        // The duplicated deliveries of each event left one claim per step per run: extraction claimed twice in all.
        Assert.Equal(2, history.Body.Items.Count(h => h.Status == "EXTRACTING"));
        Assert.Contains(history.Body.Items, h => h.Actor.Kind == "function" && h.Actor.Id.Contains("ExtractData", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_approval_teaches_the_owners_memory_and_the_vendors_next_invoice_is_read_with_it()
    {
        var token = fixture.Stack.CreateToken("e2e-memory");
        var first = await fixture.ScanAsync(token, "first.pdf", "application/pdf", MismatchedInvoice(), Cancellation);
        var etag = (await fixture.Api.GetAsync(token, first.InvoiceId, Cancellation)).ETag;
        await fixture.Api.CorrectAsync(token, first.InvoiceId, """{"fields":{"total":119.00,"vendorName":"Nordwind Papier GmbH & Co. KG"}}""", etag, Cancellation);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Api.ApproveAsync(token, first.InvoiceId, null, Cancellation)).Status);

        var next = await fixture.ScanAsync(token, "next.pdf", "application/pdf", MinimalPdf.Build(
        [
            "Nordwind Papier GmbH & Co. KG", "Hafenstrasse 5, 20457 Hamburg",
            "Rechnung", "Rechnungsnummer: RE-2026-0533", "Rechnungsdatum: 02.12.2026",
            "Briefumschlaege C4   50,00 EUR",
            "Nettobetrag 50,00 EUR", "MwSt 19% 9,50 EUR", "Gesamtbetrag 59,50 EUR",
        ]), Cancellation);
        var stranger = await fixture.ScanAsync(fixture.Stack.CreateToken("e2e-memory-stranger"), "theirs.pdf", "application/pdf", MismatchedInvoice(), Cancellation);

        Assert.Equal("Nordwind Papier GmbH & Co. KG", next.Fields!.VendorName!.Value);
        Assert.Contains(next.Fields.VendorName.Trace, t => t.StartsWith("vendor memory", StringComparison.Ordinal));
        Assert.Equal(59.50m, next.Fields.Total!.Value);
        Assert.DoesNotContain(stranger.Fields!.VendorName?.Trace ?? [], t => t.StartsWith("vendor memory", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_operator_sees_the_queue_across_users_and_approves_for_them_while_a_user_may_not()
    {
        var owner = fixture.Stack.CreateToken("e2e-queue-owner");
        var operatorToken = fixture.Stack.CreateToken("e2e-operator", null, "operators");
        var scanned = await fixture.ScanAsync(owner, "queue.pdf", "application/pdf", MismatchedInvoice(), Cancellation);
        Assert.Equal("NEEDS_REVIEW", scanned.Status);

        var refused = await fixture.Api.ReviewQueueAsync(owner, Cancellation);
        var queue = await fixture.Api.ReviewQueueAsync(operatorToken, Cancellation);
        var approved = await fixture.Api.ApproveAsync(operatorToken, scanned.InvoiceId, """{"override":true,"reason":"checked with the supplier"}""", Cancellation);

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Contains("\"FORBIDDEN\"", refused.Text);
        Assert.True(queue.Status == HttpStatusCode.OK, queue.Text);
        Assert.Contains(queue.Body!.Items, i => i.InvoiceId == scanned.InvoiceId && i.Owner == "e2e-queue-owner");
        Assert.True(approved.Status == HttpStatusCode.OK, approved.Text);
        Assert.Equal(("e2e-operator", "checked with the supplier"), (approved.Body!.Approval!.By, approved.Body.Approval.OverrideReason));
        var after = await fixture.Api.ReviewQueueAsync(operatorToken, Cancellation);
        Assert.DoesNotContain(after.Body!.Items, i => i.InvoiceId == scanned.InvoiceId);
        var history = await fixture.Api.HistoryAsync(owner, scanned.InvoiceId, Cancellation);
        Assert.Equal(("operator", "e2e-operator"), (history.Body!.Items[^1].Actor.Kind, history.Body.Items[^1].Actor.Id));
    }
}
