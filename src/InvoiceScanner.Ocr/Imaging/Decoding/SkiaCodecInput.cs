using System.Runtime.InteropServices;
using SkiaSharp;

namespace InvoiceScanner.Ocr.Imaging.Decoding;

/// <summary>
/// An <see cref="SKCodec"/> reading the upload's bytes where they are: the array is pinned for the codec's lifetime
/// instead of being copied into native memory.
/// </summary>
internal sealed class SkiaCodecInput : IDisposable
{
    private GCHandle pin;
    private readonly SKData data;

    private SkiaCodecInput(GCHandle pin, SKData data, SKCodec codec)
    {
        this.pin = pin;
        this.data = data;
        Codec = codec;
    }

    public SKCodec Codec { get; }

    /// <summary>The codec for <paramref name="content"/>, or UNREADABLE_IMAGE naming <paramref name="format"/> when Skia cannot read its header.</summary>
    public static SkiaCodecInput Open(ReadOnlyMemory<byte> content, string format)
    {
        if (!MemoryMarshal.TryGetArray(content, out var segment) || segment.Array is null) segment = content.ToArray();
        var pin = GCHandle.Alloc(segment.Array, GCHandleType.Pinned);
        SKData? data = null;
        try
        {
            data = SKData.Create(pin.AddrOfPinnedObject() + segment.Offset, segment.Count)
                ?? throw DecodeFailure.Unreadable("the " + format + " data could not be wrapped for the decoder");
            var codec = SKCodec.Create(data) ?? throw DecodeFailure.Unreadable("the " + format + " header is not readable");
            return new SkiaCodecInput(pin, data, codec);
        }
        catch
        {
            data?.Dispose();
            pin.Free();
            throw;
        }
    }

    public void Dispose()
    {
        Codec.Dispose();
        data.Dispose();
        if (pin.IsAllocated) pin.Free();
    }
}
