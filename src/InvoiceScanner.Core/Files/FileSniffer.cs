namespace InvoiceScanner.Core.Files;

/// <summary>What the first bytes say a file is; <see cref="Kind"/> is null for anything we don't read.</summary>
public sealed record SniffResult(DocumentKind? Kind, string Description);

/// <summary>
/// Identifies uploads by magic bytes. S3 never inspects contents and the declared content type is the
/// client's word, so this is what decides whether a file goes to OCR.
/// </summary>
public static class FileSniffer
{
    private static ReadOnlySpan<byte> Png => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static ReadOnlySpan<byte> PdfHeader => "%PDF-"u8;
    private static ReadOnlySpan<byte> PdfTrailer => "%%EOF"u8;

    public static SniffResult Sniff(ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty)
            return new(null, "an empty file");
        // The PDF header may follow some leading junk: readers accept it within the first 1024 bytes.
        if (content[..Math.Min(content.Length, 1024)].IndexOf(PdfHeader) >= 0)
            return new(DocumentKind.Pdf, "a PDF document");
        if (content.StartsWith(Png))
            return new(DocumentKind.Png, "a PNG image");
        if (content.Length >= 3 && content[0] == 0xFF && content[1] == 0xD8 && content[2] == 0xFF)
            return new(DocumentKind.Jpeg, "a JPEG image");
        if (content.StartsWith("II*\0"u8) || content.StartsWith("MM\0*"u8))
            return new(DocumentKind.Tiff, "a TIFF image");
        if (MarkupStart(content) is { } markup)
            return IsHtml(markup) ? new(null, "an HTML page") : new(DocumentKind.Xml, "an XML document");
        return new(null, DescribeUnsupported(content));
    }

    /// <summary>A PDF cut short (an interrupted upload) lacks its end-of-file marker near the end.</summary>
    public static bool LooksTruncatedPdf(ReadOnlySpan<byte> content) =>
        content[Math.Max(0, content.Length - 2048)..].IndexOf(PdfTrailer) < 0;

    /// <summary>
    /// The text from the first '&lt;' of a markup document (after a byte-order mark and white space), decoded from
    /// UTF-8 or UTF-16; null when the file does not start like markup. What kind of XML it is, the e-invoice reader decides.
    /// </summary>
    private static string? MarkupStart(ReadOnlySpan<byte> content)
    {
        var head = content[..Math.Min(content.Length, 512)];
        string text;
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
            text = System.Text.Encoding.Unicode.GetString(head[2..]);
        else if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            text = System.Text.Encoding.BigEndianUnicode.GetString(head[2..]);
        else
            text = System.Text.Encoding.UTF8.GetString(head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? head[3..] : head);
        text = text.TrimStart(' ', '\t', '\r', '\n');
        return text.Length > 1 && text[0] == '<' && (text[1] is '?' or '!' or '_' || char.IsLetter(text[1])) ? text : null;
    }

    private static bool IsHtml(string markup)
    {
        var start = markup.AsSpan().TrimStart("<!").TrimStart();
        return start.StartsWith("doctype html", StringComparison.OrdinalIgnoreCase) || start.StartsWith("html", StringComparison.OrdinalIgnoreCase);
    }

    private static string DescribeUnsupported(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith("PK\x03\x04"u8)) return "a ZIP archive (or an Office document)";
        if (content.StartsWith("GIF8"u8)) return "a GIF image";
        if (content.Length >= 12 && content.StartsWith("RIFF"u8) && content[8..12].SequenceEqual("WEBP"u8)) return "a WebP image";
        if (content.Length >= 12 && content[4..8].SequenceEqual("ftyp"u8)) return "an HEIC/MP4 container";
        if (content.StartsWith("\x1F\x8B"u8)) return "a gzip archive";
        if (content.StartsWith("BM"u8)) return "a BMP image";
        return "not a PDF, JPEG, PNG, TIFF or XML file";
    }
}
