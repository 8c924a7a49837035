using InvoiceScanner.SampleInvoices.Pdf;

namespace InvoiceScanner.SampleInvoices.Layout;

/// <summary>A table column: its left (or right, for right-aligned) edge, width and alignment.</summary>
internal sealed record Column(string Header, double X, double Width, TextAlign Align = TextAlign.Left)
{
    /// <summary>The anchor the text is drawn at for its alignment.</summary>
    public double Anchor => Align switch { TextAlign.Right => X + Width, TextAlign.Center => X + Width / 2, _ => X };
}

/// <summary>Layout helpers shared by the sample renderers; each renderer still decides its own look.</summary>
internal static class Sheet
{
    /// <summary>Writes lines downward from baseline <paramref name="y"/>; returns the baseline after the last one.</summary>
    public static double Lines(PdfPageBuilder page, double x, double y, double leading, PdfFont font, double size,
        IEnumerable<string> lines, TextAlign align = TextAlign.Left, PdfColor? color = null)
    {
        foreach (var line in lines)
        {
            page.Text(x, y, line, font, size, align, color);
            y += leading;
        }

        return y;
    }

    /// <summary>Writes one table row, checking every cell fits its column (a sample must never overprint).</summary>
    public static void Row(PdfPageBuilder page, IReadOnlyList<Column> columns, double baseline, IReadOnlyList<string> cells,
        PdfFont font, double size, PdfColor? color = null)
    {
        if (cells.Count != columns.Count) throw new ArgumentException("One cell per column.", nameof(cells));
        for (var i = 0; i < columns.Count; i++)
        {
            var width = FontMetrics.Width(cells[i], font, size);
            if (width > columns[i].Width)
                throw new InvalidOperationException($"'{cells[i]}' ({width:0.#} pt) does not fit column '{columns[i].Header}' ({columns[i].Width:0.#} pt).");
            page.Text(columns[i].Anchor, baseline, cells[i], font, size, columns[i].Align, color);
        }
    }

    public static void HeaderRow(PdfPageBuilder page, IReadOnlyList<Column> columns, double baseline, PdfFont font, double size, PdfColor? color = null) =>
        Row(page, columns, baseline, columns.Select(c => c.Header).ToList(), font, size, color);

    /// <summary>A label and a right-aligned value, e.g. in a totals block.</summary>
    public static void Pair(PdfPageBuilder page, double labelX, double valueRight, double baseline, string label, string value,
        PdfFont font, double size, TextAlign labelAlign = TextAlign.Left, PdfColor? color = null)
    {
        page.Text(labelX, baseline, label, font, size, labelAlign, color);
        page.Text(valueRight, baseline, value, font, size, TextAlign.Right, color);
    }
}
