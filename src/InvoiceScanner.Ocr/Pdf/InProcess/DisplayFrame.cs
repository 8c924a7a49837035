using UglyToad.PdfPig.Content;

namespace InvoiceScanner.Ocr.Pdf.InProcess;

/// <summary>
/// Maps default user space to the displayed page as PdfPig lays out letters and images: origin at the crop box's
/// corner, turned by /Rotate (clockwise quarter turns), here with y growing downwards.
/// </summary>
internal readonly record struct DisplayFrame(double CropLeft, double CropBottom, double CropWidth, double CropHeight, int Turns)
{
    public static DisplayFrame Of(Page page)
    {
        var crop = page.CropBox.Bounds;
        return new DisplayFrame(crop.Left, crop.Bottom, crop.Width, crop.Height, ((page.Rotation.Value / 90 % 4) + 4) % 4);
    }

    public double Height => Turns % 2 == 0 ? CropHeight : CropWidth;

    public (double X, double Y) Map(double x, double y)
    {
        var (u, v) = (x - CropLeft, y - CropBottom);
        var (displayX, displayUp) = Turns switch
        {
            0 => (u, v),
            1 => (v, CropWidth - u),
            2 => (CropWidth - u, CropHeight - v),
            _ => (CropHeight - v, u),
        };
        return (displayX, Height - displayUp);
    }
}
