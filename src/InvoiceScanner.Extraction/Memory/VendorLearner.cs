using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Memory;
using InvoiceScanner.Core.Review;
using InvoiceScanner.Extraction.Fields;
using InvoiceScanner.Extraction.Parsing;

namespace InvoiceScanner.Extraction.Memory;

/// <summary>
/// Learns from an approved invoice where its vendor prints each field: every approved value is looked up on the
/// invoice's OCR document (<see cref="ValueLocator"/>) and each printing gives a hint — the label it was printed under
/// and its place on the page. Values are never kept, only where they stood.
/// </summary>
public static class VendorLearner
{
    /// <summary>A value printed under more labels than this is a common number (a line amount, a year), not a field's place.</summary>
    private const int MaxHintsPerField = 4;

    public static IReadOnlyList<FieldHint> Learn(OcrDocument document, VendorMemory memory, ExtractionOptions? options = null)
    {
        var context = new ExtractionContext(document, options ?? ExtractionOptions.Default);
        var lastPage = document.Pages.Count == 0 ? 0 : document.Pages.Max(p => p.Number);
        var hints = new List<FieldHint>();
        foreach (var (wireName, canonical) in memory.Fields.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (canonical == "null" || CorrectableFields.Find(wireName) is not { } field || MemorySlots.Find(field.Name) is not { } slot)
                continue;
            hints.AddRange(HintsFor(context, slot, canonical, lastPage));
        }
        return hints;
    }

    private static List<FieldHint> HintsFor(ExtractionContext context, MemorySlot slot, string canonical, int lastPage)
    {
        List<(ValueSpot Spot, DateOrder? Order)> spots;
        try
        {
            spots = ValueLocator.Locate(context, slot.Kind, canonical).ToList();
        }
        catch (FormatException)
        {
            return [];
        }
        var hints = new List<FieldHint>();
        foreach (var (spot, order) in spots)
        {
            if (SpotLabels.Of(context, spot) is not var (label, direction))
                continue;
            var key = SpotLabels.Key(label);
            if (key.Length < 2 || !LabelRoles.Fits(slot.Name, label) || hints.Any(h => h.LabelKey == key && h.Direction == direction))
                continue;
            hints.Add(Hint(slot, spot, label, key, direction, order, lastPage));
        }
        return hints.Count > MaxHintsPerField ? [] : hints;
    }

    private static FieldHint Hint(MemorySlot slot, ValueSpot spot, string label, string key, HintDirection direction, DateOrder? order, int lastPage)
    {
        var text = spot.Row.Text.Substring(spot.Start, spot.Length);
        var hasDigit = text.Any(char.IsDigit);
        var box = spot.Box;
        // Totals follow the items down to the last page; header fields stay on the page they were on.
        var onLastPage = spot.Page == lastPage && (spot.Page > 1 || slot.Kind == ValueKind.Amount);
        return new FieldHint(slot.Name, slot.Kind, label, key, direction, spot.Page, onLastPage, box.Left, box.Right, box.CenterY)
        {
            Words = RowWords.Of(text).Count,
            ToCellEnd = slot.IsName,
            HasDigit = hasDigit && !slot.IsName,
            Decimals = slot.Kind == ValueKind.Amount ? spot.Row.Amounts.FirstOrDefault(a => a.Start == spot.Start)?.DecimalDigits : null,
            Order = order,
        };
    }
}
