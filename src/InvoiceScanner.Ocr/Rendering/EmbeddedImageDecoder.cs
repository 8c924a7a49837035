using InvoiceScanner.Core.Files;
using InvoiceScanner.Ocr.Imaging;
using InvoiceScanner.Ocr.Imaging.Decoding;
using InvoiceScanner.Ocr.Pdf.InProcess;
using InvoiceScanner.Ocr.Pipelines;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace InvoiceScanner.Ocr.Rendering;

/// <summary>
/// An image a PDF page draws, decoded to grey by the OCR's own code paths (<see cref="PageImageReader"/> for what the
/// page stores, <see cref="InProcessImageDecoder"/> for JPEG and CCITT data), so the picture shows the pixels the OCR
/// read. JBIG2 and JPEG 2000 are not decoded here and are left out, as is anything that fails to decode.
/// </summary>
internal sealed class EmbeddedImageDecoder(Structure structure, InProcessImageDecoder decoder)
{
    /// <summary>The samples as grey, the first row at the top of the picture; null when they cannot be decoded here.</summary>
    public GrayImage? Decode(IPdfImage image, CancellationToken cancellationToken)
    {
        try
        {
            return PageImageReader.Content(image, structure) switch
            {
                PageImageContent.Pixels pixels => pixels.Image,
                PageImageContent.Jpeg jpeg => decoder.DecodeFrame(jpeg.Data, DocumentKind.Jpeg, 0, cancellationToken),
                PageImageContent.Ccitt ccitt => ScannedPageReader.PaperWhite(decoder.DecodeCcitt(ccitt.Data, ccitt.Parameters, cancellationToken)),
                _ => null,
            };
        }
        catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
        {
            // One image that does not decode costs that image, not the page.
            return null;
        }
    }
}
