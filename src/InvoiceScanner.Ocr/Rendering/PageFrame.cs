using SkiaSharp;
using UglyToad.PdfPig.Core;

namespace InvoiceScanner.Ocr.Rendering;

/// <summary>
/// Maps PdfPig's displayed-page coordinates (what its initial matrix makes of user space: crop box and /Rotate
/// applied, y up) to the page frame the display list uses: the same x, y measured down from the top edge, exactly as
/// the text layer reader turns letters into word boxes.
/// </summary>
internal readonly record struct PageFrame(double Height)
{
    public SKPoint Map(PdfPoint point) => new((float)point.X, (float)(Height - point.Y));

    public SKPoint Map(in TransformationMatrix matrix, double x, double y) => Map(matrix.Transform(new PdfPoint(x, y)));

    /// <summary><paramref name="matrix"/> (user space → displayed, y up) followed by the flip into the page frame.</summary>
    public SKMatrix Matrix(in TransformationMatrix matrix) => new()
    {
        ScaleX = (float)matrix.A, SkewX = (float)matrix.C, TransX = (float)matrix.E,
        SkewY = (float)-matrix.B, ScaleY = (float)-matrix.D, TransY = (float)(Height - matrix.F),
        Persp2 = 1,
    };

    /// <summary>How much <paramref name="matrix"/> scales lengths, on average over directions (line widths).</summary>
    public static double Scale(in TransformationMatrix matrix)
    {
        var determinant = Math.Abs((matrix.A * matrix.D) - (matrix.B * matrix.C));
        return double.IsFinite(determinant) ? Math.Sqrt(determinant) : 1;
    }

    /// <summary>Appends PdfPig subpaths (glyph outlines) to <paramref name="path"/> through <paramref name="matrix"/>.</summary>
    public void Append(SKPathBuilder path, IEnumerable<PdfSubpath> subpaths, in TransformationMatrix matrix)
    {
        foreach (var subpath in subpaths)
        {
            var started = false;
            foreach (var command in subpath.Commands)
            {
                switch (command)
                {
                    case PdfSubpath.Move move:
                        path.MoveTo(Map(matrix.Transform(move.Location)));
                        started = true;
                        break;
                    case PdfSubpath.Line line:
                        if (!started) path.MoveTo(Map(matrix.Transform(line.From)));
                        path.LineTo(Map(matrix.Transform(line.To)));
                        started = true;
                        break;
                    case PdfSubpath.CubicBezierCurve cubic:
                        if (!started) path.MoveTo(Map(matrix.Transform(cubic.StartPoint)));
                        path.CubicTo(Map(matrix.Transform(cubic.FirstControlPoint)), Map(matrix.Transform(cubic.SecondControlPoint)), Map(matrix.Transform(cubic.EndPoint)));
                        started = true;
                        break;
                    case PdfSubpath.QuadraticBezierCurve quadratic:
                        if (!started) path.MoveTo(Map(matrix.Transform(quadratic.StartPoint)));
                        path.QuadTo(Map(matrix.Transform(quadratic.ControlPoint)), Map(matrix.Transform(quadratic.EndPoint)));
                        started = true;
                        break;
                    case PdfSubpath.Close:
                        if (started) path.Close();
                        break;
                }
            }
        }
    }
}
