using InvoiceScanner.Ocr.Imaging;
using SkiaSharp;

namespace InvoiceScanner.Ocr.Rendering;

/// <summary>
/// Paints a <see cref="DisplayList"/> with Skia on white, in colour, scaled from the page frame (points) to the
/// requested pixel size: fills, strokes (never thinner than one pixel, so hairline rules and table borders stay
/// visible), glyph outlines, stand-in glyphs and images, each cut to its clip.
/// </summary>
internal sealed class DisplayListRasterizer(EmbeddedImageDecoder images, StandInGlyphs standIns)
{
    /// <summary>Smooth when scaling a page scan down (mipmaps), bilinear when scaling up.</summary>
    private static readonly SKSamplingOptions Sampling = new(SKFilterMode.Linear, SKMipmapMode.Linear);

    /// <summary>The page as a <paramref name="width"/> × <paramref name="height"/> RGBA bitmap; the caller disposes of it.</summary>
    public SKBitmap Draw(DisplayList list, int width, int height, CancellationToken cancellationToken)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        try
        {
            using var canvas = new SKCanvas(bitmap);
            using var paint = new SKPaint { IsAntialias = true };
            canvas.Clear(SKColors.White);
            var (scaleX, scaleY) = ((float)(width / list.Width), (float)(height / list.Height));
            canvas.Scale(scaleX, scaleY);
            var pixelsPerPoint = Math.Min(scaleX, scaleY);
            for (var i = 0; i < list.Items.Count; i++)
            {
                if ((i & 63) == 0) cancellationToken.ThrowIfCancellationRequested();
                DrawItem(canvas, paint, list.Items[i], pixelsPerPoint, cancellationToken);
            }

            canvas.Flush();
            return bitmap;
        }
        catch
        {
            bitmap.Dispose();
            throw;
        }
    }

    private void DrawItem(SKCanvas canvas, SKPaint paint, DisplayItem item, float pixelsPerPoint, CancellationToken cancellationToken)
    {
        canvas.Save();
        if (item.Clip is { } clip) canvas.ClipPath(clip, SKClipOperation.Intersect, antialias: true);
        paint.Reset();
        paint.IsAntialias = true;
        switch (item)
        {
            case FillItem fill:
                paint.Style = SKPaintStyle.Fill;
                paint.Color = fill.Color;
                canvas.DrawPath(fill.Path, paint);
                break;
            case StrokeItem stroke:
                DrawStroke(canvas, paint, stroke, pixelsPerPoint);
                break;
            case TextItem text:
                standIns.Draw(canvas, text, paint);
                break;
            case ImageItem image:
                DrawImage(canvas, paint, image, cancellationToken);
                break;
        }

        canvas.Restore();
    }

    private static void DrawStroke(SKCanvas canvas, SKPaint paint, StrokeItem stroke, float pixelsPerPoint)
    {
        paint.Style = SKPaintStyle.Stroke;
        paint.Color = stroke.Color;
        // Under a pixel wide, a line would be drawn as a faint grey smear: Skia's hairline is exactly one pixel.
        paint.StrokeWidth = stroke.Width * pixelsPerPoint < 1 ? 0 : stroke.Width;
        paint.StrokeCap = stroke.Cap;
        paint.StrokeJoin = stroke.Join;
        using var dash = stroke.Dash is { } intervals ? SKPathEffect.CreateDash(intervals, 0) : null;
        paint.PathEffect = dash;
        canvas.DrawPath(stroke.Path, paint);
        paint.PathEffect = null;
    }

    private void DrawImage(SKCanvas canvas, SKPaint paint, ImageItem item, CancellationToken cancellationToken)
    {
        if (images.Decode(item.Image, cancellationToken) is not { } grey) return;
        var mask = item.Image.MaskImage is { } maskImage ? images.Decode(maskImage, cancellationToken) : null;
        using var image = mask is null
            ? SKImage.FromPixelCopy(new SKImageInfo(grey.Width, grey.Height, SKColorType.Gray8, SKAlphaType.Opaque), grey.Pixels)
            : WithAlpha(grey, mask, item.Image.MaskImage!.IsImageMask);
        if (image is null) return;
        // Pixel (u, v), rows downwards, to PDF image space: the unit square with the first row at its top (y = 1).
        var pixelsToUnit = SKMatrix.CreateScale(1f / grey.Width, -1f / grey.Height).PostConcat(SKMatrix.CreateTranslation(0, 1));
        canvas.Concat(pixelsToUnit.PostConcat(item.UnitToPage));
        // A stencil mask paints only where it is black: multiplying leaves what is under its white untouched.
        paint.BlendMode = item.Image.IsImageMask ? SKBlendMode.Multiply : SKBlendMode.SrcOver;
        canvas.DrawImage(image, 0, 0, Sampling, paint);
    }

    /// <summary>
    /// The image with its mask as alpha (a logo's transparent surround must not come out black): a soft mask's grey is
    /// the opacity, an explicit stencil mask paints where it is black. The mask is sampled at the image's size.
    /// </summary>
    private static SKImage? WithAlpha(GrayImage grey, GrayImage mask, bool stencil)
    {
        var rgba = new byte[grey.Pixels.Length * 4];
        for (var y = 0; y < grey.Height; y++)
        {
            var maskRow = (int)((long)y * mask.Height / grey.Height) * mask.Width;
            for (var x = 0; x < grey.Width; x++)
            {
                var value = grey.Pixels[(y * grey.Width) + x];
                var alpha = mask.Pixels[maskRow + (int)((long)x * mask.Width / grey.Width)];
                var i = ((y * grey.Width) + x) * 4;
                (rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3]) = (value, value, value, stencil ? (byte)(255 - alpha) : alpha);
            }
        }

        return SKImage.FromPixelCopy(new SKImageInfo(grey.Width, grey.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul), rgba);
    }
}
