namespace InvoiceScanner.Ocr.Imaging.Decoding;

/// <summary>
/// The parameters of a CCITT Group 3/4 fax-coded image (a PDF's CCITTFaxDecode filter, or a TIFF's compression 3/4).
/// <paramref name="K"/> &lt; 0: Group 4; 0: Group 3 one-dimensional; &gt; 0: Group 3 two-dimensional.
/// </summary>
internal sealed record CcittParameters(int Columns, int Rows, int K, bool BlackIs1, bool EncodedByteAlign);

/// <summary>An image drawn on a PDF page, as the page carries it, not yet decoded.</summary>
internal abstract record PageImageContent
{
    private PageImageContent() { }

    /// <summary>DCTDecode: the bytes are a JPEG file.</summary>
    public sealed record Jpeg(ReadOnlyMemory<byte> Data) : PageImageContent;

    /// <summary>CCITTFaxDecode: fax-coded bilevel data.</summary>
    public sealed record Ccitt(ReadOnlyMemory<byte> Data, CcittParameters Parameters) : PageImageContent;

    /// <summary>Samples the PDF library decoded (Flate, LZW, RunLength, none), already turned to grey.</summary>
    public sealed record Pixels(GrayImage Image) : PageImageContent;

    /// <summary>An encoding nothing here decodes (JBIG2, JPEG 2000): the reason names it.</summary>
    public sealed record Unsupported(string Reason) : PageImageContent;
}
