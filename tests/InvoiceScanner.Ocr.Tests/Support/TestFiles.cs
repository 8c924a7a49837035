using System.Buffers.Binary;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.SampleInvoices;
using InvoiceScanner.SampleInvoices.Pdf;

namespace InvoiceScanner.Ocr.Tests.Support;

/// <summary>Documents made at test time (nothing binary is checked into the repository).</summary>
internal static class TestFiles
{
    public static OcrInput Input(byte[] content, DocumentKind kind) => new("test-bucket", "uploads/test", kind, content);

    public static byte[] Sample(string name) => SampleInvoiceCatalog.Get(name).RenderPdf();

    /// <summary>A PDF with <paramref name="pages"/> pages that each carry one short line of text.</summary>
    public static byte[] PdfWithPages(int pages)
    {
        var pdf = new PdfDocumentBuilder();
        for (var i = 1; i <= pages; i++)
            pdf.AddPage(595.28, 841.89).Text(60, 80, $"Page {i} of a long statement with enough words to count as text", PdfFont.Helvetica, 11);
        return pdf.ToBytes();
    }

    /// <summary>A PDF whose only page holds rules and boxes: no text layer and nothing for OCR to read.</summary>
    public static byte[] PdfWithOnlyRectangles()
    {
        var pdf = new PdfDocumentBuilder();
        var page = pdf.AddPage(595.28, 841.89);
        page.Rectangle(60, 60, 200, 120, stroke: PdfColor.Black, lineWidth: 1);
        page.Rectangle(300, 60, 240, 40, fill: PdfColor.Gray(0.85));
        page.Line(60, 400, 535, 400, 1);
        return pdf.ToBytes();
    }

    /// <summary>
    /// A PDF encrypted with the standard handler whose user password is not empty: readers cannot open it without
    /// the password (the /U check value matches no password, which is all a reader can tell).
    /// </summary>
    public static byte[] PasswordProtectedPdf()
    {
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
            $"<< /Filter /Standard /V 1 /R 2 /O <{new string('1', 64)}> /U <{new string('2', 64)}> /P -3904 >>",
        ];
        var pdf = new System.Text.StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) pdf.Append($"{offset:D10} 00000 n \n");
        const string id = "0123456789ABCDEF0123456789ABCDEF";
        pdf.Append($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R /Encrypt 4 0 R /ID [<{id}> <{id}>] >>\nstartxref\n{xref}\n%%EOF\n");
        return System.Text.Encoding.ASCII.GetBytes(pdf.ToString());
    }

    /// <summary>
    /// A baseline TIFF (uncompressed 8-bit grey) holding one image per page; written here because no TIFF tool
    /// with multi-page output is installed.
    /// </summary>
    public static byte[] MultiPageTiff(IReadOnlyList<PdfGrayImage> pages)
    {
        using var output = new MemoryStream();
        var writer = new BinaryWriter(output);
        writer.Write("II*\0"u8);
        writer.Write(0u); // first IFD offset, patched below
        var previousNextPointer = 4L;
        foreach (var page in pages)
        {
            var pixelOffset = output.Position;
            writer.Write(page.Pixels);
            if (output.Position % 2 == 1) writer.Write((byte)0);
            var ifd = output.Position;
            Patch(output, previousNextPointer, (uint)ifd);
            (ushort Tag, ushort Type, uint Value)[] entries =
            [
                (256, 4, (uint)page.Width),          // ImageWidth
                (257, 4, (uint)page.Height),         // ImageLength
                (258, 3, 8),                          // BitsPerSample
                (259, 3, 1),                          // Compression: none
                (262, 3, 1),                          // Photometric: black is zero
                (273, 4, (uint)pixelOffset),          // StripOffsets
                (277, 3, 1),                          // SamplesPerPixel
                (278, 4, (uint)page.Height),         // RowsPerStrip
                (279, 4, (uint)page.Pixels.Length),  // StripByteCounts
            ];
            writer.Write((ushort)entries.Length);
            foreach (var (tag, type, value) in entries)
            {
                writer.Write(tag);
                writer.Write(type);
                writer.Write(1u);
                if (type == 3) { writer.Write((ushort)value); writer.Write((ushort)0); }
                else writer.Write(value);
            }

            previousNextPointer = output.Position;
            writer.Write(0u);
        }

        writer.Flush();
        return output.ToArray();
    }

    private static void Patch(MemoryStream stream, long position, uint value) =>
        BinaryPrimitives.WriteUInt32LittleEndian(stream.GetBuffer().AsSpan((int)position, 4), value);

    /// <summary>Renders page <paramref name="page"/> of a PDF as 8-bit grey pixels with pdftoppm.</summary>
    public static async Task<PdfGrayImage> GrayPageAsync(byte[] pdf, int page, int dpi)
    {
        using var folder = new TempFolder();
        var input = folder.File("in.pdf");
        await File.WriteAllBytesAsync(input, pdf, TestContext.Current.CancellationToken);
        await Tools.RunAsync("pdftoppm", "-r", dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), "-f", page.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-l", page.ToString(System.Globalization.CultureInfo.InvariantCulture), "-gray", "-singlefile", input, folder.File("page"));
        return SampleInvoiceImages.ReadPgm(await File.ReadAllBytesAsync(folder.File("page.pgm"), TestContext.Current.CancellationToken));
    }
}
