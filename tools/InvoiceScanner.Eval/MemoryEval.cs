using System.Globalization;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Memory;
using InvoiceScanner.Core.Review;
using InvoiceScanner.EInvoices;
using InvoiceScanner.Extraction.Memory;

namespace InvoiceScanner.Eval;

/// <summary>
/// <c>eval memory</c>: learning from corrections. Per vendor with two documents or more (the hybrid PDFs' seller, by its
/// VAT id and name; vrdu-adbuy's layout family, a station's template), the first document in date
/// order is approved with its true values — as a person correcting it would — and becomes the vendor's memory; each later
/// document is read without the memory, with it where the product would find it (the keys of what the engine read on
/// it), and with it in any case. Scored exactly as <c>eval invoices</c> scores (the same scorers), development and
/// holdout apart (the same producer and layout groups), never a vendor's memory across the two.
/// </summary>
internal static class MemoryEval
{
    /// <param name="Vendor">What makes two documents the same vendor's.</param>
    /// <param name="Approved">The values a person approves on the document (its truth), and the vendor's name and currency.</param>
    private sealed record Sample(string Source, string Vendor, bool Holdout, string Name, string Order, OcrDocument Page, ExtractionResult Draft,
        InvoiceFields Approved, Action<Report, ExtractionResult> Score);

    private sealed record Variant(string Name, Report Report);

    public static async Task<List<Report>> RunAsync(string datasets, bool useCache, CancellationToken ct)
    {
        var samples = new List<Sample>();
        samples.AddRange(await HybridAsync(Path.Combine(datasets, "einvoices"), useCache, ct));
        samples.AddRange(await VrduAsync(Path.Combine(datasets, "vrdu-adbuy"), useCache, ct));
        var reports = new List<Report>();
        Console.WriteLine("source        split    vendors  later  memory found  fields right: without → found → always      every field right: without → found → always");
        foreach (var (source, fields) in new[] { ("hybrid", EInvoicePageEval.FieldOrder), ("vrdu-adbuy", VrduEval.FieldOrder) })
            foreach (var holdout in new[] { false, true })
                reports.AddRange(Run(samples.Where(s => s.Source == source && s.Holdout == holdout).ToList(), $"{source} {(holdout ? "holdout" : "dev")}", fields));
        Console.WriteLine("(found: the memory applied where the keys of what the engine read find it; always: applied to every later document of the vendor)");
        Console.WriteLine();
        return reports;
    }

    private static IEnumerable<Report> Run(List<Sample> samples, string name, string[] fields)
    {
        var groups = samples.GroupBy(s => s.Vendor, StringComparer.Ordinal)
            .Select(g => g.OrderBy(s => s.Order, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal).ToList())
            .Where(g => g.Count >= 2).OrderBy(g => g[0].Name, StringComparer.Ordinal).ToList();
        var variants = new[] { "without memory", "memory where its keys find it", "memory always" }
            .Select(v => new Variant(v, new Report($"memory {name} [{v}; later documents of vendors with 2 or more]", fields) { Calibration = new() })).ToArray();
        var (later, found) = (0, 0);
        foreach (var group in groups)
        {
            var first = group[0];
            var memory = Memory(first);
            foreach (var sample in group.Skip(1))
            {
                later++;
                var applied = VendorPrior.Apply(sample.Page, sample.Draft, memory, first.Page, ExtractionOptions.Default);
                var hit = memory.Keys.Intersect(VendorKeys.Of(sample.Draft.Fields), StringComparer.Ordinal).Any();
                found += hit ? 1 : 0;
                sample.Score(variants[0].Report, sample.Draft);
                sample.Score(variants[1].Report, hit ? applied : sample.Draft);
                sample.Score(variants[2].Report, applied);
            }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name.Split(' ')[0],-13} {name.Split(' ')[1],-8} {groups.Count,7}  {later,5}  {found,12}  {Series(variants, r => Share(r.Overall.TruePositives, r.Overall.Expected)),-40}  {Series(variants, r => $"{r.Calibration!.AllRight}/{later}")}"));
        return variants.Select(v => v.Report);
    }

    private static string Series(Variant[] variants, Func<Report, string> show) => string.Join(" → ", variants.Select(v => show(v.Report)));

    private static string Share(int part, int whole) => $"{part}/{whole} ({Ratio.Share(part, whole)})";

    /// <summary>
    /// The vendor's memory as the product stores it (<see cref="VendorLearning"/>: the fields it remembers) after a person
    /// approved <paramref name="first"/> with its true values.
    /// </summary>
    private static VendorMemory Memory(Sample first)
    {
        var approved = first.Approved;
        var keys = VendorKeys.Of(approved);
        return new VendorMemory("eval", keys.FirstOrDefault() ?? "none", first.Name, first.Name, DateTimeOffset.UnixEpoch)
        {
            VendorName = approved.VendorName?.Value,
            Currency = approved.Currency?.Value,
            Fields = CorrectableFields.Invoice.Where(f => VendorLearning.RememberedFields.Contains(f.Name))
                .Select(f => (f.WireName, Value: f.Current(approved))).Where(p => p.Value != "null")
                .ToDictionary(p => p.WireName, p => p.Value, StringComparer.Ordinal),
            Keys = keys,
        };
    }

    /// <summary>Each distinct hybrid invoice's page; its seller (by the keys the product matches on) is the vendor.</summary>
    private static async Task<List<Sample>> HybridAsync(string directory, bool useCache, CancellationToken ct)
    {
        var samples = new List<Sample>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, xml) in await EInvoiceEval.PdfsAsync(directory, ct))
        {
            // The corpus gives several of its made-up sellers one VAT id: a seller is its VAT id and its name.
            if (!seen.Add(EInvoicePageEval.InvoiceKey(xml.Fields)) || VendorKeys.Of(xml.Fields).FirstOrDefault() is not { } key)
                continue;
            var vendor = $"{key}|{TextKey.Compact(xml.Fields.VendorName?.Value ?? "")}";
            var page = await OcrAdapters.RecognizeFileAsync(Path.Combine(directory, name), useCache, ct);
            var holdout = EInvoicePageEval.IsHoldout(name);
            var file = Path.GetFileName(name);
            var draft = EvalEngine.Create(EInvoicePageEval.Family(file), holdout).Extract(page, ExtractionOptions.Default);
            var printed = PrintedValues.Of(page);
            samples.Add(new Sample("hybrid", vendor, holdout, file, DocumentScore.Format(xml.Fields.InvoiceDate?.Value ?? default), page, draft, xml.Fields,
                (report, result) => EInvoicePageEval.Score(report, file, xml.Fields, printed, result)));
        }
        return samples;
    }

    /// <summary>
    /// vrdu-adbuy's documents; a layout family (the producing program and the first printed line: a station's template) is
    /// the vendor. The labels are what a person approves; the vendor's name and currency are the engine's (not labelled).
    /// </summary>
    private static async Task<List<Sample>> VrduAsync(string directory, bool useCache, CancellationToken ct)
    {
        var samples = new List<Sample>();
        foreach (var label in VrduEval.Labels(Path.Combine(directory, "labels.csv")))
        {
            var pdf = Path.Combine(directory, "pdf", label.FileId + ".pdf");
            if (!File.Exists(pdf))
                continue;
            var page = await OcrAdapters.RecognizeFileAsync(pdf, useCache, ct);
            var family = VrduEval.Family(await File.ReadAllBytesAsync(pdf, ct), page.AllLines.FirstOrDefault()?.Text);
            var holdout = Split.IsHoldout(family);
            var draft = EvalEngine.Create(family, holdout).Extract(page, ExtractionOptions.Default);
            var from = VrduEval.Date(label.FlightFrom);
            samples.Add(new Sample("vrdu-adbuy", family, holdout, label.FileId, from is null ? "" : DocumentScore.Format(from.Value), page, draft,
                Approved(label, draft.Fields), (report, result) => VrduEval.Score(report, label, result)));
        }
        return samples;
    }

    private static InvoiceFields Approved(VrduEval.Label label, InvoiceFields read)
    {
        static Field<T>? Value<T>(T? value, string raw) where T : struct => value is { } v ? new Field<T>(v, raw.Trim(), 1) : null;
        static Field<string>? Text(string value) => VrduEval.Blank(value) is { } v ? new Field<string>(v, v, 1) : null;
        return new InvoiceFields
        {
            VendorName = read.VendorName,
            Currency = read.Currency,
            InvoiceNumber = Text(label.Number),
            ReceiverName = Text(label.Advertiser),
            Total = Value(VrduEval.Amount(label.Gross), label.Gross),
            ServicePeriodStart = Value(VrduEval.Date(label.FlightFrom), label.FlightFrom),
            ServicePeriodEnd = Value(VrduEval.Date(label.FlightTo), label.FlightTo),
        };
    }
}
