using InvoiceScanner.Extraction.Fields;
using InvoiceScanner.Extraction.Layout;
using InvoiceScanner.Extraction.Learning;

namespace InvoiceScanner.Training.Sroie;

/// <summary>
/// Training labels for header lines from a SROIE key: a line is Company when its text is part of the company
/// value (or the value plus a registration number), Address when it is part of the address value. Compared
/// without whitespace, because the keys were typed and spacing differs from the OCR.
/// </summary>
public static class SroieLabels
{
    public static IReadOnlyList<LineClass> Label(IReadOnlyList<LayoutLine> lines, string? company, string? address)
    {
        var c = Squash(company);
        var a = Squash(address);
        var labels = new List<LineClass>(lines.Count);
        foreach (var line in lines)
        {
            var text = Squash(line.Text);
            var stripped = Squash(PartyText.StripRegistration(line.Text));
            if (text.Length >= 2 && c.Length > 0 && (PartOf(text, c) || (stripped.Length >= 3 && PartOf(stripped, c) && stripped.Length * 2 >= c.Length) || (text.Contains(c, StringComparison.Ordinal) && c.Length * 3 >= text.Length * 2)))
                labels.Add(LineClass.Company);
            else if (text.Length >= 3 && a.Length > 0 && PartOf(text.TrimEnd(',', '.'), a))
                labels.Add(LineClass.Address);
            else
                labels.Add(LineClass.Other);
        }
        return labels;
    }

    /// <summary>
    /// True when <paramref name="part"/> occurs in <paramref name="whole"/> with at most ~15 % edits: keys were typed
    /// by people ("NO 290, JALAN" where the OCR reads "NO 290. JALAN"), so exact containment mislabels lines.
    /// </summary>
    public static bool PartOf(string part, string whole)
    {
        if (part.Length == 0 || whole.Length == 0)
            return false;
        if (whole.Contains(part, StringComparison.Ordinal))
            return true;
        var allowed = Math.Max(1, (int)(part.Length * 0.15));
        return part.Length >= 4 && ApproximateSubstringDistance(part, whole) <= allowed;
    }

    /// <summary>Smallest edit distance between <paramref name="pattern"/> and any substring of <paramref name="text"/>.</summary>
    public static int ApproximateSubstringDistance(string pattern, string text)
    {
        var previous = new int[text.Length + 1]; // row 0: free start anywhere in text
        var current = new int[text.Length + 1];
        for (var i = 1; i <= pattern.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= text.Length; j++)
            {
                var cost = pattern[i - 1] == text[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous.Min();
    }

    public static string Squash(string? s) =>
        s is null ? "" : string.Concat(s.Where(ch => !char.IsWhiteSpace(ch))).ToUpperInvariant();
}
