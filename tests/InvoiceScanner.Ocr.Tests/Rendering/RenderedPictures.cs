using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Ocr.Imaging;
using InvoiceScanner.Ocr.Rendering;
using SkiaSharp;

namespace InvoiceScanner.Ocr.Tests.Rendering;

/// <summary>Renders documents and reads the pictures back with Skia, as a browser would get them.</summary>
internal static class RenderedPictures
{
    /// <summary>Every page of the document, with the test's cancellation token.</summary>
    public static async Task<List<RenderedPage>> RenderAllAsync(byte[] content, DocumentKind kind, LocalOcrOptions? options = null)
    {
        var renderer = new PageImageRenderer(options ?? new LocalOcrOptions());
        var pages = new List<RenderedPage>();
        await foreach (var page in renderer.RenderAsync(content, kind, TestContext.Current.CancellationToken)) pages.Add(page);
        return pages;
    }

    /// <summary>The picture decoded (it must be a WebP of the size the page says) as grey levels, row by row.</summary>
    public static Picture Decode(RenderedPage page)
    {
        Assert.Equal("image/webp", page.ContentType);
        using var codec = SKCodec.Create(new MemoryStream(page.Content.ToArray()));
        Assert.NotNull(codec);
        Assert.Equal(SKEncodedImageFormat.Webp, codec.EncodedFormat);
        using var bitmap = SKBitmap.Decode(page.Content.ToArray());
        Assert.NotNull(bitmap);
        Assert.Equal((page.Width, page.Height), (bitmap.Width, bitmap.Height));
        var colors = new SKColor[bitmap.Width * bitmap.Height];
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++) colors[(y * bitmap.Width) + x] = bitmap.GetPixel(x, y);
        }

        return new Picture(bitmap.Width, bitmap.Height, colors);
    }
}

/// <summary>A decoded page picture in grey, measured in page-relative boxes (0..1, top-left origin) as the OCR gives them.</summary>
internal sealed record Picture(int Width, int Height, SKColor[] Colors)
{
    public SKColor ColorAt(double relativeX, double relativeY) =>
        Colors[(Math.Clamp((int)(relativeY * Height), 0, Height - 1) * Width) + Math.Clamp((int)(relativeX * Width), 0, Width - 1)];

    public byte At(int x, int y)
    {
        var c = Colors[(y * Width) + x];
        return (byte)(((299 * c.Red) + (587 * c.Green) + (114 * c.Blue) + 500) / 1000);
    }

    /// <summary>The picture as the grey image the decoder tests measure.</summary>
    public GrayImage ToGray()
    {
        var grey = new byte[Width * Height];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++) grey[(y * Width) + x] = At(x, y);
        }

        return new GrayImage(Width, Height, grey);
    }

    public (double Mean, byte Min) In(BoundingBox box)
    {
        var (left, top) = ((int)Math.Floor(box.Left * Width), (int)Math.Floor(box.Top * Height));
        var (right, bottom) = ((int)Math.Ceiling(box.Right * Width), (int)Math.Ceiling(box.Bottom * Height));
        (left, top, right, bottom) = (Math.Clamp(left, 0, Width - 1), Math.Clamp(top, 0, Height - 1), Math.Clamp(right, left + 1, Width), Math.Clamp(bottom, top + 1, Height));
        long sum = 0;
        byte min = 255;
        for (var y = top; y < bottom; y++)
        {
            for (var x = left; x < right; x++)
            {
                var value = At(x, y);
                sum += value;
                if (value < min) min = value;
            }
        }

        return ((double)sum / ((right - left) * (bottom - top)), min);
    }

    /// <summary>Ink in <paramref name="box"/>: some pixels near black and a mean well below paper white.</summary>
    public void AssertInked(BoundingBox box, string what)
    {
        var (mean, min) = In(box);
        Assert.True(min < 140 && mean < 235, $"{what} {box}: mean {mean:0.0}, darkest {min} — expected ink");
    }

    /// <summary>Paper in <paramref name="box"/>: every pixel (near) white.</summary>
    public void AssertBlank(BoundingBox box, string what)
    {
        var (mean, min) = In(box);
        Assert.True(min >= 245, $"{what} {box}: mean {mean:0.0}, darkest {min} — expected blank paper");
    }
}
