using System.Text.RegularExpressions;
using InvoiceScanner.Core.Extraction;

namespace InvoiceScanner.Extraction.Fields.Items;

/// <summary>
/// Items whose amount is written as money (two decimals: "16,80", "$ 42.00"). A table reading that took a version number
/// ("1.0"), a garbled date ("70.2026") or a code above the table for an item is left with the money-form items, where
/// those alone add up.
/// </summary>
internal static partial class MoneyFormItems
{
    [GeneratedRegex(@"\d[.,]\d{2}(?!\d)\D*$")]
    private static partial Regex MoneyForm();

    /// <summary>The items written as money, or null when every item is (nothing to drop) or none is.</summary>
    public static IReadOnlyList<LineItem>? Keep(IReadOnlyList<LineItem> items)
    {
        var kept = items.Where(i => i.Amount is null || MoneyForm().IsMatch(i.Amount.Raw)).ToList();
        return kept.Count == items.Count || kept.Count(i => i.Amount is not null) < 1 ? null : kept;
    }
}
