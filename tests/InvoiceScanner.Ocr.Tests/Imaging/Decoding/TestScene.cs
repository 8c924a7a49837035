using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Ocr.Imaging;
using SkiaSharp;

namespace InvoiceScanner.Ocr.Tests.Imaging.Decoding;

/// <summary>A white page of a known size with one black rectangle at a known place: what every test image shows.</summary>
internal sealed record TestScene(int Width, int Height, SKRectI Ink)
{
    public bool IsInk(int x, int y) => Ink.Contains(x, y);

    /// <summary>The scene drawn by Skia (white, black rectangle), in the given colour type.</summary>
    public SKBitmap Draw(SKColorType colorType = SKColorType.Rgba8888)
    {
        var bitmap = new SKBitmap(new SKImageInfo(Width, Height, colorType, colorType == SKColorType.Gray8 ? SKAlphaType.Opaque : SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = false };
        canvas.DrawRect(SKRect.Create(Ink.Left, Ink.Top, Ink.Width, Ink.Height), paint);
        return bitmap;
    }

    public byte[] Jpeg(SKColorType colorType = SKColorType.Rgba8888, int quality = 95)
    {
        using var bitmap = Draw(colorType);
        return Encode(bitmap, SKEncodedImageFormat.Jpeg, quality);
    }

    public byte[] Png(SKColorType colorType = SKColorType.Rgba8888)
    {
        using var bitmap = Draw(colorType);
        return Encode(bitmap, SKEncodedImageFormat.Png, 100);
    }

    public static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, quality);
        return data.ToArray();
    }

    /// <summary>
    /// Checks a decoded image shows the scene scaled to its size: dark well inside the rectangle, light well
    /// outside it (a margin of a few output pixels is left for the edges blurred by JPEG and scaling).
    /// </summary>
    public void AssertShownIn(GrayImage image, int margin = 3)
    {
        var aspect = (double)Width / Height;
        Assert.True(Math.Abs((double)image.Width / image.Height - aspect) < 0.02 * aspect, $"{image.Width}x{image.Height} does not keep the aspect ratio of {Width}x{Height}");
        var sx = (double)image.Width / Width;
        var sy = (double)image.Height / Height;
        var inside = new SKRectI((int)Math.Ceiling(Ink.Left * sx) + margin, (int)Math.Ceiling(Ink.Top * sy) + margin,
            (int)Math.Floor(Ink.Right * sx) - margin, (int)Math.Floor(Ink.Bottom * sy) - margin);
        AssertMean(image, inside, 0, 40);
        AssertMean(image, new SKRectI(0, 0, image.Width, Math.Max(1, (int)Math.Floor(Ink.Top * sy) - margin)), 215, 255);
        AssertMean(image, new SKRectI(0, (int)Math.Ceiling(Ink.Bottom * sy) + margin, image.Width, image.Height), 215, 255);
    }

    public static void AssertMean(GrayImage image, SKRectI area, double low, double high)
    {
        Assert.True(area.Width > 0 && area.Height > 0, $"empty area {area}");
        var mean = Mean(image, area);
        Assert.True(mean >= low && mean <= high, $"mean grey {mean:F1} of {area} in a {image.Width}x{image.Height} image is outside {low}–{high}");
    }

    public static double Mean(GrayImage image, SKRectI area)
    {
        long sum = 0;
        for (var y = area.Top; y < area.Bottom; y++)
            for (var x = area.Left; x < area.Right; x++) sum += image.Pixels[y * image.Width + x];
        return sum / (double)((long)area.Width * area.Height);
    }

    /// <summary>The rejection <paramref name="decode"/> throws, checked for its code.</summary>
    public static DocumentRejectedException Rejected(string code, Action decode)
    {
        var rejection = Assert.Throws<DocumentRejectedException>(decode);
        Assert.Equal(code, rejection.Code);
        return rejection;
    }
}
