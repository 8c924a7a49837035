using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Ocr.Parsing;
using InvoiceScanner.Ocr.Processes;
using InvoiceScanner.Ocr.Tesseract;

namespace InvoiceScanner.Ocr.Neural;

/// <summary>
/// Tesseract reads, once for all frames of the image, what PP-OCR's alphabet lacks: on pages PP-OCR read without
/// any currency sign, the signs only tesseract can read ("€", "£"; <see cref="CurrencySigns"/>); on pages in a
/// language written with accents (<see cref="PageLanguage"/>), the accents (<see cref="Accents"/>), read in that
/// language when its traineddata is installed. Tesseract missing, failing or timing out leaves PP-OCR's pages as
/// they are.
/// </summary>
internal sealed class TesseractCompletion(TesseractReader tesseract, bool currencySignCheck, bool accentCheck, TimeSpan toolTimeout)
{
    public Task<IReadOnlyList<OcrPage>> CompleteAsync(
        PpOcrPageReader reader, IReadOnlyList<OcrPage> pages, string imagePath, int? dpi, CancellationToken cancellationToken) =>
        CompleteAsync(reader, pages, _ => Task.FromResult(imagePath), dpi, cancellationToken);

    /// <summary>
    /// As above, with the image file written by <paramref name="imageFile"/> only when a page needs completing and
    /// tesseract is there (in-process pages exist only in memory).
    /// </summary>
    public async Task<IReadOnlyList<OcrPage>> CompleteAsync(
        PpOcrPageReader reader, IReadOnlyList<OcrPage> pages, Func<CancellationToken, Task<string>> imageFile, int? dpi, CancellationToken cancellationToken)
    {
        var needsSigns = pages.Select(page => currencySignCheck && !CurrencySigns.HasAny(page)).ToList();
        var languages = pages.Select(page => accentCheck ? PageLanguage.Guess(page) : null).ToList();
        if (!needsSigns.Contains(true) && languages.All(language => language is null)) return pages;
        if (!tesseract.IsInstalled) return pages;

        ProcessResult result;
        try
        {
            var language = await tesseract.LanguageForAsync(languages, cancellationToken).ConfigureAwait(false);
            var imagePath = await imageFile(cancellationToken).ConfigureAwait(false);
            result = await tesseract.RunAsync(imagePath, dpi, toolTimeout * pages.Count, cancellationToken, language).ConfigureAwait(false);
        }
        catch (DocumentRejectedException)
        {
            return pages;
        }

        if (result.ExitCode != 0) return pages;
        var read = TesseractTsvParser.ParsePages(result.StandardOutputText);
        return pages.Select((page, i) =>
        {
            if (i >= read.Count) return page;
            if (needsSigns[i]) page = CurrencySigns.AddMissing(page, read[i], reader.CanRead);
            if (languages[i] is not null) page = Accents.Restore(page, read[i]);
            return page;
        }).ToList();
    }
}
