using System.Globalization;
using System.Runtime.InteropServices;
using BitMiracle.LibTiff.Classic;

namespace InvoiceScanner.Ocr.Imaging.Decoding;

/// <summary>
/// A LibTiff.NET <see cref="Tiff"/> reading bytes in memory. LibTiff.NET reports problems through one process-wide
/// handler that by default prints them to the console; the handler set here prints nothing and files each error with
/// the input it came from (the client data every call carries), so the failure can name it.
/// </summary>
internal sealed class TiffInput : IDisposable
{
    private static readonly CapturingErrorHandler Handler = new();
    private readonly MemoryStream stream;
    private Tiff? tiff;

    private TiffInput(ReadOnlyMemory<byte> content)
    {
        if (!MemoryMarshal.TryGetArray(content, out var segment) || segment.Array is null) segment = content.ToArray();
        stream = new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false);
    }

    public Tiff Tiff => tiff ?? throw new ObjectDisposedException(nameof(TiffInput));

    /// <summary>The first error LibTiff.NET reported for this input, if any.</summary>
    public string? FirstError { get; private set; }

    /// <summary>Opens the TIFF (reading its first directory); UNREADABLE_IMAGE when LibTiff.NET cannot.</summary>
    public static TiffInput Open(ReadOnlyMemory<byte> content, string? where)
    {
        if (TiffStructure.Problem(content.Span) is { } problem) throw DecodeFailure.Unreadable(DecodeFailure.On(where, "the TIFF structure is damaged: " + problem));
        var input = new TiffInput(content);
        // Set on every open: the handler is process-wide and someone else may have replaced it.
        Tiff.SetErrorHandler(Handler);
        try
        {
            input.tiff = Tiff.ClientOpen("image", "r", input, new Stream());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw DecodeFailure.Unreadable(DecodeFailure.On(where, "the TIFF structure is damaged (" + e.Message + ")"), e);
        }

        if (input.tiff is null) throw DecodeFailure.Unreadable(DecodeFailure.On(where, input.ErrorOr("the TIFF header or first directory is not readable")));
        return input;
    }

    /// <summary>LibTiff.NET's first error message, or <paramref name="fallback"/> when it gave none.</summary>
    public string ErrorOr(string fallback) => FirstError is { } error ? fallback + " (" + error + ")" : fallback;

    public void Dispose()
    {
        tiff?.Dispose();
        tiff = null;
        stream.Dispose();
    }

    /// <summary>Reads the input's memory stream; LibTiff.NET hands every call the input as client data.</summary>
    private sealed class Stream : TiffStream
    {
        public override int Read(object clientData, byte[] buffer, int offset, int count) => Of(clientData).stream.Read(buffer, offset, count);

        public override void Write(object clientData, byte[] buffer, int offset, int count) =>
            throw new NotSupportedException("The TIFF is opened for reading only.");

        public override long Seek(object clientData, long offset, SeekOrigin origin) => Of(clientData).stream.Seek(offset, origin);

        public override void Close(object clientData) { }

        public override long Size(object clientData) => Of(clientData).stream.Length;

        private static TiffInput Of(object clientData) => (TiffInput)clientData;
    }

    /// <summary>Writes nothing anywhere; keeps the first error per input. Warnings (recoverable) are dropped.</summary>
    private sealed class CapturingErrorHandler : TiffErrorHandler
    {
        public override void ErrorHandler(Tiff tif, string method, string format, params object[] args) { }

        public override void ErrorHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args)
        {
            if ((clientData ?? tif?.Clientdata()) is TiffInput input) input.FirstError ??= Format(format, args);
        }

        public override void WarningHandler(Tiff tif, string method, string format, params object[] args) { }

        public override void WarningHandlerExt(Tiff tif, object clientData, string method, string format, params object[] args) { }

        private static string Format(string format, object[] args)
        {
            try
            {
                return string.Format(CultureInfo.InvariantCulture, format, args);
            }
            catch (FormatException)
            {
                return format;
            }
        }
    }
}
