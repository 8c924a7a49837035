using InvoiceScanner.Extraction.Fields;
using InvoiceScanner.Extraction.Layout;
using InvoiceScanner.Extraction.Learning;

namespace InvoiceScanner.Extraction.Datasets;

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
            if (text.Length >= 2 && c.Length > 0 && (c.Contains(text, StringComparison.Ordinal) || (stripped.Length >= 3 && c.Contains(stripped, StringComparison.Ordinal) && stripped.Length * 2 >= c.Length) || (text.Contains(c, StringComparison.Ordinal) && c.Length * 3 >= text.Length * 2)))
                labels.Add(LineClass.Company);
            else if (text.Length >= 3 && a.Length > 0 && a.Contains(text.TrimEnd(',', '.'), StringComparison.Ordinal))
                labels.Add(LineClass.Address);
            else
                labels.Add(LineClass.Other);
        }
        return labels;
    }

    public static string Squash(string? s) =>
        s is null ? "" : string.Concat(s.Where(ch => !char.IsWhiteSpace(ch))).ToUpperInvariant();
}
