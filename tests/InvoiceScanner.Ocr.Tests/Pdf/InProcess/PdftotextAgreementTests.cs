using InvoiceScanner.Core.Documents;
using InvoiceScanner.Ocr.Parsing;
using InvoiceScanner.Ocr.Pdf.InProcess;
using InvoiceScanner.Ocr.Tests.Support;
using InvoiceScanner.TestSupport;

namespace InvoiceScanner.Ocr.Tests.Pdf.InProcess;

/// <summary>
/// On real PDFs (../shared/datasets), the in-process text layer says what <c>pdftotext -bbox-layout</c> says: the
/// field extraction was tuned on the latter. Skipped where the datasets or pdftotext are not installed.
/// </summary>
public sealed class PdftotextAgreementTests
{
    [Theory]
    [InlineData("datasets/invoice2data/oyo.pdf")]
    [InlineData("datasets/invoice2data/AmazonWebServices.pdf")]
    [InlineData("datasets/einvoices/pdf/EN16931_Einfach.pdf")]
    [InlineData("datasets/vrdu-adbuy/pdf/0892f433-a82d-eae3-d2ae-e578edea8656.pdf")]
    [InlineData("datasets/vrdu-adbuy/pdf/348812cb-8af7-56bc-8a19-c3c4f6682392.pdf")]
    public async Task Words_and_lines_agree_with_pdftotext(string relativePath)
    {
        var path = SharedFolder.Require(relativePath);
        if (Locate("pdftotext") is null) Assert.Skip("pdftotext is not installed, so there is nothing to compare with: apt-get install poppler-utils.");

        var result = await Tools.RunAsync("pdftotext", "-bbox-layout", "-enc", "UTF-8", path, "-");
        var reference = PdfToTextBboxParser.Parse(result.StandardOutputText).Pages;
        using var pdf = InProcessPdf.Open(await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));

        Assert.Equal(reference.Count, pdf.PageCount);
        for (var n = 1; n <= pdf.PageCount; n++)
        {
            var mine = pdf.ReadTextLayer(n);
            var (f1, lines) = Agreement(reference[n - 1], mine);
            Assert.True(f1 >= 0.97, $"page {n}: word F1 {f1:F3}");
            Assert.True(lines >= 0.9, $"page {n}: {lines:P1} of pdftotext's lines found");
        }
    }

    /// <summary>Word F1 (multiset of word texts) and the share of the reference's lines found word for word.</summary>
    private static (double WordF1, double Lines) Agreement(OcrPage reference, OcrPage mine)
    {
        var counts = mine.Lines.SelectMany(l => l.Words).GroupBy(w => w.Text).ToDictionary(g => g.Key, g => g.Count());
        var referenceWords = reference.Lines.SelectMany(l => l.Words).ToList();
        var common = 0;
        foreach (var word in referenceWords)
        {
            if (counts.GetValueOrDefault(word.Text) <= 0) continue;
            counts[word.Text]--;
            common++;
        }

        var total = referenceWords.Count + mine.Lines.Sum(l => l.Words.Count);
        var f1 = total == 0 ? 1 : 2.0 * common / total;
        var mineLines = mine.Lines.Select(l => string.Join(' ', l.Words.Select(w => w.Text))).ToHashSet();
        var found = reference.Lines.Count(l => mineLines.Contains(string.Join(' ', l.Words.Select(w => w.Text))));
        return (f1, reference.Lines.Count == 0 ? 1 : (double)found / reference.Lines.Count);
    }

    private static string? Locate(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/opt/bin")
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(File.Exists);
}
