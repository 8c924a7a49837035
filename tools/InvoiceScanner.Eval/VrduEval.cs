using System.Globalization;
using System.Text;
using InvoiceScanner.Core.Extraction;
using UglyToad.PdfPig;

namespace InvoiceScanner.Eval;

/// <summary>
/// vrdu-adbuy: real US TV-station invoices and orders, labelled by people (labels.csv: the order/contract/invoice number,
/// the advertiser — the buyer —, the gross total, the flight dates — the service period), read from their text layers
/// (40 are scans whose layer another OCR wrote). Split by layout family — the PDF's producer and its first printed
/// line, which together tell a station's template — so the holdout families are layouts the rules never saw.
/// </summary>
internal static class VrduEval
{
    public static readonly string[] FieldOrder = ["number", "buyer", "total", "period_from", "period_to"];

    /// <summary>The text layers of all documents; with <paramref name="images"/> also the 40 scans twice: from their text layer and as read by our OCR.</summary>
    public static async Task<List<Report>> RunAsync(string directory, bool useCache, CancellationToken ct, bool images = false)
    {
        var reports = Reports($"vrdu-adbuy {{0}} [text layer by {OcrAdapters.TextLayerReader}; split by layout family]");
        var scanLayers = Reports("vrdu-adbuy scans {0} [their text layer, another OCR's]");
        var scanImages = Reports($"vrdu-adbuy scans {{0}} [pages at {ScanDpi} dpi read by our OCR ({OcrAdapters.ImageReader})]");
        var families = new HashSet<string>();
        var holdoutFamilies = new HashSet<string>();
        foreach (var label in Labels(Path.Combine(directory, "labels.csv")))
        {
            var pdf = Path.Combine(directory, "pdf", label.FileId + ".pdf");
            if (!File.Exists(pdf)) continue;
            var document = await OcrAdapters.RecognizeFileAsync(pdf, useCache, ct);
            var family = Family(await File.ReadAllBytesAsync(pdf, ct), document.AllLines.FirstOrDefault()?.Text);
            families.Add(family);
            var holdout = Split.IsHoldout(family);
            if (holdout) holdoutFamilies.Add(family);
            var extractor = EvalEngine.Create(family, holdout);
            var result = extractor.Extract(document, ExtractionOptions.Default);
            foreach (var report in new[] { reports[holdout ? 1 : 0], reports[2] })
                Score(report, label, result);
            if (!images || !await OcrAdapters.IsScanAsync(pdf, ct))
                continue;
            var read = extractor.Extract(await OcrAdapters.RecognizePagesAsImagesAsync(pdf, ScanDpi, useCache, ct), ExtractionOptions.Default);
            foreach (var i in new[] { holdout ? 1 : 0, 2 })
            {
                Score(scanLayers[i], label, result);
                Score(scanImages[i], label, read);
            }
        }
        foreach (var report in reports.Concat(scanLayers).Concat(scanImages))
            report.Notes.Add(ContractNote(report));
        reports[2].Notes.Add($"-- {families.Count} layout families, {holdoutFamilies.Count} held out");
        return images ? [.. reports, .. scanLayers, .. scanImages] : [.. reports];
    }

    /// <summary>The resolution the image path renders scans at (a fax or office scanner's).</summary>
    private const int ScanDpi = 150;

    private static Report[] Reports(string nameFormat) =>
        new[] { "dev", "holdout", "all" }.Select(split => new Report(string.Format(CultureInfo.InvariantCulture, nameFormat, split), FieldOrder) { Calibration = new() }).ToArray();

    internal static void Score(Report report, Label label, ExtractionResult result)
    {
        var score = new DocumentScore(report, label.FileId[..8]);
        var f = result.Fields;
        score.Field("number", Blank(label.Number), f.InvoiceNumber, got => EInvoicePageEval.SameId(label.Number, got));
        var contractRight = TallyContract(report, label, f);
        score.Field("buyer", Blank(label.Advertiser), f.ReceiverName, got => EInvoicePageEval.SameName(label.Advertiser, got));
        var total = Amount(label.Gross);
        score.Field("total", total is null ? null : DocumentScore.Format(total.Value), f.Total, got => total is not null && Math.Abs(got) == total.Value);
        var from = Date(label.FlightFrom);
        var to = Date(label.FlightTo);
        score.Field("period_from", from is null ? null : DocumentScore.Format(from.Value), f.ServicePeriodStart, got => got == from);
        score.Field("period_to", to is null ? null : DocumentScore.Format(to.Value), f.ServicePeriodEnd, got => got == to);
        score.Done(result);
        if (!result.NeedsReview)
        {
            var (right, accepted) = report.AsideAccepted;
            report.AsideAccepted = (right + (score.Wrong.All(w => w == "number" && contractRight) ? 1 : 0), accepted + 1);
        }
    }

    // The labels give the contract's number where a station's invoice prints both its own and the contract's: scored
    // apart (not a field: the document's number stays the number), the contract reference read where the page names
    // one and the document's number where it does not, so the figures show how much of the number's gap is that.
    private static bool TallyContract(Report report, Label label, InvoiceFields f)
    {
        if (Blank(label.Number) is null) return false;
        var got = f.ContractReference?.Value ?? f.InvoiceNumber?.Value;
        var right = got is not null && EInvoicePageEval.SameId(label.Number, got);
        report.Aside = (report.Aside.Right + (right ? 1 : 0), report.Aside.Scored + 1);
        return right;
    }

    private static string ContractNote(Report report) =>
        $"-- number as the contract's where the page names a contract, else the document's: {report.Aside.Right} of {report.Aside.Scored} right; " +
        $"straight-through so scored: all right {report.AsideAccepted.Right} of {report.AsideAccepted.Accepted}" +
        (report.AsideAccepted.Accepted == 0 ? "" : $" (accepted-precision {Ratio.Share(report.AsideAccepted.Right, report.AsideAccepted.Accepted)})");

    /// <summary>The producing program (version numbers aside) and the first printed line: a station's template.</summary>
    internal static string Family(byte[] pdf, string? firstLine)
    {
        string producer;
        try
        {
            using var document = PdfDocument.Open(pdf);
            producer = $"{document.Information.Creator}|{document.Information.Producer}";
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            producer = "?";
        }
        var program = new string(producer.Where(c => !char.IsDigit(c)).ToArray());
        var line = new string((firstLine ?? "").Where(char.IsLetter).Take(24).ToArray()).ToLowerInvariant();
        return $"{program}|{line}";
    }

    internal static string? Blank(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    internal static decimal? Amount(string value) =>
        decimal.TryParse(value.Replace("$", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal).Trim(),
            NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount) ? Math.Abs(amount) : null;

    /// <summary>m/d/yy or m/d/yyyy, as the labels write the flight dates.</summary>
    internal static DateOnly? Date(string value) =>
        DateOnly.TryParseExact(value.Trim(), ["M/d/yy", "M/d/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    internal sealed record Label(string FileId, string Number, string Advertiser, string Gross, string FlightFrom, string FlightTo);

    internal static IEnumerable<Label> Labels(string csv)
    {
        foreach (var row in Csv(File.ReadAllText(csv)).Skip(1))
            if (row.Count >= 7)
                yield return new Label(row[0], row[2], row[3], row[4], row[5], row[6]);
    }

    /// <summary>RFC 4180 rows: quoted cells may hold commas, doubled quotes and line breaks.</summary>
    internal static IEnumerable<List<string>> Csv(string text)
    {
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
                continue;
            }
            switch (c)
            {
                case '"': quoted = true; break;
                case ',': row.Add(cell.ToString()); cell.Clear(); break;
                case '\r': break;
                case '\n': row.Add(cell.ToString()); cell.Clear(); yield return row; row = []; break;
                default: cell.Append(c); break;
            }
        }
        if (cell.Length > 0 || row.Count > 0) { row.Add(cell.ToString()); yield return row; }
    }
}
