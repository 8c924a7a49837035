using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Memory;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Validation;

namespace InvoiceScanner.Core.Review;

/// <summary>An approval request: blocking review reasons are accepted only with <see cref="Override"/> and a reason.</summary>
public sealed record ApprovalRequest(bool Override = false, string? Reason = null);

/// <summary>
/// A person's side of the review loop: correct fields and line items (each correction keeps the engine's value), and
/// approve. Every change is checked against the version the person saw and recorded in the history with who made it.
/// An approval teaches the owner's vendor memory, so the vendor's next invoice is read with it.
/// </summary>
public sealed class InvoiceReview(IInvoiceRepository invoices, TimeProvider clock, IVendorMemoryStore? memory = null)
{
    public const int MaxOverrideReason = 1000;

    /// <param name="ifMatch">The If-Match header as sent; a change without it is refused (428).</param>
    public async Task<InvoiceRecord> CorrectAsync(Actor actor, string invoiceId, string? ifMatch, CorrectionRequest request, CancellationToken cancellationToken)
    {
        var invoice = await invoices.FindAsync(actor, invoiceId, cancellationToken);
        if (!invoice.Status.IsCorrectable())
            throw new ReviewRefusedException(Refusal.Conflict, ErrorCodes.NotCorrectable,
                $"The invoice is {invoice.Status.ToWire()}; it can be corrected once it is read (COMPLETED, NEEDS_REVIEW or FAILED).");
        RequireVersion(invoice, ifMatch);

        var now = clock.GetUtcNow();
        var before = EffectiveResult.Of(invoice);
        var history = new List<HistoryEntry>();
        var corrections = invoice.Corrections.ToList();
        foreach (var (field, value) in request.Fields)
        {
            var old = before is null ? "null" : field.Current(before.Fields);
            corrections.RemoveAll(c => c.Field == field.WireName);
            corrections.Add(new FieldCorrection(field.WireName, value, actor.Id, now));
            history.Add(new HistoryEntry(HistoryKinds.Correction, now, actor) { Field = field.WireName, OldValue = old, NewValue = value });
        }
        var lineItems = CorrectLineItems(invoice, before, request, actor, now, history);

        var after = EffectiveResult.Apply(invoice.Result, corrections, lineItems);
        // A person's change re-opens the question: review while a reason stands, and an approval of the old values lapses.
        var status = after.NeedsReview || invoice.Status != InvoiceStatus.Completed ? InvoiceStatus.NeedsReview : InvoiceStatus.Completed;
        if (invoice.Approval is not null)
            history.Add(new HistoryEntry(HistoryKinds.Approval, now, actor) { Detail = "approval withdrawn: the invoice was corrected after it" });
        if (status != invoice.Status)
            history.Add(new HistoryEntry(HistoryKinds.Status, now, actor) { Status = status.ToWire() });
        var updated = invoice with
        {
            Status = status,
            UpdatedAt = now,
            Version = invoice.Version + 1,
            Corrections = corrections,
            LineItemsCorrection = lineItems,
            Approval = null,
        };
        await SaveAsync(updated, invoice.Version, history, cancellationToken);
        return updated;
    }

    private static LineItemsCorrection? CorrectLineItems(InvoiceRecord invoice, ExtractionResult? before, CorrectionRequest request,
        Actor actor, DateTimeOffset now, List<HistoryEntry> history)
    {
        if (request.LineItems is { } drafts)
        {
            var replaced = drafts.Select(d => d.Cells.Aggregate(new LineItem(d.Page), (item, c) => c.Cell.Apply(item, c.Value, actor.Id, now))).ToList();
            history.Add(new HistoryEntry(HistoryKinds.LineItems, now, actor)
            {
                Detail = $"line items replaced: {before?.LineItems.Count ?? 0} before, {replaced.Count} after",
            });
            return new LineItemsCorrection(replaced, actor.Id, now);
        }
        if (request.LineItemPatches.Count == 0)
            return invoice.LineItemsCorrection;

        var items = (before?.LineItems ?? []).ToList();
        var errors = request.LineItemPatches.Where(p => p.Index >= items.Count)
            .ToDictionary(p => $"lineItemPatches.index {p.Index}", p => $"no such line item; the invoice has {items.Count} (indexes from 0)");
        if (errors.Count > 0)
            throw new ReviewRefusedException(Refusal.Invalid, ErrorCodes.ValidationFailed, "A patch names a line item the invoice does not have.", errors);
        foreach (var patch in request.LineItemPatches)
        {
            // One entry per line item, its cells as JSON objects: a change stays within one transaction's bounds.
            var old = patch.Cells.ToDictionary(c => c.Cell.WireName, c => c.Cell.Current(items[patch.Index]));
            items[patch.Index] = patch.Cells.Aggregate(items[patch.Index], (item, c) => c.Cell.Apply(item, c.Value, actor.Id, now));
            history.Add(new HistoryEntry(HistoryKinds.LineItems, now, actor)
            {
                Field = $"lineItems[{patch.Index}]",
                OldValue = CellsJson(old),
                NewValue = CellsJson(patch.Cells.ToDictionary(c => c.Cell.WireName, c => c.Value)),
            });
        }
        return new LineItemsCorrection(items, actor.Id, now);
    }

    private static string CellsJson(Dictionary<string, string> cells) =>
        "{" + string.Join(",", cells.Select(c => $"{CorrectedValues.Write(c.Key)}:{c.Value}")) + "}";

    /// <summary>NEEDS_REVIEW (or COMPLETED) → COMPLETED with who approved; blocking reasons need an override with a reason.</summary>
    public async Task<InvoiceRecord> ApproveAsync(Actor actor, string invoiceId, string? ifMatch, ApprovalRequest request, CancellationToken cancellationToken)
    {
        var invoice = await invoices.FindAsync(actor, invoiceId, cancellationToken);
        if (invoice.Status is not (InvoiceStatus.NeedsReview or InvoiceStatus.Completed))
            throw new ReviewRefusedException(Refusal.Conflict, ErrorCodes.NotApprovable,
                $"The invoice is {invoice.Status.ToWire()}; only NEEDS_REVIEW or COMPLETED invoices are approved.");
        if (ifMatch is not null)
            RequireVersion(invoice, ifMatch);
        var reason = request.Reason?.Trim();
        if (request.Override && (string.IsNullOrEmpty(reason) || reason.Length > MaxOverrideReason))
            throw new ReviewRefusedException(Refusal.Invalid, ErrorCodes.ValidationFailed, "An override needs its reason.",
                new Dictionary<string, string> { ["reason"] = $"required with override: 1 to {MaxOverrideReason} characters saying why" });

        var blocking = (EffectiveResult.Of(invoice)?.ReviewReasons ?? []).Where(r => ReviewCodes.Blocks(r.Code)).ToList();
        if (blocking.Count > 0 && !request.Override)
            throw new ReviewRefusedException(Refusal.Conflict, ErrorCodes.ApprovalBlocked,
                "Validation fails; correct the invoice, or approve with {\"override\": true, \"reason\": \"…\"}.",
                blocking.GroupBy(r => r.Code).ToDictionary(g => g.Key, g => string.Join(" ", g.Select(r => r.Message))));

        var now = clock.GetUtcNow();
        var overridden = blocking.Select(r => r.Code).Distinct().ToList();
        var approval = new Approval(actor.Id, now) { OverrideReason = overridden.Count > 0 ? reason : null, OverriddenCodes = overridden };
        var history = new List<HistoryEntry>
        {
            new(HistoryKinds.Approval, now, actor)
            {
                Status = InvoiceStatus.Completed.ToWire(),
                Reason = approval.OverrideReason,
                Detail = overridden.Count > 0 ? "approved over " + string.Join(", ", overridden) : "approved",
            },
        };
        var updated = invoice with { Status = InvoiceStatus.Completed, UpdatedAt = now, Version = invoice.Version + 1, Approval = approval };
        await SaveAsync(updated, invoice.Version, history, cancellationToken);
        await LearnAsync(updated, now, cancellationToken);
        return updated;
    }

    /// <summary>Remembers, for the invoice's owner (never the operator), what its approved values teach about its vendor.</summary>
    private async Task LearnAsync(InvoiceRecord approved, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (memory is null || EffectiveResult.Of(approved) is not { } result || VendorLearning.FromApproval(approved, result, now) is not { } learned)
            return;
        var known = await memory.FindAsync(approved.UserId, learned.Keys, cancellationToken);
        await memory.SaveAsync(VendorAccounts.KeepingAccounts(learned, known) with { Approvals = (known?.Approvals ?? 0) + 1 }, cancellationToken);
    }

    private static void RequireVersion(InvoiceRecord invoice, string? ifMatch)
    {
        if (ifMatch is null)
            throw new ReviewRefusedException(Refusal.PreconditionRequired, ErrorCodes.IfMatchRequired,
                $"Send If-Match with the ETag of the invoice you corrected (GET /invoices/{invoice.InvoiceId} gives it).");
        if (ifMatch.Trim() != "*" && InvoiceAccess.ParseETag(ifMatch) != invoice.Version)
            throw new ReviewRefusedException(Refusal.Stale, ErrorCodes.VersionMismatch,
                $"The invoice changed since that view (now {InvoiceAccess.ETag(invoice.Version)}); fetch it again and re-apply the change.");
    }

    private async Task SaveAsync(InvoiceRecord updated, long expectedVersion, IReadOnlyList<HistoryEntry> history, CancellationToken cancellationToken)
    {
        var outcome = await invoices.SaveChangeAsync(updated, expectedVersion, history, null, cancellationToken);
        if (outcome != ChangeOutcome.Applied)
            throw new ReviewRefusedException(Refusal.Stale, ErrorCodes.VersionMismatch,
                "The invoice changed while this change was being made; fetch it again and re-apply the change.");
    }
}
