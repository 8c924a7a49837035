using InvoiceScanner.Extraction.Layout;

namespace InvoiceScanner.Extraction.Fields.Parties;

/// <summary>Lines taken into the name run that are not part of the name: a repeated logo line, a labelled message.</summary>
internal static class NameRunCleanup
{
    /// <summary>
    /// A line of a multi-line name that starts with a label ("WARNING: ...") is a message printed near the name, not
    /// part of it, and so is the value printed beside a label box ("WARNING:" | "PAPER LOW"); a labelled line naming a
    /// legal entity ("DIMILIKI: ... SDN BHD") stays.
    /// </summary>
    internal static void DropLabelledLines(IReadOnlyList<LayoutLine> lines, List<int> run)
    {
        for (var k = run.Count - 1; k >= 0 && run.Count > 1; k--)
        {
            var text = lines[run[k]].Text.Trim();
            if (text.EndsWith(':') && k + 1 < run.Count && SameRow(lines[run[k]], lines[run[k + 1]]) && !LegalNames.LegalFormRegex().IsMatch(lines[run[k + 1]].Text))
                run.RemoveAt(k + 1);
            if (run.Count > 1 && (text.EndsWith(':') || LegalNames.NameLabelRegex().IsMatch(text) && LegalNames.StripNameLabel(text) == text))
                run.RemoveAt(k);
        }

        static bool SameRow(LayoutLine a, LayoutLine b) =>
            Math.Min(a.Box.Bottom, b.Box.Bottom) - Math.Max(a.Box.Top, b.Box.Top) >= 0.5 * Math.Min(a.Box.Height, b.Box.Height);
    }

    /// <summary>A logo line repeated inside the full name below it ("LAVENDER" over "LAVENDER CONFECTIONERY") is dropped.</summary>
    internal static void DropRepeatedLines(IReadOnlyList<LayoutLine> lines, List<int> run)
    {
        for (var k = run.Count - 1; k >= 0 && run.Count > 1; k--)
        {
            var text = lines[run[k]].Text.Trim();
            var repeated = run.Where(o => o != run[k]).Any(o =>
            {
                var other = lines[o].Text.Trim();
                return other.Length > text.Length && other.Contains(text, StringComparison.OrdinalIgnoreCase);
            });
            if (repeated)
                run.RemoveAt(k);
        }
    }
}
