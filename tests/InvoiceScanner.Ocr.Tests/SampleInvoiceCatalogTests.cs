using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using InvoiceScanner.Ocr.Tests.Support;
using InvoiceScanner.SampleInvoices;
using InvoiceScanner.SampleInvoices.Pdf;

namespace InvoiceScanner.Ocr.Tests;

public sealed class SampleInvoiceCatalogTests
{
    public static TheoryData<string> AllSamples => new(SampleInvoiceCatalog.All.Select(s => s.Name));

    [Fact]
    public void Catalog_has_varied_uniquely_named_samples()
    {
        var all = SampleInvoiceCatalog.All;

        Assert.InRange(all.Count, 6, 12);
        Assert.Equal(all.Count, all.Select(s => s.Name).Distinct().Count());
        Assert.All(all, s => Assert.Matches("^[a-z0-9-]+$", s.Name));
        Assert.Equal(["AUD", "EUR", "GBP", "MYR", "USD"], all.Select(s => s.Expected.Currency).Distinct().Order());
        Assert.Contains(all, s => s.Expected.PageCount == 2);
        Assert.Contains(all, s => s.Expected.DocumentType == "receipt");
    }

    [Theory]
    [MemberData(nameof(AllSamples))]
    public void Amounts_add_up(string name)
    {
        var e = SampleInvoiceCatalog.Get(name).Expected;

        Assert.NotEmpty(e.LineItems);
        Assert.All(e.LineItems, i => Assert.Equal(Math.Round(i.Quantity * i.UnitPrice, 2, MidpointRounding.AwayFromZero), i.Amount));
        Assert.Equal(e.LineItems.Sum(i => i.Amount), e.Subtotal);
        Assert.Equal(Math.Round(e.Subtotal * e.TaxRate!.Value / 100, 2, MidpointRounding.AwayFromZero), e.Tax);
        Assert.Equal(e.Subtotal + e.Tax, e.Total);
        if (e.AmountDue is { } due) Assert.Equal(e.Total, due);
        Assert.True(e.DueDate is null || e.DueDate > e.InvoiceDate);
        Assert.All(e.LineItems, i => Assert.InRange(i.Page, 1, e.PageCount));
    }

    [Theory]
    [MemberData(nameof(AllSamples))]
    public async Task Pdf_is_accepted_by_poppler_without_warnings_and_prints_the_expected_values(string name)
    {
        var sample = SampleInvoiceCatalog.Get(name);
        var pdf = sample.RenderPdf();
        using var folder = new TempFolder();
        var path = folder.File(name + ".pdf");
        await File.WriteAllBytesAsync(path, pdf, TestContext.Current.CancellationToken);

        var info = await Tools.RunAsync("pdfinfo", path);
        var text = await Tools.RunAsync("pdftotext", "-enc", "UTF-8", path, "-");

        Assert.Equal("", info.StandardErrorTail);
        Assert.Equal("", text.StandardErrorTail);
        Assert.Matches(@"PDF version:\s+1\.4\n", info.StandardOutputText);
        Assert.Matches($@"Pages:\s+{sample.Expected.PageCount}\n", info.StandardOutputText);
        var printed = OcrText.Normalize(text.StandardOutputText);
        foreach (var value in new[] { sample.Expected.VendorName, sample.Expected.InvoiceNumber, sample.Expected.TotalAsPrinted, sample.Expected.InvoiceDateAsPrinted }
                     .Concat(new[] { sample.Expected.PoNumber, sample.Expected.VendorTaxId, sample.Expected.ReceiverName, sample.Expected.VendorPhone }.OfType<string>())
                     .Concat(sample.Expected.LineItems.Select(i => i.Description)))
        {
            Assert.Contains(OcrText.Normalize(value), printed);
        }
    }

    [Theory]
    [MemberData(nameof(AllSamples))]
    public void Rendering_is_deterministic_and_the_xref_table_points_at_every_object(string name)
    {
        var sample = SampleInvoiceCatalog.Get(name);
        var pdf = sample.RenderPdf();

        Assert.Equal(pdf, sample.RenderPdf());
        AssertXrefIsExact(pdf);
    }

    [Fact]
    public async Task Pdf_writer_keeps_winansi_characters_and_escapes_delimiters()
    {
        var builder = new PdfDocumentBuilder { Title = "Faktura – Ü", Author = "A (B)" };
        var page = builder.AddPage(400, 200);
        const string line = "€ 1.234,56 £ 9 – “Crème brûlée” (Größe) \\ Œuvre ™";
        page.Text(20, 50, line, PdfFont.Helvetica, 10);
        page.Text(20, 80, "Courier: naïve façade", PdfFont.Courier, 10);
        builder.AddPage(200, 400).Text(10, 30, "second page", PdfFont.HelveticaBold, 12);
        var pdf = builder.ToBytes();
        using var folder = new TempFolder();
        await File.WriteAllBytesAsync(folder.File("w.pdf"), pdf, TestContext.Current.CancellationToken);

        var text = await Tools.RunAsync("pdftotext", "-enc", "UTF-8", "-layout", folder.File("w.pdf"), "-");
        var info = await Tools.RunAsync("pdfinfo", folder.File("w.pdf"));

        Assert.Contains(line, text.StandardOutputText);
        Assert.Contains("Courier: naïve façade", text.StandardOutputText);
        Assert.Contains("second page", text.StandardOutputText);
        Assert.Contains("Title:           Faktura – Ü", info.StandardOutputText);
        Assert.Contains("Author:          A (B)", info.StandardOutputText);
        Assert.Contains("Pages:           2", info.StandardOutputText);
        AssertXrefIsExact(pdf);
        Assert.Throws<ArgumentException>(() => page.Text(0, 0, "日本", PdfFont.Helvetica, 10));
    }

    [Fact]
    public async Task Right_aligned_text_ends_where_the_layout_says()
    {
        var builder = new PdfDocumentBuilder();
        var page = builder.AddPage(300, 100);
        page.Text(250, 40, "Total €1,234.56", PdfFont.HelveticaBold, 11, TextAlign.Right);
        page.Text(250, 70, "Qté 3 038,14", PdfFont.Helvetica, 9, TextAlign.Right);
        using var folder = new TempFolder();
        await File.WriteAllBytesAsync(folder.File("a.pdf"), builder.ToBytes(), TestContext.Current.CancellationToken);

        var bbox = (await Tools.RunAsync("pdftotext", "-bbox", folder.File("a.pdf"), "-")).StandardOutputText;

        // The last word of each line ends at x = 250 pt when the font metrics match poppler's.
        var ends = Regex.Matches(bbox, "xMax=\"([0-9.]+)\"[^>]*>(€1,234.56|038,14)<").Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(2, ends.Count);
        Assert.All(ends, x => Assert.Equal(250, x, 2));
    }

    [Fact]
    public async Task Png_rendering_is_a_png_of_the_first_page_at_the_requested_resolution()
    {
        var pdf = SampleInvoiceCatalog.Get("us-office-supply-invoice").RenderPdf();

        var png = await SampleInvoiceImages.RenderPngAsync(pdf, 100, TestContext.Current.CancellationToken);

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        // Letter is 8.5 × 11 in.
        Assert.Equal(850u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(1100u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(20)));
    }

    [Fact]
    public void Expected_values_serialise_with_the_source_generated_context()
    {
        var expected = SampleInvoiceCatalog.Get("fr-luminaires-facture").Expected;

        var json = JsonSerializer.Serialize(expected, SampleInvoiceJsonContext.Default.ExpectedInvoice);
        var copy = JsonSerializer.Deserialize(json, SampleInvoiceJsonContext.Default.ExpectedInvoice)!;

        Assert.Contains("\"invoiceDate\": \"2024-01-22\"", json);
        Assert.Contains("\"total\": 3038.14", json);
        Assert.Equal(expected with { LineItems = copy.LineItems }, copy);
        Assert.Equal(expected.LineItems, copy.LineItems);
    }

    [Fact]
    public async Task Cli_writes_pdf_png_and_expected_json_for_each_sample()
    {
        using var folder = new TempFolder();
        var entry = System.Reflection.Assembly.Load("InvoiceScanner.SampleInvoices.Cli").EntryPoint!;
        var originalOut = Console.Out;
        int exitCode;
        try
        {
            Console.SetOut(TextWriter.Null);
            var result = entry.Invoke(null, [new[] { "--out", folder.Path, "--png", "--only", "my-grocery-till-receipt", "--dpi", "100" }]);
            exitCode = result is Task<int> task ? await task : (int)result!;
        }
        finally
        {
            Console.SetOut(originalOut);
        }

        Assert.Equal(0, exitCode);
        Assert.Equal(
            ["my-grocery-till-receipt.expected.json", "my-grocery-till-receipt.pdf", "my-grocery-till-receipt.png"],
            folder.Entries.Select(Path.GetFileName).Order());
        var expected = JsonSerializer.Deserialize(await File.ReadAllBytesAsync(folder.File("my-grocery-till-receipt.expected.json"), TestContext.Current.CancellationToken),
            SampleInvoiceJsonContext.Default.ExpectedInvoice)!;
        Assert.Equal(70.28m, expected.Total);
        Assert.Equal(SampleInvoiceCatalog.Get("my-grocery-till-receipt").RenderPdf(), await File.ReadAllBytesAsync(folder.File("my-grocery-till-receipt.pdf"), TestContext.Current.CancellationToken));
    }

    /// <summary>Every xref entry must be the byte offset of "N 0 obj", and startxref the offset of "xref".</summary>
    private static void AssertXrefIsExact(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var startxref = int.Parse(Regex.Match(text, @"startxref\n(\d+)\n%%EOF\n$").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith("xref\n0 ", text[startxref..]);
        var header = Regex.Match(text[startxref..], @"^xref\n0 (\d+)\n");
        var count = int.Parse(header.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var entries = text.Substring(startxref + header.Length, count * 20);
        Assert.Equal("0000000000 65535 f \n", entries[..20]);
        for (var n = 1; n < count; n++)
        {
            var entry = entries.Substring(n * 20, 20);
            Assert.Matches(@"^\d{10} 00000 n \n$", entry);
            var offset = int.Parse(entry[..10], System.Globalization.CultureInfo.InvariantCulture);
            Assert.StartsWith($"{n} 0 obj\n", text[offset..]);
        }
    }
}
