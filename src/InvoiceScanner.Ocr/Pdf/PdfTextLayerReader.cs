using System.Globalization;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Ocr.Parsing;
using InvoiceScanner.Ocr.Processes;

namespace InvoiceScanner.Ocr.Pdf;

/// <summary>
/// A PDF's page count (<c>pdfinfo</c>) and text layer with word boxes (<c>pdftotext -bbox-layout</c>), and whether a
/// page's text layer is worth keeping or the page must be recognised from pixels.
/// </summary>
internal sealed class PdfTextLayerReader(ToolRunner runner, TimeSpan toolTimeout, int minWordsPerPage)
{
    public async Task<int> CountPagesAsync(string pdfPath, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(Tool.PdfInfo, [pdfPath], toolTimeout, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            var reason = result.StandardErrorTail.Contains("Incorrect password", StringComparison.OrdinalIgnoreCase)
                ? "The PDF is password-protected."
                : "The PDF could not be read (damaged or not a PDF).";
            throw new DocumentRejectedException(ErrorCodes.UnreadablePdf, $"{reason} pdfinfo: {ToolRunner.Summarise(result.StandardErrorTail)}");
        }

        foreach (var line in result.StandardOutputText.Split('\n'))
        {
            if (line.StartsWith("Pages:", StringComparison.Ordinal)
                && int.TryParse(line.AsSpan("Pages:".Length).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pages))
            {
                if (pages < 1)
                    throw new DocumentRejectedException(ErrorCodes.UnreadablePdf, "The PDF has no pages.");
                return pages;
            }
        }

        throw new DocumentRejectedException(ErrorCodes.UnreadablePdf, $"pdfinfo reported no page count. {ToolRunner.Summarise(result.StandardErrorTail)}".Trim());
    }

    /// <summary>The text layer, or null when the PDF forbids text extraction (then every page is OCR'd).</summary>
    public async Task<OcrDocument?> ReadAsync(string pdfPath, int pageCount, CancellationToken cancellationToken)
    {
        string[] arguments = ["-bbox-layout", "-enc", "UTF-8", "-f", "1", "-l", pageCount.ToString(CultureInfo.InvariantCulture), pdfPath, "-"];
        var result = await runner.RunAsync(Tool.PdfToText, arguments, toolTimeout, cancellationToken).ConfigureAwait(false);
        const int PermissionDenied = 3;
        if (result.ExitCode == PermissionDenied) return null;
        if (result.ExitCode != 0)
            throw new DocumentRejectedException(ErrorCodes.UnreadablePdf, $"The PDF text could not be read. pdftotext: {ToolRunner.Summarise(result.StandardErrorTail)}");
        return PdfToTextBboxParser.Parse(result.StandardOutputText);
    }

    public bool HasUsableText(OcrPage page) => HasUsableText(page, minWordsPerPage);

    /// <summary>Whether a page's text layer is kept as it is, or the page is read from pixels.</summary>
    public static bool HasUsableText(OcrPage page, int minWordsPerPage) =>
        WordCount(page) >= Math.Max(1, minWordsPerPage) && !IsGarbled(page);

    /// <summary>Fonts without a Unicode mapping come out as control or private-use characters: such text is useless.</summary>
    public static bool IsGarbled(OcrPage page)
    {
        var characters = 0;
        var garbage = 0;
        foreach (var c in page.Lines.SelectMany(l => l.Words).SelectMany(w => w.Text))
        {
            characters++;
            if (char.IsControl(c) || c == '\uFFFD' || char.GetUnicodeCategory(c) == UnicodeCategory.PrivateUse) garbage++;
        }

        return garbage * 10 > characters * 3;
    }

    public static int WordCount(OcrPage page) => page.Lines.Sum(l => l.Words.Count);
}
