using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Review;
using InvoiceScanner.Core.Validation;

namespace ReviewInvoice.Tests;

/// <summary>PATCH /invoices/{id} and POST /invoices/{id}/approve (events/patch-invoice.json, approve-invoice.json).</summary>
public class CorrectAndApproveTests : ReviewTestBed
{
    [Fact]
    public async Task A_correction_keeps_the_machine_value_says_who_and_validates_again()
    {
        await SeedReadAsync();
        var before = await StoredAsync();

        var response = await Handler().HandleAsync(Patch("""{"fields":{"total":119.00,"vendorName":"ACME Office GmbH"}}""", await ETagAsync()), Context);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(InvoiceAccess.ETag(before.Version + 1), response.Headers!["etag"]);
        var view = View(response);
        Assert.Equal((119m, "person", Alice, 120m), (view.Fields!.Total!.Value, view.Fields.Total.Source, view.Fields.Total.CorrectedBy, view.Fields.Total.Machine!.Value));
        Assert.Equal(Clock.Now, view.Fields.Total.CorrectedAt);
        Assert.Equal("ACME Office GmbH", view.Fields.VendorName!.Value);
        // The totals add up now, and the vendor's doubt went with the person's value: nothing is left to review.
        Assert.Empty(view.ReviewReasons!);
        Assert.Equal("NEEDS_REVIEW", view.Status);
        Assert.Equal(["total", "vendorName"], view.Corrections!.Select(c => c.Field).Order());
        Assert.Equal("120", view.Corrections!.Single(c => c.Field == "total").MachineValue.GetRawText());
        Assert.Equal(120m, (await StoredAsync()).Result!.Fields.Total!.Value);
    }

    [Fact]
    public async Task A_correction_that_leaves_a_doubt_keeps_it_and_clearing_a_field_is_a_correction_too()
    {
        await SeedReadAsync();

        var view = View(await Handler().HandleAsync(Patch("""{"fields":{"tax":20.00,"invoiceDate":null}}""", await ETagAsync()), Context));

        Assert.Null(view.Fields!.InvoiceDate);
        Assert.Contains(view.Corrections!, c => c.Field == "invoiceDate" && c.Value.ValueKind == System.Text.Json.JsonValueKind.Null);
        Assert.Equal([ReviewCodes.LowConfidence, ReviewCodes.MissingDate], view.ReviewReasons!.Select(r => r.Code).Order());
    }

    [Fact]
    public async Task A_change_needs_the_current_version_and_a_stale_one_changes_nothing()
    {
        await SeedReadAsync();
        var version = (await StoredAsync()).Version;

        var missing = await Handler().HandleAsync(Patch("""{"fields":{"total":119}}""", null), Context);
        var stale = await Handler().HandleAsync(Patch("""{"fields":{"total":119}}""", InvoiceAccess.ETag(version - 1)), Context);

        Assert.Equal((428, ErrorCodes.IfMatchRequired), (missing.StatusCode, Error(missing).Code));
        Assert.Equal((412, ErrorCodes.VersionMismatch), (stale.StatusCode, Error(stale).Code));
        Assert.Equal(Context.AwsRequestId, Error(stale).RequestId);
        Assert.Equal(version, (await StoredAsync()).Version);
        Assert.Empty((await StoredAsync()).Corrections);
    }

    [Theory]
    [InlineData(InvoiceStatus.AwaitingUpload)]
    [InlineData(InvoiceStatus.Processing)]
    [InlineData(InvoiceStatus.OcrComplete)]
    public async Task An_invoice_being_read_cannot_be_corrected(InvoiceStatus status)
    {
        if (status == InvoiceStatus.OcrComplete) await SeedReadAsync(status); else await SeedAsync(Alice, SampleInvoiceId, status);

        var response = await Handler().HandleAsync(Patch("""{"fields":{"total":119}}""", await ETagAsync()), Context);

        Assert.Equal((409, ErrorCodes.NotCorrectable), (response.StatusCode, Error(response).Code));
    }

    [Fact]
    public async Task Every_value_that_cannot_be_taken_is_named_and_nothing_is_changed()
    {
        await SeedReadAsync();

        var response = await Handler().HandleAsync(Patch(
            """{"fields":{"total":"119","invoiceDate":"31.12.2026","currency":"EURO","iban":"DE00 1234","nope":1,"vendorName":"ACME"},"lineItemPatches":[{"amount":3}]}""",
            await ETagAsync()), Context);

        Assert.Equal(400, response.StatusCode);
        var error = Error(response);
        Assert.Equal(ErrorCodes.ValidationFailed, error.Code);
        Assert.Equal(["fields.currency", "fields.iban", "fields.invoiceDate", "fields.nope", "fields.total", "lineItemPatches[0].index"], error.Details!.Keys.Order());
        Assert.Empty((await StoredAsync()).Corrections);
    }

    [Fact]
    public async Task Line_items_are_replaced_whole_or_patched_by_index()
    {
        await SeedReadAsync();

        var patched = View(await Handler().HandleAsync(Patch("""{"lineItemPatches":[{"index":0,"quantity":2,"unitPrice":50}]}""", await ETagAsync()), Context));
        var outOfRange = await Handler().HandleAsync(Patch("""{"lineItemPatches":[{"index":3,"amount":1}]}""", await ETagAsync()), Context);
        var replaced = View(await Handler().HandleAsync(Patch(
            """{"lineItems":[{"description":"Paper A4","amount":60},{"description":"Toner","amount":40,"page":2}]}""", await ETagAsync()), Context));

        var line = Assert.Single(patched.LineItems!);
        Assert.Equal((2m, 50m, 100m, "person"), (line.Quantity!.Value, line.UnitPrice!.Value, line.Amount!.Value, line.Quantity.Source));
        Assert.Equal((400, "lineItemPatches.index 3"), (outOfRange.StatusCode, Error(outOfRange).Details!.Keys.Single()));
        Assert.Equal(["Paper A4", "Toner"], replaced.LineItems!.Select(i => i.Description!.Value));
        Assert.Equal(2, replaced.LineItems![1].Page);
        Assert.Equal(100m, (await StoredAsync()).Result!.LineItems.Single().Amount!.Value);
        var entries = await Invoices.HistoryAsync(Alice, SampleInvoiceId, CancellationToken.None);
        var patch = Assert.Single(entries, e => e.Field == "lineItems[0]");
        Assert.Equal(("""{"quantity":null,"unitPrice":null}""", """{"quantity":2,"unitPrice":50}"""), (patch.OldValue, patch.NewValue));
        Assert.Contains(entries, e => e.Kind == HistoryKinds.LineItems && e.Detail == "line items replaced: 1 before, 2 after");
    }

    [Fact]
    public async Task Approval_over_a_blocking_failure_needs_an_override_with_its_reason()
    {
        await SeedReadAsync();

        var blocked = await Handler().HandleAsync(Approve(), Context);
        var noReason = await Handler().HandleAsync(Approve("""{"override":true}"""), Context);
        var overridden = await Handler().HandleAsync(Approve("""{"override":true,"reason":"supplier confirmed 120 by phone"}"""), Context);

        Assert.Equal((409, ErrorCodes.ApprovalBlocked), (blocked.StatusCode, Error(blocked).Code));
        Assert.Equal([ReviewCodes.TotalMismatch], Error(blocked).Details!.Keys);
        Assert.Equal((400, "reason"), (noReason.StatusCode, Error(noReason).Details!.Keys.Single()));
        var view = View(overridden);
        Assert.Equal(("COMPLETED", Alice, "supplier confirmed 120 by phone"), (view.Status, view.Approval!.By, view.Approval.OverrideReason));
        Assert.Equal([ReviewCodes.TotalMismatch], view.Approval.OverriddenCodes);
    }

    [Fact]
    public async Task A_corrected_invoice_is_approved_without_override_and_a_later_correction_withdraws_the_approval()
    {
        await SeedReadAsync();
        await Handler().HandleAsync(Patch("""{"fields":{"total":119}}""", await ETagAsync()), Context);

        var approved = View(await Handler().HandleAsync(Approve(), Context));
        Clock.Advance(TimeSpan.FromMinutes(5));
        var corrected = View(await Handler().HandleAsync(Patch("""{"fields":{"invoiceNumber":"RE-17a"}}""", await ETagAsync()), Context));

        Assert.Equal(("COMPLETED", Alice, null), (approved.Status, approved.Approval!.By, approved.Approval.OverrideReason));
        Assert.Null(corrected.Approval);
        Assert.Equal("NEEDS_REVIEW", corrected.Status);
    }

    [Theory]
    [InlineData(InvoiceStatus.Failed)]
    [InlineData(InvoiceStatus.Processing)]
    public async Task Only_a_read_invoice_is_approved(InvoiceStatus status)
    {
        await SeedAsync(Alice, SampleInvoiceId, status);

        var response = await Handler().HandleAsync(Approve(), Context);

        Assert.Equal((409, ErrorCodes.NotApprovable), (response.StatusCode, Error(response).Code));
    }

    [Fact]
    public async Task A_failed_invoice_can_be_typed_in_by_a_person_and_goes_to_review()
    {
        await SeedAsync(Alice, SampleInvoiceId, InvoiceStatus.Failed);

        var view = View(await Handler().HandleAsync(Patch(
            """{"fields":{"vendorName":"ACME","total":119,"currency":"eur","invoiceDate":"2026-11-20"}}""", await ETagAsync()), Context));

        Assert.Equal(("NEEDS_REVIEW", "EUR", "person"), (view.Status, view.Fields!.Currency!.Value, view.Engine));
        Assert.Empty(view.ReviewReasons!);
        Assert.Null(view.Fields.Total!.Machine);
    }
}
