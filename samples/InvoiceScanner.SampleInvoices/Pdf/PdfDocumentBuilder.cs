using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace InvoiceScanner.SampleInvoices.Pdf;

public enum TextAlign { Left, Right, Center }

/// <summary>A colour for text, rules and fills (device RGB, components 0..1).</summary>
public readonly record struct PdfColor(double R, double G, double B)
{
    public static PdfColor Black { get; } = new(0, 0, 0);
    public static PdfColor White { get; } = new(1, 1, 1);
    public static PdfColor Gray(double level) => new(level, level, level);
}

/// <summary>An 8-bit greyscale raster placed as an image XObject (used for "scanned" PDFs without a text layer).</summary>
public sealed record PdfGrayImage(int Width, int Height, byte[] Pixels)
{
    public PdfGrayImage Validate() =>
        Width > 0 && Height > 0 && Pixels.Length == (long)Width * Height ? this : throw new ArgumentException("Pixels must hold Width × Height bytes.");
}

/// <summary>
/// A minimal PDF 1.4 writer: standard fonts with WinAnsiEncoding, text at positions, lines, rectangles, greyscale
/// images, any number of pages. Output is deterministic (no clock, ID from the content) so samples are stable.
/// </summary>
public sealed class PdfDocumentBuilder
{
    private readonly List<PdfPageBuilder> _pages = [];

    public string? Title { get; set; }
    public string? Author { get; set; }

    /// <summary>Written as CreationDate; left out when null (a clock would make the bytes differ per run).</summary>
    public DateOnly? CreationDate { get; set; }

    public IReadOnlyList<PdfPageBuilder> Pages => _pages;

    /// <summary>Adds a page of <paramref name="width"/> × <paramref name="height"/> points (A4 is 595.28 × 841.89, Letter 612 × 792).</summary>
    public PdfPageBuilder AddPage(double width, double height)
    {
        if (!(width > 0 && height > 0)) throw new ArgumentOutOfRangeException(nameof(width), "Page size must be positive.");
        var page = new PdfPageBuilder(width, height);
        _pages.Add(page);
        return page;
    }

    public byte[] ToBytes()
    {
        if (_pages.Count == 0) throw new InvalidOperationException("A PDF needs at least one page.");
        var fonts = Enum.GetValues<PdfFont>();

        // Object numbers: 1 catalog, 2 page tree, 3 info, then fonts, then per page its images, contents and page.
        var objects = new List<byte[]>();
        int Reserve() { objects.Add([]); return objects.Count; }
        var catalog = Reserve();
        var pageTree = Reserve();
        var info = Reserve();
        var fontObjects = fonts.ToDictionary(f => f, _ => Reserve());
        foreach (var font in fonts)
        {
            objects[fontObjects[font] - 1] = Ascii(
                $"<< /Type /Font /Subtype /Type1 /BaseFont /{FontMetrics.BaseFontName(font)} /Encoding /WinAnsiEncoding >>");
        }

        var fontResources = string.Join(" ", fonts.Select(f => $"/F{(int)f + 1} {fontObjects[f]} 0 R"));
        var pageObjects = new List<int>();
        foreach (var page in _pages)
        {
            var imageNames = new List<string>();
            foreach (var image in page.Images)
            {
                var number = Reserve();
                imageNames.Add($"/Im{imageNames.Count + 1} {number} 0 R");
                objects[number - 1] = Stream(
                    $"/Type /XObject /Subtype /Image /Width {image.Width} /Height {image.Height} /ColorSpace /DeviceGray /BitsPerComponent 8",
                    image.Pixels);
            }

            var contents = Reserve();
            objects[contents - 1] = Stream("", page.Content());
            var pageObject = Reserve();
            var xObjects = imageNames.Count > 0 ? $" /XObject << {string.Join(" ", imageNames)} >>" : "";
            objects[pageObject - 1] = Ascii(
                $"<< /Type /Page /Parent {pageTree} 0 R /MediaBox [0 0 {Number(page.Width)} {Number(page.Height)}] " +
                $"/Resources << /Font << {fontResources} >>{xObjects} /ProcSet [/PDF /Text /ImageB] >> /Contents {contents} 0 R >>");
            pageObjects.Add(pageObject);
        }

        objects[catalog - 1] = Ascii($"<< /Type /Catalog /Pages {pageTree} 0 R >>");
        objects[pageTree - 1] = Ascii($"<< /Type /Pages /Kids [{string.Join(" ", pageObjects.Select(n => $"{n} 0 R"))}] /Count {pageObjects.Count} >>");
        var infoEntries = new StringBuilder("<< /Producer (InvoiceScanner sample generator)");
        if (Title is not null) infoEntries.Append(" /Title ").Append(TextString(Title));
        if (Author is not null) infoEntries.Append(" /Author ").Append(TextString(Author));
        if (CreationDate is { } date) infoEntries.Append(CultureInfo.InvariantCulture, $" /CreationDate (D:{date:yyyyMMdd}090000Z)");
        objects[info - 1] = Ascii(infoEntries.Append(" >>").ToString());

        return Assemble(objects, catalog, info);
    }

    private static byte[] Assemble(List<byte[]> objects, int catalog, int info)
    {
        using var output = new MemoryStream();
        void Write(string text) => output.Write(Ascii(text));
        // The comment with bytes above 127 tells transfer tools the file is binary.
        Write("%PDF-1.4\n%");
        output.Write([0xE2, 0xE3, 0xCF, 0xD3, (byte)'\n']);

        var offsets = new long[objects.Count];
        for (var i = 0; i < objects.Count; i++)
        {
            offsets[i] = output.Position;
            Write($"{i + 1} 0 obj\n");
            output.Write(objects[i]);
            Write("\nendobj\n");
        }

        var xref = output.Position;
        // Each xref entry is exactly 20 bytes: 10-digit offset, 5-digit generation, type, space + LF.
        Write($"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) Write($"{offset:D10} 00000 n \n");

        var id = Convert.ToHexString(SHA256.HashData(output.GetBuffer().AsSpan(0, (int)output.Length))[..16]);
        Write($"trailer\n<< /Size {objects.Count + 1} /Root {catalog} 0 R /Info {info} 0 R /ID [<{id}> <{id}>] >>\nstartxref\n{xref}\n%%EOF\n");
        return output.ToArray();
    }

    private static byte[] Stream(string dictionaryEntries, byte[] data)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) zlib.Write(data);
        var header = $"<< {dictionaryEntries}{(dictionaryEntries.Length > 0 ? " " : "")}/Filter /FlateDecode /Length {compressed.Length} >>\nstream\n";
        return [.. Ascii(header), .. compressed.ToArray(), .. Ascii("\nendstream")];
    }

    /// <summary>An info-dictionary string: literal when plain ASCII, else UTF-16BE with a byte-order mark.</summary>
    private static string TextString(string text) =>
        text.All(c => c is >= ' ' and <= '~')
            ? "(" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal) + ")"
            : "<FEFF" + Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(text)) + ">";

    internal static string Number(double value) => Math.Round(value, 3).ToString("0.###", CultureInfo.InvariantCulture);

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
}

/// <summary>
/// Drawing on one page. Coordinates are points from the top-left corner (as layouts are usually thought of);
/// text is placed by its baseline. The PDF's bottom-left origin is handled here.
/// </summary>
public sealed class PdfPageBuilder
{
    private readonly StringBuilder _content = new();
    private readonly List<PdfGrayImage> _images = [];

    internal PdfPageBuilder(double width, double height)
    {
        Width = width;
        Height = height;
    }

    public double Width { get; }
    public double Height { get; }
    internal IReadOnlyList<PdfGrayImage> Images => _images;

    /// <summary>Writes <paramref name="text"/> with its baseline at <paramref name="y"/>; <paramref name="x"/> is the left, right or centre edge per <paramref name="align"/>. Returns the text width.</summary>
    public double Text(double x, double y, string text, PdfFont font, double size, TextAlign align = TextAlign.Left, PdfColor? color = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var width = FontMetrics.Width(text, font, size);
        var left = align switch { TextAlign.Right => x - width, TextAlign.Center => x - width / 2, _ => x };
        var c = color ?? PdfColor.Black;
        _content.Append(CultureInfo.InvariantCulture,
            $"BT {N(c.R)} {N(c.G)} {N(c.B)} rg /F{(int)font + 1} {N(size)} Tf {N(left)} {N(Height - y)} Td {Literal(text)} Tj ET\n");
        return width;
    }

    public void Line(double x1, double y1, double x2, double y2, double lineWidth = 0.5, PdfColor? color = null)
    {
        var c = color ?? PdfColor.Black;
        _content.Append(CultureInfo.InvariantCulture,
            $"{N(c.R)} {N(c.G)} {N(c.B)} RG {N(lineWidth)} w {N(x1)} {N(Height - y1)} m {N(x2)} {N(Height - y2)} l S\n");
    }

    /// <summary>A rectangle with its top-left corner at (<paramref name="x"/>, <paramref name="y"/>), filled and/or outlined.</summary>
    public void Rectangle(double x, double y, double width, double height, PdfColor? fill = null, PdfColor? stroke = null, double lineWidth = 0.5)
    {
        if (fill is null && stroke is null) return;
        var path = $"{N(x)} {N(Height - y - height)} {N(width)} {N(height)} re";
        if (fill is { } f) _content.Append(CultureInfo.InvariantCulture, $"{N(f.R)} {N(f.G)} {N(f.B)} rg ");
        if (stroke is { } s) _content.Append(CultureInfo.InvariantCulture, $"{N(s.R)} {N(s.G)} {N(s.B)} RG {N(lineWidth)} w ");
        _content.Append(path).Append(fill is not null && stroke is not null ? " B\n" : fill is not null ? " f\n" : " S\n");
    }

    /// <summary>Draws <paramref name="image"/> into the given box (top-left corner, size in points).</summary>
    public void Image(PdfGrayImage image, double x, double y, double width, double height)
    {
        _images.Add(image.Validate());
        _content.Append(CultureInfo.InvariantCulture,
            $"q {N(width)} 0 0 {N(height)} {N(x)} {N(Height - y - height)} cm /Im{_images.Count} Do Q\n");
    }

    internal byte[] Content() => Encoding.ASCII.GetBytes(_content.ToString());

    private static string N(double value) => PdfDocumentBuilder.Number(value);

    /// <summary>A PDF literal string in WinAnsi: delimiters escaped, non-ASCII bytes as octal so the stream stays ASCII.</summary>
    private static string Literal(string text)
    {
        var result = new StringBuilder(text.Length + 2).Append('(');
        foreach (var c in text)
        {
            var code = WinAnsi.Encode(c);
            if (code is (byte)'(' or (byte)')' or (byte)'\\') result.Append('\\').Append((char)code);
            else if (code is < 32 or > 126) result.Append('\\').Append(Convert.ToString(code, 8).PadLeft(3, '0'));
            else result.Append((char)code);
        }

        return result.Append(')').ToString();
    }
}
