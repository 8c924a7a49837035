using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using InvoiceScanner.SampleInvoices.Pdf;

namespace InvoiceScanner.LocalHost.Reliability;

/// <summary>The raw material of the hostile corpus: a readable PDF and PNG to break, and the broken shapes themselves.</summary>
public static class HostileFiles
{
    /// <summary>A file the XXE probes point at; its content must never come back through the API.</summary>
    public const string CanaryPath = "/tmp/invoicescanner-reliability-xxe.txt";
    public const string CanaryContent = "XXE-CANARY-5e1f93c2b7";

    /// <summary>What /etc/passwd starts with on every Linux machine: proof a reply carries that file.</summary>
    public const string PasswdMarker = "root:x:0:0";

    public static byte[] TextPdf(string number, decimal total, params string[] extraLines)
    {
        var document = new PdfDocumentBuilder { Title = $"Invoice {number}" };
        var page = document.AddPage(595, 842);
        var y = 780.0;
        string[] lines = ["ACME Supplies Ltd", "1 High Street, London", $"Invoice {number}", "Date: 2026-11-20", .. extraLines,
            $"Total: {total:0.00} EUR"];
        foreach (var line in lines)
        {
            page.Text(50, y, line, PdfFont.Helvetica, 12);
            y -= 20;
        }
        return document.ToBytes();
    }

    /// <summary>A hand-written PDF: objects 1..n given as bodies, with a correct xref unless <paramref name="xref"/> replaces it.</summary>
    public static byte[] RawPdf(IReadOnlyList<string> objects, string trailerExtra = "", string? xref = null)
    {
        var text = new StringBuilder("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(Encoding.Latin1.GetByteCount(text.ToString()));
            text.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var start = Encoding.Latin1.GetByteCount(text.ToString());
        if (xref is null)
        {
            text.Append($"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
            foreach (var offset in offsets)
                text.Append($"{offset:D10} 00000 n \n");
        }
        else
        {
            text.Append(xref);
        }
        text.Append($"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R {trailerExtra}>>\nstartxref\n{start}\n%%EOF\n");
        return Encoding.Latin1.GetBytes(text.ToString());
    }

    /// <summary>Catalog, pages and one page showing <paramref name="text"/>; <paramref name="pagesDict"/> may lie about the tree.</summary>
    public static List<string> OnePageObjects(string text, string? pagesDict = null)
    {
        var content = $"BT /F1 12 Tf 50 780 Td ({text}) Tj ET";
        return
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            pagesDict ?? "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            $"<< /Length {content.Length} >>\nstream\n{content}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ];
    }

    public static byte[] Png(int width, int height, byte[]? idat = null)
    {
        using var stream = new MemoryStream();
        stream.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth; colour type 0 (gray)
        Chunk(stream, "IHDR", header);
        Chunk(stream, "IDAT", idat ?? GrayPixels(width, height));
        Chunk(stream, "IEND", []);
        return stream.ToArray();
    }

    private static byte[] GrayPixels(int width, int height)
    {
        using var raw = new MemoryStream();
        using (var zlib = new ZLibStream(raw, CompressionLevel.Fastest, leaveOpen: true))
        {
            for (var y = 0; y < height; y++)
            {
                zlib.WriteByte(0); // filter: none
                for (var x = 0; x < width; x++)
                    zlib.WriteByte((byte)((x + y) % 2 == 0 ? 255 : 0));
            }
        }
        return raw.ToArray();
    }

    private static void Chunk(Stream stream, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        stream.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(length, Crc32(typed));
        stream.Write(length);
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }

    /// <summary>A baseline JPEG header declaring <paramref name="width"/>×<paramref name="height"/>, then <paramref name="tail"/>.</summary>
    public static byte[] Jpeg(int width, int height, byte[] tail)
    {
        byte[] header =
        [
            0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
            0xFF, 0xC0, 0x00, 0x11, 0x08, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 0x03,
            0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01,
        ];
        return [.. header, .. tail];
    }

    /// <summary>A little-endian TIFF whose one IFD declares the size and a strip that is not there.</summary>
    public static byte[] Tiff(int width, int height)
    {
        var data = new byte[8 + 2 + 4 * 12 + 4];
        "II*\0"u8.CopyTo(data);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(4), 8);
        BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(8), 4);
        (short Tag, int Value)[] entries = [(256, width), (257, height), (273, 1_000_000), (279, width * 4)];
        for (var i = 0; i < entries.Length; i++)
        {
            var at = 10 + i * 12;
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(at), entries[i].Tag);
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(at + 2), 4); // LONG
            BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(at + 4), 1);
            BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(at + 8), entries[i].Value);
        }
        return data;
    }

    public static string XxeXml(string path, int variant) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE Invoice [ <!ENTITY xxe SYSTEM "file://{path}"> ]>
        <Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
                 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
          <cbc:ID>X-{variant}-&xxe;</cbc:ID><cbc:Note>&xxe;</cbc:Note><cbc:IssueDate>2026-11-{10 + variant % 18}</cbc:IssueDate>
          <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
        </Invoice>
        """;

    public static string BillionLaughsXml(int depth, int variant)
    {
        var text = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol0 \"lol\">\n");
        for (var i = 1; i <= depth; i++)
            text.Append($" <!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">\n");
        text.Append($"]>\n<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"><ID>{variant}</ID><Note>&lol{depth};</Note></Invoice>\n");
        return text.ToString();
    }
}
