using InvoiceScanner.Core.Documents;
using InvoiceScanner.Ocr.Pdf;

namespace InvoiceScanner.Ocr.Pipelines;

/// <summary>Chooses, per PDF page, between its text layer and what was recognised from its pixels.</summary>
internal static class TextLayerMerge
{
    /// <summary>
    /// Puts each recognised page in place of its text-layer page when it found more words, or the text layer is garbled
    /// or missing; returns how many pages now come from pixels. An exact but short text layer (a last page with one
    /// line) is kept unless OCR found more.
    /// </summary>
    public static int KeepBetter(OcrPage[] pages, IEnumerable<OcrPage> recognised)
    {
        var fromPixels = 0;
        foreach (var page in recognised)
        {
            var textPage = pages[page.Number - 1];
            if (PdfTextLayerReader.WordCount(page) > PdfTextLayerReader.WordCount(textPage) || PdfTextLayerReader.IsGarbled(textPage) || textPage.Width == 0)
            {
                pages[page.Number - 1] = page;
                fromPixels++;
            }
        }

        return fromPixels;
    }
}
