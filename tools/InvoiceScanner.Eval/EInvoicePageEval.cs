using System.Globalization;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Validation;
using InvoiceScanner.EInvoices;
using InvoiceScanner.Extraction;
using InvoiceScanner.Extraction.Fields.Parties;

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
        ["vendor_name", "vendor_tax_id", "receiver_name", "invoice_number", "invoice_date", "due_date", "po_number", "subtotal", "tax_basis", "tax", "total", "amount_due", "currency", "iban", "bic"];

    private static readonly string[] HoldoutFamilies = ["facturx", "zugferd2p4"];

    /// <summary>The product's path: the XML read, the page read by pdftotext and compared; how many complete.</summary>
    public static async Task<Report> ProductPathAsync(string directory, IReadOnlyList<string> pdfs, bool useCache, CancellationToken ct)
    {
        var local = new LocalInvoiceExtractor();
        var product = new EInvoiceExtractor(local, local);
        var finder = new EInvoiceFinder();
        var pipeline = new Report($"einvoices pdf product path [XML read, page by {OcrAdapters.TextLayerReader} compared] ({pdfs.Count} PDFs)", []);
        var statuses = new Dictionary<string, int>();
        var held = new List<string>();
        foreach (var name in pdfs)
        {
            var path = Path.Combine(directory, name);
            var page = await OcrAdapters.RecognizeFileAsync(path, useCache, ct);
            var found = finder.Find(DocumentKind.Pdf, await File.ReadAllBytesAsync(path, ct));
            var read = await product.ExtractAsync(page with { EInvoice = found }, ExtractionOptions.Default, ct);
            var status = read.NeedsReview ? "NEEDS_REVIEW" : "COMPLETED";
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            foreach (var mismatch in read.ReviewReasons.Where(r => r.Code == PageComparison.Code))
                pipeline.Notes.Add($"   {name}: {mismatch.Message}");
            if (read.NeedsReview)
                held.Add($"   {name}: {string.Join(", ", read.ReviewReasons.Select(r => r.Field is null ? r.Code : $"{r.Code}({r.Field})").Distinct())}");
        }
        pipeline.Notes.Insert(0, $"-- statuses: {string.Join(", ", statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} {s.Value}"))}; " +
                                 $"{PageComparison.Code} on {pipeline.Notes.Count} field(s):");
        if (held.Count > 0)
            pipeline.Notes.AddRange(["-- sent to review:", .. held]);
        return pipeline;
    }

    /// <summary>The visual path: each distinct invoice's page read as if there were no XML, scored against the XML.</summary>
    public static async Task<List<Report>> PageOnlyAsync(string directory, IReadOnlyList<(string Name, ExtractionResult Xml)> pdfs, bool useCache, CancellationToken ct)
    {
        var visual = new[] { "dev (FeRD/Mustang corpus)", "holdout (Factur-X FNFE, ZUGFeRD 2.4)", "all" }
            .Select(split => new Report($"einvoices page only {split} [{OcrAdapters.TextLayerReader}, XML ignored; values printed on the page]", FieldOrder) { Calibration = new() }).ToArray();
        var lines = visual.Select(r => new Report(r.Name.Replace("page only", "page only line items", StringComparison.Ordinal), ["line_amounts"])).ToArray();
        var seen = new HashSet<string>();
        foreach (var (name, xml) in pdfs)
        {
            if (!seen.Add(InvoiceKey(xml.Fields)))
                continue;
            var page = await OcrAdapters.RecognizeFileAsync(Path.Combine(directory, name), useCache, ct);
            var holdout = IsHoldout(name);
            var pageOnly = EvalEngine.Create(Family(Path.GetFileName(name)), holdout).Extract(page, ExtractionOptions.Default);
            var printed = PrintedValues.Of(page);
            // The XML's line net amounts (BT-131) that the page prints: what a reader of the table should list.
            var expectedLines = xml.LineItems.Where(i => i.Amount is not null).Select(i => i.Amount!.Value).ToList();
            var linesPrinted = expectedLines.Count > 0 && expectedLines.All(printed.HasAmount);
            foreach (var split in new[] { holdout ? 1 : 0, 2 })
            {
                Score(visual[split], Path.GetFileName(name), xml.Fields, printed, pageOnly);
                if (!linesPrinted)
                    continue;
                lines[split].Documents++;
                lines[split].ScoreLines(Path.GetFileName(name), expectedLines, pageOnly.LineItems);
            }
        }
        foreach (var report in visual)
            report.Notes.Add(TermsDueDateNote(report));
        return [.. visual, .. lines];
    }

    /// <summary>Whether the PDF's producer family is held out.</summary>
    public static bool IsHoldout(string name) => HoldoutFamilies.Contains(Family(Path.GetFileName(name)));

    /// <summary>The producer family, from the dataset's file-name prefix (zugferd1p0-, facturx-, EN16931_ …).</summary>
    public static string Family(string file) => file.Split('-', '_')[0];

    /// <summary>One key per distinct invoice (the corpus prints several as PDFs of several ZUGFeRD versions).</summary>
    public static string InvoiceKey(InvoiceFields f) =>
        $"{TextKey.Compact(f.InvoiceNumber?.Value ?? "")}|{TextKey.Compact(f.VendorName?.Value ?? "")}|{f.Total?.Value}";

    internal static void Score(Report report, string document, InvoiceFields xml, PrintedValues printed, ExtractionResult page)
    {
        var score = new DocumentScore(report, document);
        var got = page.Fields;
        // The yardstick is what the XML states: a due date the reader derives from the payment terms (BT-20) is not BT-9.
        var termsDue = xml.DueDate is { } due && due.Flags.Contains(PaymentTermsDueDate.DerivedFlag) ? due : null;
        xml = termsDue is null ? xml : xml with { DueDate = null };
        Printed(score, "vendor_name", xml.VendorName, got.VendorName, printed.HasName, SameName);
        Printed(score, "vendor_tax_id", xml.VendorTaxId, got.VendorTaxId, printed.HasIdentifier, SameId);
        Printed(score, "receiver_name", xml.ReceiverName, got.ReceiverName, printed.HasName, SameName);
        Printed(score, "invoice_number", xml.InvoiceNumber, got.InvoiceNumber, printed.HasIdentifier, SameId);
        Printed(score, "invoice_date", xml.InvoiceDate, got.InvoiceDate, printed.HasDate, (a, b) => a == b);
        Printed(score, "due_date", xml.DueDate, got.DueDate, printed.HasDate, (a, b) => a == b);
        Printed(score, "po_number", xml.PoNumber, got.PoNumber, printed.HasIdentifier, SameId);
        Printed(score, "subtotal", xml.Subtotal, got.Subtotal, printed.HasAmount, SameAmount);
        Printed(score, "tax_basis", xml.TaxBasis, got.TaxBasis, printed.HasAmount, SameAmount);
        Printed(score, "tax", xml.Tax, got.Tax, printed.HasAmount, SameAmount);
        Printed(score, "total", xml.Total, got.Total, printed.HasAmount, SameAmount);
        Printed(score, "amount_due", xml.AmountDue, got.AmountDue, printed.HasAmount, SameAmount);
        Printed(score, "currency", xml.Currency, got.Currency, printed.HasCurrency, (a, b) => a == b);
        // An IBAN whose check digits disagree is no account to pay: the product never holds one, so none is expected.
        Printed(score, "iban", xml.Iban is { } iban && Ibans.Normalise(iban.Value) is not null ? iban : null, got.Iban, printed.HasIdentifier, SameId);
        // A BIC has 8 or 11 characters (ISO 9362); one of another length is not expected either.
        Printed(score, "bic", xml.Bic is { Value.Length: 8 or 11 } bic ? bic : null, got.Bic, printed.HasIdentifier, SameId);
        score.Done(page);
        TallyTermsDueDate(report, xml, termsDue, got);
    }

    // Many XMLs leave the due date (BT-9) empty and state it in their payment terms (BT-20: "Zahlbar innerhalb 30 Tagen
    // netto bis 04.07.2018"), which the page prints too: a due date read there counts as wrong above and is tallied here,
    // right where the terms name it or give it (the XML reader's due date worked out from them).
    private static void TallyTermsDueDate(Report report, InvoiceFields xml, Field<DateOnly>? termsDue, InvoiceFields got)
    {
        if (xml.DueDate is not null || got.DueDate is not { } due)
            return;
        var terms = xml.PaymentTerms?.Value ?? "";
        var stated = due.Value == termsDue?.Value
            || new[] { "dd.MM.yyyy", "dd/MM/yyyy", "yyyy-MM-dd" }.Any(f => terms.Contains(due.Value.ToString(f, CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var (right, scored) = report.Aside;
        report.Aside = (right + (stated ? 1 : 0), scored + 1);
    }

    private static string TermsDueDateNote(Report report) =>
        $"-- due dates read where the XML gives none (BT-9): {report.Aside.Scored}, of them the date its payment terms (BT-20) state: {report.Aside.Right}";

    /// <summary>
    /// The XML's value is expected where the page prints it. A value worked out from the page (the lines' sum past its
    /// allowances) that equals an unprinted XML value is no false positive, so it is left out; one that differs counts.
    /// </summary>
    private static void Printed<T>(DocumentScore score, string field, Field<T>? xml, Field<T>? got, Func<T, bool> printed, Func<T, T, bool> same)
    {
        var onPage = xml is not null && printed(xml.Value);
        var unprintedButRight = xml is not null && !onPage && got is not null && same(xml.Value, got.Value);
        score.Field(field, onPage ? DocumentScore.Format(xml!.Value) : null, unprintedButRight ? null : got, value => xml is not null && same(xml.Value, value));
    }

    public static bool SameName(string expected, string got) => PartyCandidates.SameName(expected, got);

    public static bool SameId(string expected, string got) => TextKey.Compact(expected) == TextKey.Compact(got);

    public static bool SameAmount(decimal expected, decimal got) => Math.Abs(expected) == Math.Abs(got);
}
