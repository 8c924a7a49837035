using SkiaSharp;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Geometry;
using UglyToad.PdfPig.Graphics;
using UglyToad.PdfPig.Graphics.Core;
using UglyToad.PdfPig.Graphics.Operations;
using UglyToad.PdfPig.Parser;
using UglyToad.PdfPig.PdfFonts;
using UglyToad.PdfPig.Tokenization.Scanner;
using UglyToad.PdfPig.Tokens;
using UglyToad.PdfPig.XObjects;

namespace InvoiceScanner.Ocr.Rendering;

/// <summary>
/// Runs a page's content stream through PdfPig's graphics state machine (text positioning, fonts, form XObjects,
/// colour spaces) and records what it paints as a <see cref="DisplayList"/>: paths with their colours and line
/// widths, glyphs as outlines, images at their placement. The initial matrix PdfPig hands in already applies the crop
/// box and /Rotate, so everything lands in the displayed page, as PdfPig's letters (and so the OCR boxes) do.
/// </summary>
/// <remarks>
/// Clipping is kept as a path per graphics state (clip operators and form bounding boxes), not for text render modes
/// 4–7. Shadings (<c>sh</c>), pattern fills, soft masks, blend modes, optional-content visibility and annotation
/// appearances are not drawn: invoices rarely depend on them, and leaving a background out hides less than a wrong one.
/// </remarks>
internal sealed class DisplayListRecorder : BaseStreamProcessor<DisplayList>
{
    /// <summary>Operations that may fail (a broken image, an unknown font) before the page is given up on.</summary>
    private const int MaxFailures = 1000;

    private readonly DisplayList list;
    private readonly PageFrame frame;
    private readonly GlyphRecorder glyphs;

    /// <summary>The clip of each graphics state, pushed and popped with it; null: nothing clipped.</summary>
    private readonly Stack<SKPath?> clips = new();

    /// <summary>The path being built (page frame); <see cref="painted"/> is its snapshot once something paints it.</summary>
    private SKPathBuilder? path;
    private SKPath? painted;
    private FillingRule? pendingClip;
    private PdfPoint currentPoint;
    private PdfPoint subpathStart;

    public DisplayListRecorder(
        int pageNumber, IResourceStore resourceStore, IPdfTokenScanner pdfScanner, IPageContentParser pageContentParser,
        ILookupFilterProvider filterProvider, CropBox cropBox, UserSpaceUnit userSpaceUnit, PageRotationDegrees rotation,
        in TransformationMatrix initialMatrix, ParsingOptions parsingOptions)
        : base(pageNumber, resourceStore, pdfScanner, pageContentParser, filterProvider, cropBox, userSpaceUnit, rotation, initialMatrix, parsingOptions)
    {
        // The initial matrix takes the crop box's corner to the origin and turns it by /Rotate: the crop box through it
        // is the page as shown, the size PdfPig's Page reports and the text layer's boxes are relative to.
        var shown = initialMatrix.Transform(cropBox.Bounds);
        list = new DisplayList(Math.Abs(shown.TopRight.X - shown.BottomLeft.X), Math.Abs(shown.TopRight.Y - shown.BottomLeft.Y));
        frame = new PageFrame(list.Height);
        glyphs = new GlyphRecorder(list, frame);
        clips.Push(null);
    }

    private SKPath? Clip => clips.Peek();

    public override DisplayList Process(int pageNumberCurrent, IReadOnlyList<IGraphicsStateOperation> operations)
    {
        var cancellationToken = RenderCancellation.Current;
        var failures = 0;
        try
        {
            for (var i = 0; i < operations.Count && !list.IsFull; i++)
            {
                if ((i & 255) == 0) cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    operations[i].Run(this);
                }
                catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException && ++failures <= MaxFailures)
                {
                    // One bad operation (a damaged image or font) costs that operation, not the page.
                }
            }

            DiscardPath();
            return list;
        }
        catch
        {
            DiscardPath();
            list.Dispose();
            throw;
        }
    }

    public override void PushState()
    {
        base.PushState();
        clips.Push(Clip);
    }

    public override void PopState()
    {
        base.PopState();
        if (clips.Count > 1) clips.Pop();
    }

    public override void RenderGlyph(
        IFont font, CurrentGraphicsState currentState, double fontSize, double pointSize, int code, string unicode, long currentOffset,
        in TransformationMatrix renderingMatrix, in TransformationMatrix textMatrix, in TransformationMatrix transformationMatrix,
        CharacterBoundingBox characterBoundingBox)
    {
        var glyphToDisplay = renderingMatrix.Multiply(textMatrix).Multiply(transformationMatrix);
        var strokeWidth = (float)((double)currentState.LineWidth * PageFrame.Scale(transformationMatrix));
        glyphs.Record(font, currentState, code, unicode, glyphToDisplay, characterBoundingBox.Width, strokeWidth, Clip);
    }

    protected override void RenderXObjectImage(XObjectContentRecord xObjectContentRecord)
    {
        var image = XObjectFactory.ReadImage(xObjectContentRecord, PdfScanner, FilterProvider, ResourceStore);
        list.Add(new ImageItem(image, frame.Matrix(xObjectContentRecord.AppliedTransformation), Clip));
    }

    protected override void RenderInlineImage(InlineImage inlineImage) =>
        list.Add(new ImageItem(inlineImage, frame.Matrix(CurrentTransformationMatrix), Clip));

    public override void BeginSubpath() => path ??= new SKPathBuilder();

    public override PdfPoint? CloseSubpath()
    {
        if (path is null) return null;
        path.Close();
        currentPoint = subpathStart;
        return CurrentTransformationMatrix.Transform(subpathStart);
    }

    public override void MoveTo(double x, double y)
    {
        BeginSubpath();
        path!.MoveTo(frame.Map(CurrentTransformationMatrix, x, y));
        currentPoint = subpathStart = new PdfPoint(x, y);
    }

    public override void LineTo(double x, double y)
    {
        if (path is null) { MoveTo(x, y); return; }
        path.LineTo(frame.Map(CurrentTransformationMatrix, x, y));
        currentPoint = new PdfPoint(x, y);
    }

    /// <summary>The <c>v</c> operator: the first control point is the current point.</summary>
    public override void BezierCurveTo(double x2, double y2, double x3, double y3) =>
        BezierCurveTo(currentPoint.X, currentPoint.Y, x2, y2, x3, y3);

    public override void BezierCurveTo(double x1, double y1, double x2, double y2, double x3, double y3)
    {
        if (path is null) MoveTo(x1, y1);
        var matrix = CurrentTransformationMatrix;
        path!.CubicTo(frame.Map(matrix, x1, y1), frame.Map(matrix, x2, y2), frame.Map(matrix, x3, y3));
        currentPoint = new PdfPoint(x3, y3);
    }

    public override void Rectangle(double x, double y, double width, double height)
    {
        MoveTo(x, y);
        LineTo(x + width, y);
        LineTo(x + width, y + height);
        LineTo(x, y + height);
        CloseSubpath();
    }

    public override void StrokePath(bool close)
    {
        if (close) CloseSubpath();
        AddStroke();
        EndPath();
    }

    public override void FillPath(FillingRule fillingRule, bool close)
    {
        if (close) CloseSubpath();
        AddFill(fillingRule);
        EndPath();
    }

    public override void FillStrokePath(FillingRule fillingRule, bool close)
    {
        if (close) CloseSubpath();
        AddFill(fillingRule);
        AddStroke();
        EndPath();
    }

    /// <summary>Ends the path (<c>n</c>, or after painting); a clip set by <c>W</c>/<c>W*</c> takes effect now.</summary>
    public override void EndPath()
    {
        if (path is not null && pendingClip is { } rule)
        {
            path.FillType = FillType(rule);
            Intersect(list.Own(path.Snapshot()));
        }

        pendingClip = null;
        DiscardPath();
    }

    public override void ClosePath() => EndPath();

    public override void ModifyClippingIntersect(FillingRule clippingRule) => pendingClip = clippingRule;

    /// <summary>A form XObject's bounding box, already through the current matrix (displayed page, y up).</summary>
    protected override void ClipToRectangle(PdfRectangle rectangle, FillingRule clippingRule)
    {
        using var clip = new SKPathBuilder();
        clip.AddPoly([frame.Map(rectangle.BottomLeft), frame.Map(rectangle.BottomRight), frame.Map(rectangle.TopRight), frame.Map(rectangle.TopLeft)], close: true);
        Intersect(list.Own(clip.Detach()));
    }

    public override void BeginMarkedContent(NameToken name, NameToken? propertyDictionaryName, DictionaryToken? properties) { }

    public override void EndMarkedContent() { }

    /// <summary>Shadings are not drawn (see the remarks).</summary>
    public override void PaintShading(NameToken shadingName) { }

    private void AddFill(FillingRule rule)
    {
        if (path is null) return;
        var state = GetCurrentState();
        if (PdfColors.ToSkia(state.CurrentNonStrokingColor, (double)state.AlphaConstantNonStroking) is not { } color) return;
        list.Add(new FillItem(Painted(FillType(rule)), color, Clip));
    }

    private void AddStroke()
    {
        if (path is null) return;
        var state = GetCurrentState();
        if (PdfColors.ToSkia(state.CurrentStrokingColor, (double)state.AlphaConstantStroking) is not { } color) return;
        var scale = PageFrame.Scale(state.CurrentTransformationMatrix);
        var width = (float)((double)state.LineWidth * scale);
        list.Add(new StrokeItem(Painted(SKPathFillType.Winding), color, width, Cap(state.CapStyle), Join(state.JoinStyle), Dash(state.LineDashPattern, scale), Clip));
    }

    /// <summary>The path as painted; a fill and a stroke of one path (<c>B</c>) share one snapshot, filled by the fill's rule.</summary>
    private SKPath Painted(SKPathFillType fillType)
    {
        if (painted is null)
        {
            path!.FillType = fillType;
            painted = list.Own(path.Snapshot());
        }

        return painted;
    }

    private void DiscardPath()
    {
        path?.Dispose();
        path = null;
        painted = null;
    }

    private void Intersect(SKPath clip)
    {
        var current = clips.Pop();
        var combined = current is null ? clip : current.Op(clip, SKPathOp.Intersect) is { } op ? list.Own(op) : clip;
        clips.Push(combined);
    }

    private static SKPathFillType FillType(FillingRule rule) =>
        rule == FillingRule.EvenOdd ? SKPathFillType.EvenOdd : SKPathFillType.Winding;

    private static SKStrokeCap Cap(LineCapStyle cap) => cap switch
    {
        LineCapStyle.Round => SKStrokeCap.Round,
        LineCapStyle.ProjectingSquare => SKStrokeCap.Square,
        _ => SKStrokeCap.Butt,
    };

    private static SKStrokeJoin Join(LineJoinStyle join) => join switch
    {
        LineJoinStyle.Round => SKStrokeJoin.Round,
        LineJoinStyle.Bevel => SKStrokeJoin.Bevel,
        _ => SKStrokeJoin.Miter,
    };

    /// <summary>The dash lengths in points on the page; null for a solid line (or a pattern Skia cannot draw).</summary>
    private static float[]? Dash(LineDashPattern pattern, double scale)
    {
        var lengths = pattern.Array;
        if (lengths is null || lengths.Count == 0 || lengths.All(l => l <= 0) || lengths.Any(l => l < 0 || !double.IsFinite(l))) return null;
        // Skia needs an even count; PDF repeats an odd array to make one.
        var count = lengths.Count % 2 == 0 ? lengths.Count : lengths.Count * 2;
        var dash = new float[count];
        for (var i = 0; i < count; i++) dash[i] = (float)(lengths[i % lengths.Count] * scale);
        return dash;
    }
}
