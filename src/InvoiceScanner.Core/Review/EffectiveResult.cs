using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Validation;

namespace InvoiceScanner.Core.Review;

/// <summary>
/// The invoice as it now reads: the engine's result with a person's corrections put in place and validated again. The
/// checks that look at the values alone (totals, missing fields, an ambiguous date) are decided anew; the engine's
/// doubts (low confidence, e-invoice rules) stand unless a person set the field they are about.
/// </summary>
public static class EffectiveResult
{
    public const string PersonEngine = "person";

    public static ExtractionResult? Of(InvoiceRecord invoice) =>
        invoice.Corrections.Count == 0 && invoice.LineItemsCorrection is null
            ? invoice.Result
            : Apply(invoice.Result, invoice.Corrections, invoice.LineItemsCorrection);

    public static ExtractionResult Apply(ExtractionResult? machine, IReadOnlyList<FieldCorrection> corrections, LineItemsCorrection? items)
    {
        var basis = machine ?? new ExtractionResult(new InvoiceFields(), [], [], 0, PersonEngine);
        var fields = basis.Fields;
        foreach (var correction in corrections)
        {
            if (CorrectableFields.Find(correction.Field) is { } field)
                fields = field.Apply(fields, correction.Value, correction.By, correction.At);
        }
        var lineItems = items?.Items ?? basis.LineItems;
        var corrected = corrections.Select(c => CorrectableFields.Find(c.Field)?.Name).OfType<string>().ToHashSet(StringComparer.Ordinal);
        if (items is not null)
            corrected.UnionWith(CorrectableFields.LineItem.Select(c => c.Name));
        return basis with
        {
            Fields = fields,
            LineItems = lineItems,
            ReviewReasons = Revalidate(basis, fields, lineItems, corrected),
        };
    }

    private static List<ReviewReason> Revalidate(ExtractionResult machine, InvoiceFields fields, IReadOnlyList<LineItem> items, HashSet<string> corrected)
    {
        // A threshold of 0 asks no confidence: the engine's own LOW_CONFIDENCE reasons are kept below where still due.
        var checks = InvoiceValidator.Validate(fields, items, new ExtractionOptions(ReviewThreshold: 0), machine.Addressed)
            .Where(r => ReviewCodes.IsCheck(r.Code));
        var doubts = machine.ReviewReasons.Where(r => !ReviewCodes.IsCheck(r.Code) && (r.Field is null || !corrected.Contains(r.Field)));
        return [.. checks, .. doubts];
    }

    /// <summary>The status a stored result leaves the invoice in: review while any reason stands.</summary>
    public static InvoiceStatus StatusFor(ExtractionResult result) => result.NeedsReview ? InvoiceStatus.NeedsReview : InvoiceStatus.Completed;
}
