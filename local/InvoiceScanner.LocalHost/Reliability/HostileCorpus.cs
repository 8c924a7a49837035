using System.Text;
using static InvoiceScanner.LocalHost.Reliability.HostileFiles;

namespace InvoiceScanner.LocalHost.Reliability;

/// <summary>
/// One corpus file. <see cref="MayComplete"/>: the file is still legitimately readable (a PDF with a tail, a real image
/// under the wrong type), so COMPLETED/NEEDS_REVIEW is as right as FAILED with a code.
/// </summary>
public sealed record CorpusFile(string Name, string Kind, string ContentType, byte[] Content, bool MayComplete)
{
    public bool ExpectRefused => Content.Length > HostileCorpus.MaxUploadBytes;
}

/// <summary>
/// Hostile uploads generated in memory from a seed, so a finding can be replayed byte for byte: broken, lying and
/// malicious PDFs, images, XML, and one file over the size limit.
/// </summary>
public static class HostileCorpus
{
    public const int MaxUploadBytes = 10 * 1024 * 1024;

    // Before Kinds: static fields initialise in order.
    private static readonly byte[] BasePdf = TextPdf("INV-2026-0042", 119.00m, "Consulting 100.00", "VAT 19% 19.00");
    private static readonly byte[] BasePng = Png(64, 48);

    private sealed record Kind(string Name, int Count, string ContentType, bool MayComplete, Func<Random, int, int, byte[]> Make);

    /// <summary>The content type a wrong-content-type file is declared with (see its kind), by index.</summary>
    private const string WrongType = "wrong";
    private static readonly string[] WrongTypes = ["application/pdf", "image/jpeg", "image/png"];

    private static readonly Kind[] Kinds =
    [
        // From just past the header ("%PDF-1.7") to one byte short.
        new("truncated-pdf", 100, "application/pdf", true, (_, i, n) => Cut(BasePdf, 8 + (int)((long)(BasePdf.Length - 9) * i / n))),
        new("broken-xref-pdf", 30, "application/pdf", true, (r, i, _) => RawPdf(OnePageObjects($"Invoice X{i} Total 10.00"),
            xref: $"xref\n0 9\n{Garbage(r, 40 + i)}\n")),
        new("encrypted-pdf", 20, "application/pdf", true, (r, i, _) => RawPdf(
            [.. OnePageObjects($"Invoice E{i}"), $"<< /Filter /Standard /V 2 /R 3 /Length 128 /P -{4 + i} /O <{Hex(r, 32)}> /U <{Hex(r, 32)}> >>"],
            $"/Encrypt 6 0 R /ID [<{Hex(r, 16)}> <{Hex(r, 16)}>] ")),
        new("huge-page-count-pdf", 20, "application/pdf", true, (_, i, _) => RawPdf(OnePageObjects($"Invoice H{i}",
            $"<< /Type /Pages /Kids [{string.Concat(Enumerable.Repeat("3 0 R ", 1 + i * 50))}] /Count {100_000_000 + i} >>"))),
        new("recursive-pages-pdf", 20, "application/pdf", true, (_, i, _) => RawPdf(OnePageObjects($"Invoice R{i}",
            $"<< /Type /Pages /Kids [2 0 R 3 0 R] /Parent 2 0 R /Count {i + 2} >>"))),
        new("deep-reference-pdf", 10, "application/pdf", true, (_, i, _) => DeepReferences(2000 + i * 500)),
        new("empty", 1, "application/pdf", false, (_, _, _) => []),
        new("random-bytes", 40, "application/pdf", false, (r, i, _) => Bytes(r, 16 + i * 997)),
        new("polyglot-pdf-zip", 20, "application/pdf", true, (r, i, _) => [.. BasePdf, .. "PK\u0003\u0004"u8, .. Bytes(r, 200 + i)]),
        new("polyglot-pdf-html", 20, "application/pdf", true, (_, i, _) =>
            [.. BasePdf, .. Encoding.ASCII.GetBytes($"<html><script>alert({i})</script><iframe src=file:///etc/passwd></html>")]),
        new("polyglot-png-garbage", 20, "image/png", false, (r, i, _) => [.. Png(8, 8)[..16], .. Bytes(r, 100 + i * 31)]),
        new("huge-png", 20, "image/png", false, (r, i, _) => Png(100_000 + i, 100_000, Bytes(r, 64))),
        new("huge-jpeg", 20, "image/jpeg", false, (r, i, _) => Jpeg(65_000 - i, 65_000, [.. Bytes(r, 128), 0xFF, 0xD9])),
        new("truncated-png", 30, "image/png", true, (_, i, n) => Cut(BasePng, 8 + (BasePng.Length - 9) * i / n)),
        new("truncated-jpeg", 30, "image/jpeg", true, (r, i, _) => Jpeg(800 + i, 600, Bytes(r, 50 + i * 7))),
        new("truncated-tiff", 20, "image/tiff", false, (_, i, _) => Tiff(1000 + i, 1000 + i)),
        // A PNG, an XML file and a text PDF, each declared as another type: the content must decide.
        new("wrong-content-type", 30, WrongType, true, (_, i, _) => (i % 3) switch
        {
            0 => Png(40 + i, 40),
            1 => Encoding.UTF8.GetBytes($"<note><to>{i}</to></note>"),
            _ => TextPdf($"WT-{i:D3}", 10 + i),
        }),
        new("xxe-xml", 20, "application/xml", false, (_, i, _) =>
            Encoding.UTF8.GetBytes(XxeXml(i % 2 == 0 ? CanaryPath : "/etc/passwd", i))),
        new("billion-laughs-xml", 10, "application/xml", false, (_, i, _) => Encoding.UTF8.GetBytes(BillionLaughsXml(5 + i % 5, i))),
        new("doctype-xml", 10, "text/xml", false, (_, i, _) => Encoding.UTF8.GetBytes(
            $"<?xml version=\"1.0\"?>\n<!DOCTYPE Invoice SYSTEM \"http://127.0.0.1:9/dtd/{i}.dtd\">\n<Invoice><ID>D{i}</ID></Invoice>")),
        new("non-invoice-xml", 20, "application/xml", false, (_, i, _) => Encoding.UTF8.GetBytes(i % 2 == 0
            ? $"<Order xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Order-2\"><ID>PO-{i}</ID></Order>"
            : $"<rss version=\"2.0\"><channel><title>feed {i}</title></channel></rss>")),
        new("oversize", 1, "application/pdf", false, (_, _, _) => [.. BasePdf, .. new byte[MaxUploadBytes + 1 - BasePdf.Length]]),
    ];

    /// <summary>The kinds, in the order they are generated.</summary>
    public static IReadOnlyList<string> KindNames => Kinds.Select(k => k.Name).ToList();

    /// <summary>The corpus for a seed: every kind, <c>quick</c> a tenth of each (at least one).</summary>
    public static IReadOnlyList<CorpusFile> Generate(int seed, bool quick)
    {
        var files = new List<CorpusFile>();
        for (var k = 0; k < Kinds.Length; k++)
        {
            var kind = Kinds[k];
            var count = quick ? Math.Max(1, kind.Count / 10) : kind.Count;
            for (var i = 0; i < count; i++)
            {
                // A generator per file: one kind's count never shifts another kind's bytes.
                var random = new Random(unchecked(seed * 7919 + k * 1009 + i));
                var content = kind.Make(random, i, count);
                var type = kind.ContentType == WrongType ? WrongTypes[i % 3] : kind.ContentType;
                files.Add(new CorpusFile($"{kind.Name}-{i:D3}{Extension(type)}", kind.Name, type, content, kind.MayComplete));
            }
        }
        return files;
    }

    private static byte[] DeepReferences(int depth)
    {
        // Object 6 → 7 → … → depth: a chain a recursive resolver follows to the end.
        var objects = OnePageObjects("Invoice deep");
        objects[2] = objects[2].Replace(">> >>", ">> >> /Annots 6 0 R", StringComparison.Ordinal);
        for (var i = 6; i < depth; i++)
            objects.Add($"<< /Next {i + 1} 0 R >>");
        objects.Add("<< /Next 6 0 R >>");
        return RawPdf(objects);
    }

    private static byte[] Cut(byte[] content, int length) => content[..Math.Clamp(length, 1, content.Length - 1)];

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string Garbage(Random random, int length) =>
        new(Enumerable.Range(0, length).Select(_ => (char)random.Next(33, 127)).ToArray());

    private static string Hex(Random random, int bytes) => Convert.ToHexString(Bytes(random, bytes));

    private static string Extension(string contentType) => contentType switch
    {
        "image/png" => ".png",
        "image/jpeg" => ".jpg",
        "image/tiff" => ".tif",
        "application/xml" or "text/xml" => ".xml",
        _ => ".pdf",
    };
}
