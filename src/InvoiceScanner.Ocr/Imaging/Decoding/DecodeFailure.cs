using System.Globalization;
using InvoiceScanner.Core.Invoices;

namespace InvoiceScanner.Ocr.Imaging.Decoding;

/// <summary>The rejections the decoder raises: every failure reaches the caller as a <see cref="DocumentRejectedException"/>.</summary>
internal static class DecodeFailure
{
    /// <summary>
    /// A native codec may hold a buffer of the whole source image in its own format (an interlaced PNG, the
    /// coefficients of a progressive JPEG); beyond this many bytes such an image is refused.
    /// </summary>
    public const long MaxCodecBufferBytes = 400L * 1024 * 1024;

    public static DocumentRejectedException Unreadable(string reason, Exception? inner = null) =>
        new(ErrorCodes.UnreadableImage, "The image could not be decoded: " + reason + ".", inner);

    /// <summary>More pixels than <paramref name="limit"/>.</summary>
    public static DocumentRejectedException TooLarge(long width, long height, long limit) =>
        new(ErrorCodes.ImageTooLarge, Invariant($"The image is {width}x{height} pixels ({width * height} pixels), more than the limit of {limit} pixels."));

    /// <summary>A side longer than <paramref name="limit"/>.</summary>
    public static DocumentRejectedException TooLong(long width, long height, long limit) =>
        new(ErrorCodes.ImageTooLarge, Invariant($"The image is {width}x{height} pixels, a side longer than the limit of {limit} pixels."));

    /// <summary>An image whose decoding would buffer <paramref name="bytes"/>, more than <paramref name="limit"/>.</summary>
    public static DocumentRejectedException TooLargeToBuffer(long width, long height, string what, long bytes, long limit) =>
        new(ErrorCodes.ImageTooLarge, Invariant(
            $"The image is {width}x{height} pixels: decoding {what} buffers {Megabytes(bytes)} MB, more than the limit of {Megabytes(limit)} MB."));

    /// <summary>The reason with the page it concerns in front, when there is one ("page 2: …").</summary>
    public static string On(string? where, string reason) => where is null ? reason : where + ": " + reason;

    private static long Megabytes(long bytes) => (bytes + (1 << 20) - 1) >> 20;

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
