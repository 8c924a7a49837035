namespace InvoiceScanner.Ocr.Imaging.Decoding;

/// <summary>How large an image the in-process decoder hands to OCR, and how large a source it accepts at all.</summary>
internal sealed record ImageDecodeLimits
{
    /// <summary>
    /// Largest grey image handed to OCR; larger images are decoded at a reduced size (JPEG DCT scaling) or scaled down
    /// while they are decoded.
    /// </summary>
    public long MaxPixels { get; init; } = 30_000_000;

    /// <summary>
    /// Largest source image accepted at all (width × height as the header declares it); beyond it IMAGE_TOO_LARGE
    /// without decoding pixels.
    /// </summary>
    public long MaxSourcePixels { get; init; } = 250_000_000;
}
