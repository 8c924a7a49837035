using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Files;
using InvoiceScanner.EInvoices;
using InvoiceScanner.Extraction;

namespace InvoiceScanner.Eval;

/// <summary>
/// The hybrid PDFs' pages. The product's path (XML read, page compared) must complete every valid one; the visual path
/// (the page read as if there were no XML) is scored against the XML, counting only values printed on the page, one
/// document per distinct invoice, split by producer family: FNFE's Factur-X samples and FeRD's ZUGFeRD 2.4 samples
/// are held out, the older FeRD/Mustang corpus (ZUGFeRD 1.0 to 2.3, XRechnung) is development.
/// </summary>
internal static class EInvoicePageEval
{
    public static readonly string[] FieldOrder =
        ["vendor_name", "vendor_tax_id", "receiver_name", "invoice_number", "invoice_date", "due_date", "po_number", "subtotal", "tax", "total", "amount_due", "currency"];

    private static readonly string[] HoldoutFamilies = ["facturx", "zugferd2p4"];

    public static async Task<List<Report>> RunAsync(string directory, IReadOnlyList<(string Name, ExtractionResult Xml)> pdfs, bool useCache, CancellationToken ct)
    {
        var local = new LocalInvoiceExtractor();
        var product = new EInvoiceExtractor(local, local);
        var finder = new EInvoiceFinder();
        var pipeline = new Report($"einvoices pdf product path [XML read, page by pdftotext compared] ({pdfs.Count} PDFs)", []);
        var visual = new[] { "dev (FeRD/Mustang corpus)", "holdout (Factur-X FNFE, ZUGFeRD 2.4)", "all" }
            .Select(split => new Report($"einvoices page only {split} [pdftotext, XML ignored; values printed on the page]", FieldOrder)).ToArray();
        var seen = new HashSet<string>();
        var statuses = new Dictionary<string, int>();
        foreach (var (name, xml) in pdfs)
        {
            var path = Path.Combine(directory, name);
            var page = await OcrAdapters.RecognizeFileAsync(path, useCache, ct);
            var found = finder.Find(DocumentKind.Pdf, await File.ReadAllBytesAsync(path, ct));
            var read = await product.ExtractAsync(page with { EInvoice = found }, ExtractionOptions.Default, ct);
            var mismatches = read.ReviewReasons.Where(r => r.Code == "PDF_XML_MISMATCH").ToList();
            var status = read.NeedsReview ? "NEEDS_REVIEW" : "COMPLETED";
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            foreach (var mismatch in mismatches)
                pipeline.Notes.Add($"   {name}: {mismatch.Message}");

            if (!seen.Add(InvoiceKey(xml.Fields)))
                continue;
            var pageOnly = local.Extract(page, ExtractionOptions.Default);
            var holdout = HoldoutFamilies.Contains(Family(Path.GetFileName(name)));
            foreach (var report in new[] { visual[holdout ? 1 : 0], visual[2] })
                Score(report, Path.GetFileName(name), xml.Fields, PrintedValues.Of(page), pageOnly);
        }
        pipeline.Notes.Insert(0, $"-- statuses: {string.Join(", ", statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} {s.Value}"))}; " +
                                 $"PDF_XML_MISMATCH on {pipeline.Notes.Count} field(s):");
        return [pipeline, .. visual];
    }

    /// <summary>The producer family, from the dataset's file-name prefix (zugferd1p0-, facturx-, EN16931_ …).</summary>
    public static string Family(string file) => file.Split('-', '_')[0];

    private static string InvoiceKey(InvoiceFields f) =>
        $"{PrintedValues.Compact(f.InvoiceNumber?.Value ?? "")}|{PrintedValues.Compact(f.VendorName?.Value ?? "")}|{f.Total?.Value}";

    private static void Score(Report report, string document, InvoiceFields xml, PrintedValues printed, ExtractionResult page)
    {
        report.Documents++;
        var got = page.Fields;
        var misses = report.Misses.Count;
        Text(report, document, "vendor_name", xml.VendorName, got.VendorName, printed.HasName, SameName);
        Text(report, document, "vendor_tax_id", xml.VendorTaxId, got.VendorTaxId, printed.HasIdentifier, SameId);
        Text(report, document, "receiver_name", xml.ReceiverName, got.ReceiverName, printed.HasName, SameName);
        Text(report, document, "invoice_number", xml.InvoiceNumber, got.InvoiceNumber, printed.HasIdentifier, SameId);
        Value(report, document, "invoice_date", xml.InvoiceDate, got.InvoiceDate, printed.HasDate, (a, b) => a == b);
        Value(report, document, "due_date", xml.DueDate, got.DueDate, printed.HasDate, (a, b) => a == b);
        Text(report, document, "po_number", xml.PoNumber, got.PoNumber, printed.HasIdentifier, SameId);
        Value(report, document, "subtotal", xml.Subtotal, got.Subtotal, printed.HasAmount, SameAmount);
        Value(report, document, "tax", xml.Tax, got.Tax, printed.HasAmount, SameAmount);
        Value(report, document, "total", xml.Total, got.Total, printed.HasAmount, SameAmount);
        Value(report, document, "amount_due", xml.AmountDue, got.AmountDue, printed.HasAmount, SameAmount);
        Text(report, document, "currency", xml.Currency, got.Currency, printed.HasCurrency, (a, b) => a == b);
        var allRight = report.Misses.Count == misses;
        Count(report, allRight ? "every scored field right" : "some field wrong");
        if (!page.NeedsReview)
            Count(report, allRight ? "straight-through, all right" : "straight-through, some field wrong");
    }

    private static void Count(Report report, string what) => report.Counts[what] = report.Counts.GetValueOrDefault(what) + 1;

    private static bool SameName(string expected, string got)
    {
        var (a, b) = (PrintedValues.Compact(expected), PrintedValues.Compact(got));
        return a.Length > 0 && b.Length > 0 && (a == b || ((a.Contains(b, StringComparison.Ordinal) || b.Contains(a, StringComparison.Ordinal)) && Math.Min(a.Length, b.Length) * 2 >= Math.Max(a.Length, b.Length)));
    }

    private static bool SameId(string expected, string got) => PrintedValues.Compact(expected) == PrintedValues.Compact(got);

    private static bool SameAmount(decimal expected, decimal got) => Math.Abs(expected) == Math.Abs(got);

    private static void Text(Report report, string document, string field, Field<string>? xml, Field<string>? got, Func<string, bool> printed, Func<string, string, bool> same) =>
        report.Score(document, field, xml is not null && printed(xml.Value) ? xml.Value : null, got?.Value,
            xml is not null && got is not null && same(xml.Value, got.Value));

    private static void Value<T>(Report report, string document, string field, Field<T>? xml, Field<T>? got, Func<T, bool> printed, Func<T, T, bool> same) where T : struct =>
        report.Score(document, field, xml is not null && printed(xml.Value) ? Format(xml.Value) : null, got is null ? null : Format(got.Value),
            xml is not null && got is not null && same(xml.Value, got.Value));

    private static string Format<T>(T value) => value switch
    {
        DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        decimal m => m.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "",
    };
}
