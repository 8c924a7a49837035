using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;

namespace InvoiceScanner.Ocr.Imaging.Decoding;

/// <summary>
/// Decodes uploaded JPEG, PNG and TIFF images, and the CCITT fax data of scanned PDF pages, to 8-bit grey in process
/// (SkiaSharp for JPEG and PNG, LibTiff.NET for TIFF and CCITT), upright and at most
/// <see cref="ImageDecodeLimits.MaxPixels"/> large. Memory stays near MaxPixels * 4 bytes whatever the source size:
/// JPEGs are decoded at a reduced DCT scale, everything else is read in rows or bands and scaled down as it comes.
/// Every failure is a <see cref="DocumentRejectedException"/>: UNREADABLE_IMAGE or IMAGE_TOO_LARGE.
/// </summary>
internal sealed class InProcessImageDecoder(ImageDecodeLimits limits)
{
    private readonly ImageDecodeLimits checkedLimits = Checked(limits);

    /// <summary>How many images the file holds: 1 for JPEG and PNG, the number of directories of a TIFF.</summary>
    public int CountFrames(ReadOnlyMemory<byte> content, DocumentKind kind)
    {
        RequireSignature(content.Span, kind);
        return kind == DocumentKind.Tiff ? Guarded(null, () => TiffFrameDecoder.CountDirectories(content)) : 1;
    }

    /// <summary>Frame <paramref name="frame"/> (0-based; only 0 for JPEG and PNG) as upright grey.</summary>
    public GrayImage DecodeFrame(ReadOnlyMemory<byte> content, DocumentKind kind, int frame, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frame);
        RequireSignature(content.Span, kind);
        if (kind != DocumentKind.Tiff && frame > 0)
            throw DecodeFailure.Unreadable(DecodeFailure.Invariant($"a {kind} image has one page, page {frame + 1} was asked for"));
        return kind switch
        {
            DocumentKind.Jpeg => Guarded(null, () => SkiaJpegDecoder.Decode(content, checkedLimits, cancellationToken)),
            DocumentKind.Png => Guarded(null, () => SkiaPngDecoder.Decode(content, checkedLimits, cancellationToken)),
            _ => Guarded(DecodeFailure.Invariant($"page {frame + 1}"), () => TiffFrameDecoder.Decode(content, frame, checkedLimits, cancellationToken)),
        };
    }

    /// <summary>
    /// A PDF image's CCITTFaxDecode data as grey, drawn as the samples of a DeviceGray image with the default
    /// /Decode array (0 black): with BlackIs1 false, the usual case, fax black is black. A /Decode [1 0] array (or an
    /// image mask) inverts that and is the caller's to apply. <see cref="CcittParameters.Rows"/> must be the image height.
    /// </summary>
    public GrayImage DecodeCcitt(ReadOnlyMemory<byte> data, CcittParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        const string where = "CCITT fax data";
        if (parameters.Columns < 1 || parameters.Rows < 1)
            throw DecodeFailure.Unreadable(DecodeFailure.On(where, DecodeFailure.Invariant($"{parameters.Columns} columns and {parameters.Rows} rows do not make an image")));
        DecodeSize.CheckSource(parameters.Columns, parameters.Rows, checkedLimits, where);
        return Guarded(where, () =>
        {
            var (tiff, mode) = CcittTiffContainer.Wrap(data.Span, parameters);
            using var input = TiffInput.Open(tiff, where);
            if (mode is { } faxMode) input.Tiff.SetField(BitMiracle.LibTiff.Classic.TiffTag.FAXMODE, faxMode);
            return TiffFrameDecoder.DecodeCurrent(input, checkedLimits, where, cancellationToken);
        });
    }

    /// <summary>The output must fit one array (GrayImage holds its pixels in one).</summary>
    private static ImageDecodeLimits Checked(ImageDecodeLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxPixels, 1, nameof(limits));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limits.MaxPixels, Array.MaxLength / 2, nameof(limits));
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxSourcePixels, 1, nameof(limits));
        return limits;
    }

    /// <summary>Only the format the bytes really are is ever handed to a codec, never one it guesses itself.</summary>
    private static void RequireSignature(ReadOnlySpan<byte> content, DocumentKind kind)
    {
        if (kind is not (DocumentKind.Jpeg or DocumentKind.Png or DocumentKind.Tiff))
            throw DecodeFailure.Unreadable(kind + " is not an image format");
        if (content.IsEmpty) throw DecodeFailure.Unreadable("the file is empty");
        if (ImageFormats.Detect(content) != kind) throw DecodeFailure.Unreadable("the data does not start like a " + kind + " file");
    }

    /// <summary>Runs a decode, turning anything the codecs throw into UNREADABLE_IMAGE.</summary>
    private static T Guarded<T>(string? where, Func<T> decode)
    {
        try
        {
            return decode();
        }
        catch (Exception e) when (e is not (DocumentRejectedException or OperationCanceledException))
        {
            throw DecodeFailure.Unreadable(DecodeFailure.On(where, "the decoder failed: " + e.Message), e);
        }
    }
}
