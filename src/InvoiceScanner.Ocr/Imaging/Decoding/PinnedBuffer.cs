using System.Runtime.InteropServices;

namespace InvoiceScanner.Ocr.Imaging.Decoding;

/// <summary>A managed byte buffer that native code can write into (allocated on the pinned heap, so it never moves).</summary>
internal sealed class PinnedBuffer
{
    public PinnedBuffer(int length)
    {
        Array = GC.AllocateUninitializedArray<byte>(length, pinned: true);
        Address = Marshal.UnsafeAddrOfPinnedArrayElement(Array, 0);
    }

    public byte[] Array { get; }
    public nint Address { get; }

    public Span<byte> Row(int row, int rowBytes) => Array.AsSpan(row * rowBytes, rowBytes);
}
