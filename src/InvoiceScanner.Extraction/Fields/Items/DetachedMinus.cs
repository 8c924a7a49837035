using InvoiceScanner.Extraction.Layout;
using InvoiceScanner.Extraction.Parsing;

namespace InvoiceScanner.Extraction.Fields.Items;

/// <summary>
/// An amount printed with its minus apart, alone before it in its own cell ("- 5,00" in an allowance row): a deduction.
/// The amount parser reads only a minus joined to the number; a dash elsewhere on a row is as often a separator.
/// </summary>
internal static class DetachedMinus
{
    public static bool Before(AnalyzedRow row, AmountMatch amount)
    {
        var line = row.Row.LineAt(amount.Start);
        var cellStart = row.Row.OffsetOf(line);
        if (amount.Value <= 0 || amount.Start < cellStart)
            return false;
        return row.Text[cellStart..amount.Start].Trim() is "-" or "−" or "–";
    }

    /// <summary>The amount, negated where its cell prints a minus apart before it.</summary>
    public static AmountMatch Signed(AnalyzedRow row, AmountMatch amount) => Before(row, amount) ? amount with { Value = -amount.Value } : amount;
}
