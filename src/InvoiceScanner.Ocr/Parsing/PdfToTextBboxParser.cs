using System.Globalization;
using System.Net;
using InvoiceScanner.Core.Documents;

namespace InvoiceScanner.Ocr.Parsing;

/// <summary>
/// Parses the XHTML that <c>pdftotext -bbox-layout</c> writes (page → flow → block → line → word, coordinates in
/// PDF points) into an <see cref="OcrDocument"/> with page-relative boxes.
/// </summary>
/// <remarks>
/// A tolerant tag scanner rather than an XML parser on purpose: poppler copies the document's Title/Author
/// metadata into the header unescaped and passes control characters from broken fonts straight through, both of
/// which make the output ill-formed XML even though the page content is perfectly usable.
/// </remarks>
public static class PdfToTextBboxParser
{
    public static OcrDocument Parse(string xhtml, string engine = "pdftotext")
    {
        ArgumentNullException.ThrowIfNull(xhtml);
        var pages = new List<OcrPage>();
        PageBuilder? page = null;
        LineBuilder? line = null;

        // Skip the <head>: its metadata is not page content and may contain anything.
        var position = xhtml.IndexOf("<doc", StringComparison.Ordinal);
        if (position < 0) position = 0;

        while (position < xhtml.Length && (position = xhtml.IndexOf('<', position)) >= 0)
        {
            var close = xhtml.IndexOf('>', position);
            if (close < 0) break;
            var tag = xhtml.AsSpan(position + 1, close - position - 1);
            position = close + 1;

            if (StructureTag(tag, pages, ref page, ref line) || !IsTag(tag, "word")) continue;
            var box = Box(tag);
            var text = WordText(xhtml, tag, ref position);
            if (text.Length == 0 || box is null) continue;
            AddWord(page ??= new PageBuilder(null, null), line, text, box.Value);
        }

        if (page is not null) pages.Add(page.Build(pages.Count + 1));
        return new OcrDocument(engine, pages) { FromTextLayer = true };
    }

    /// <summary>
    /// Opens or closes a page or line for a <c>page</c>, <c>/page</c>, <c>line</c> or <c>/line</c> tag; false for any
    /// other tag.
    /// </summary>
    private static bool StructureTag(ReadOnlySpan<char> tag, List<OcrPage> pages, ref PageBuilder? page, ref LineBuilder? line)
    {
        if (IsTag(tag, "page"))
        {
            if (page is not null) pages.Add(page.Build(pages.Count + 1));
            page = new PageBuilder(Attribute(tag, "width"), Attribute(tag, "height"));
            line = null;
        }
        else if (IsTag(tag, "/page"))
        {
            if (page is not null) pages.Add(page.Build(pages.Count + 1));
            page = null;
            line = null;
        }
        else if (IsTag(tag, "line"))
        {
            line = new LineBuilder(Box(tag));
            (page ??= new PageBuilder(null, null)).Lines.Add(line);
        }
        else if (IsTag(tag, "/line"))
        {
            line = null;
        }
        else
        {
            return false;
        }

        return true;
    }

    /// <summary>The decoded, trimmed text of a <c>word</c> element; moves <paramref name="position"/> past its end tag.</summary>
    private static string WordText(string xhtml, ReadOnlySpan<char> tag, ref int position)
    {
        string raw;
        if (tag.EndsWith("/"))
        {
            raw = "";
        }
        else
        {
            var end = xhtml.IndexOf("</word>", position, StringComparison.Ordinal);
            if (end < 0) end = xhtml.Length;
            raw = xhtml[position..end];
            position = Math.Min(xhtml.Length, end + "</word>".Length);
        }

        return WebUtility.HtmlDecode(raw).Trim();
    }

    private static void AddWord(PageBuilder page, LineBuilder? line, string text, RawBox box)
    {
        if (line is null)
        {
            // A word outside any <line> (not produced by poppler, but cheap to tolerate): its own line.
            var own = new LineBuilder(null);
            own.Words.Add((text, box));
            page.Lines.Add(own);
        }
        else
        {
            line.Words.Add((text, box));
        }
    }

    private static bool IsTag(ReadOnlySpan<char> tag, string name) =>
        tag.StartsWith(name, StringComparison.Ordinal)
        && (tag.Length == name.Length || tag[name.Length] is ' ' or '\t' or '\r' or '\n' or '/');

    private static RawBox? Box(ReadOnlySpan<char> tag)
    {
        var xMin = Attribute(tag, "xMin");
        var yMin = Attribute(tag, "yMin");
        var xMax = Attribute(tag, "xMax");
        var yMax = Attribute(tag, "yMax");
        return xMin is { } l && yMin is { } t && xMax is { } r && yMax is { } b ? new RawBox(l, t, r, b) : null;
    }

    /// <summary>The numeric value of attribute <paramref name="name"/> (quoted with ' or "), or null.</summary>
    private static double? Attribute(ReadOnlySpan<char> tag, string name)
    {
        var i = 0;
        // Skip the element name.
        while (i < tag.Length && !char.IsWhiteSpace(tag[i])) i++;
        while (i < tag.Length)
        {
            while (i < tag.Length && char.IsWhiteSpace(tag[i])) i++;
            var nameStart = i;
            while (i < tag.Length && tag[i] != '=' && !char.IsWhiteSpace(tag[i])) i++;
            var attributeName = tag[nameStart..i];
            while (i < tag.Length && char.IsWhiteSpace(tag[i])) i++;
            if (i >= tag.Length || tag[i] != '=') continue;
            i++;
            while (i < tag.Length && char.IsWhiteSpace(tag[i])) i++;
            if (i >= tag.Length) break;
            var quote = tag[i];
            ReadOnlySpan<char> value;
            if (quote is '"' or '\'')
            {
                var end = tag[(i + 1)..].IndexOf(quote);
                if (end < 0) break;
                value = tag.Slice(i + 1, end);
                i += end + 2;
            }
            else
            {
                var start = i;
                while (i < tag.Length && !char.IsWhiteSpace(tag[i])) i++;
                value = tag[start..i];
            }

            if (attributeName.SequenceEqual(name))
            {
                return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
                    ? number
                    : null;
            }
        }

        return null;
    }

    private readonly record struct RawBox(double Left, double Top, double Right, double Bottom)
    {
        public RawBox Union(RawBox other) => new(
            Math.Min(Left, other.Left), Math.Min(Top, other.Top), Math.Max(Right, other.Right), Math.Max(Bottom, other.Bottom));
    }

    private sealed class LineBuilder(RawBox? box)
    {
        public RawBox? Box { get; } = box;
        public List<(string Text, RawBox Box)> Words { get; } = [];
    }

    private sealed class PageBuilder(double? width, double? height)
    {
        public List<LineBuilder> Lines { get; } = [];

        public OcrPage Build(int number)
        {
            // Without a usable page size (never seen from poppler), fall back to the content's extent so boxes stay in 0..1.
            var pageWidth = width is > 0 ? width.Value : Math.Max(1, Lines.SelectMany(l => l.Words).Select(w => w.Box.Right).DefaultIfEmpty(1).Max());
            var pageHeight = height is > 0 ? height.Value : Math.Max(1, Lines.SelectMany(l => l.Words).Select(w => w.Box.Bottom).DefaultIfEmpty(1).Max());

            BoundingBox Normalize(RawBox b) => BoundingBox.FromEdges(
                Math.Clamp(b.Left / pageWidth, 0, 1), Math.Clamp(b.Top / pageHeight, 0, 1),
                Math.Clamp(b.Right / pageWidth, 0, 1), Math.Clamp(b.Bottom / pageHeight, 0, 1));

            var lines = new List<OcrLine>(Lines.Count);
            foreach (var line in Lines)
            {
                if (line.Words.Count == 0) continue;
                var words = line.Words.Select(w => new OcrWord(w.Text, Normalize(w.Box), 1.0)).ToList();
                var lineBox = line.Box ?? line.Words.Select(w => w.Box).Aggregate((a, b) => a.Union(b));
                lines.Add(new OcrLine(string.Join(' ', words.Select(w => w.Text)), Normalize(lineBox), 1.0, words));
            }

            return new OcrPage(number, pageWidth, pageHeight, lines);
        }
    }
}
