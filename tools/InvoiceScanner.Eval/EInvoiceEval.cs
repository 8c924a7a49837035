using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using InvoiceScanner.Core;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.EInvoices;

namespace InvoiceScanner.Eval;

/// <summary>
/// The e-invoice reader on ../shared/datasets/einvoices: every value read is checked against the element its trace
/// names (exact, per field), per syntax and profile how many complete without review, whether the same invoice reads
/// the same in CII and UBL, how each file of invalid/ ends, and the hybrid PDFs through the product's path. The pages
/// read alone are part of `eval invoices` (<see cref="EInvoicePageEval"/>).
/// </summary>
internal static class EInvoiceEval
{
    /// <summary>The XML side and the hybrid PDFs through the product's path.</summary>
    public static async Task<List<Report>> RunAsync(string directory, bool useCache, CancellationToken ct)
    {
        var finder = new EInvoiceFinder();
        var read = await ReadAllAsync(directory, ct);
        var exact = Exactness(read);
        exact.Notes.AddRange(Statuses(read));
        exact.Notes.Add(DerivedDueDates(read));
        exact.Notes.AddRange(Pairs(read));
        exact.Notes.AddRange(await InvalidAsync(directory, finder, ct));
        var pdfs = read.Where(r => r.Name.StartsWith("pdf", StringComparison.Ordinal)).Select(r => r.Name).ToList();
        return [exact, await EInvoicePageEval.ProductPathAsync(directory, pdfs, useCache, ct)];
    }

    /// <summary>The hybrid PDFs' pages alone, scored against their XML (part of `eval invoices`).</summary>
    public static async Task<List<Report>> PagesAsync(string directory, bool useCache, CancellationToken ct)
    {
        return await EInvoicePageEval.PageOnlyAsync(directory, await PdfsAsync(directory, ct), useCache, ct);
    }

    /// <summary>The hybrid PDFs with their attached XML read.</summary>
    public static async Task<List<(string Name, ExtractionResult Xml)>> PdfsAsync(string directory, CancellationToken ct) =>
        (await ReadAllAsync(directory, ct)).Where(r => r.Name.StartsWith("pdf", StringComparison.Ordinal)).Select(r => (r.Name, r.Result)).ToList();

    // `eval all` runs the XML side and the page side over the same files: each is read once.
    private static readonly Dictionary<string, List<(string Name, EInvoiceXml Xml, ExtractionResult Result)>> Read = [];

    /// <summary>Every XML file of xml/ and every PDF's attached XML, read (once per directory and run).</summary>
    private static async Task<List<(string Name, EInvoiceXml Xml, ExtractionResult Result)>> ReadAllAsync(string directory, CancellationToken ct)
    {
        if (Read.TryGetValue(directory, out var known))
            return known;
        var finder = new EInvoiceFinder();
        var read = new List<(string Name, EInvoiceXml Xml, ExtractionResult Result)>();
        foreach (var file in Files(directory, "xml/cii", "xml/ubl", "pdf"))
        {
            var content = await File.ReadAllBytesAsync(file, ct);
            var found = finder.Find(file.EndsWith(".pdf", StringComparison.Ordinal) ? DocumentKind.Pdf : DocumentKind.Xml, content);
            if (found is null) continue;
            var xml = EInvoiceFinder.Load(found);
            read.Add((Path.GetRelativePath(directory, file), xml, EInvoiceReader.Read(xml)));
        }
        return Read[directory] = read;
    }

    public static IEnumerable<string> Files(string directory, params string[] folders) =>
        folders.Select(f => Path.Combine(directory, f)).Where(Directory.Exists)
            .SelectMany(f => Directory.GetFiles(f).Order(StringComparer.Ordinal));

    /// <summary>Each value read (as its raw text) against the text of the element its trace names.</summary>
    private static Report Exactness(List<(string Name, EInvoiceXml Xml, ExtractionResult Result)> read)
    {
        var values = read.Select(r => (r.Name, r.Xml, Fields: FieldsOf(r.Result))).ToList();
        var names = values.SelectMany(v => v.Fields.Select(f => f.Field)).Distinct().Order(StringComparer.Ordinal).ToList();
        var report = new Report($"einvoices xml exact [{read.Count} XML files and PDF attachments, value = text of the traced element]", names);
        foreach (var (name, xml, fields) in values)
        {
            report.Documents++;
            foreach (var (field, raw, trace) in fields)
            {
                var element = trace.Contains(" + ", StringComparison.Ordinal) ? null : Navigate(xml.Document, trace);
                // An address joins several elements: each part must be one of them.
                var expected = element?.Value.Trim() ?? (trace.Contains(" + ", StringComparison.Ordinal) ? raw : null);
                report.Score(name, field, expected, raw, expected == raw, element is null && expected is null ? $"trace {trace} not found" : null);
            }
        }
        return report;
    }

    private static List<(string Field, string Raw, string Trace)> FieldsOf(ExtractionResult result)
    {
        var json = JsonNode.Parse(JsonSerializer.SerializeToUtf8Bytes(result.Fields, InvoiceScannerJsonContext.Default.InvoiceFields))!.AsObject();
        return json.Where(p => p.Value is JsonObject o && o["raw"] is not null && o["trace"] is JsonArray { Count: > 0 })
            .Select(p => (p.Key, p.Value!["raw"]!.GetValue<string>(), TracePath(p.Value!["trace"]![0]!.GetValue<string>())))
            .ToList();
    }

    private static string TracePath(string trace) => trace[(trace.IndexOf(": /", StringComparison.Ordinal) + 2)..];

    /// <summary>Follows /Root/Child[2]/Name by local names, as the reader writes its traces.</summary>
    private static XElement? Navigate(XDocument document, string path)
    {
        var steps = path.Trim('/').Split('/');
        XElement? current = document.Root?.Name.LocalName == steps[0] ? document.Root : null;
        foreach (var step in steps.Skip(1))
        {
            if (current is null) return null;
            var bracket = step.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? step : step[..bracket];
            var index = bracket < 0 ? 1 : int.Parse(step[(bracket + 1)..^1], CultureInfo.InvariantCulture);
            current = current.Elements().Where(e => e.Name.LocalName == name).Skip(index - 1).FirstOrDefault();
        }
        return current;
    }

    /// <summary>Per syntax and profile: documents, how many break no rule (COMPLETED), and the rules broken.</summary>
    private static IEnumerable<string> Statuses(List<(string Name, EInvoiceXml Xml, ExtractionResult Result)> read)
    {
        yield return "-- status per syntax and profile (documents: completed / needs review [rules broken])";
        foreach (var group in read.GroupBy(r => EInvoiceReader.SyntaxName(r.Xml.Kind)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var completed = group.Count(r => !r.Result.NeedsReview);
            var codes = group.SelectMany(r => r.Result.ReviewReasons.Select(x => x.Code)).GroupBy(c => c).Select(c => $"{c.Key} ×{c.Count()}");
            yield return $"{group.Key,-28} {group.Count(),3}: {completed,3} / {group.Count() - completed,2} [{string.Join(", ", codes)}]";
        }
        foreach (var (name, _, result) in read.Where(r => r.Result.NeedsReview))
            yield return $"   review {name}: {string.Join("; ", result.ReviewReasons.Select(r => r.Message))}";
    }

    /// <summary>How many files state no due date (BT-9), and of them how many the payment terms (BT-20) give one for.</summary>
    private static string DerivedDueDates(List<(string Name, EInvoiceXml Xml, ExtractionResult Result)> read)
    {
        var unstated = read.Where(r => r.Result.Fields.DueDate is not { } due || due.Flags.Contains(PaymentTermsDueDate.DerivedFlag)).ToList();
        var derived = unstated.Count(r => r.Result.Fields.DueDate is not null);
        var withTerms = unstated.Count(r => r.Result.Fields.PaymentTerms is not null);
        return $"-- due date (BT-9) not stated in {unstated.Count} of {read.Count} files; {withTerms} of them state payment terms (BT-20), "
            + $"which give a due date for {derived}";
    }

    /// <summary>
    /// The same invoice in CII and UBL: every value compared, without raw text and traces (their syntaxes differ); the
    /// differences are summed up by field and by which side states the value.
    /// </summary>
    private static IEnumerable<string> Pairs(List<(string Name, EInvoiceXml Xml, ExtractionResult Result)> read)
    {
        var cii = read.Where(r => r.Name.EndsWith(".cii.xml", StringComparison.Ordinal)).ToDictionary(r => Path.GetFileName(r.Name)[..^".cii.xml".Length]);
        var ubl = read.Where(r => r.Name.EndsWith(".ubl.xml", StringComparison.Ordinal)).ToDictionary(r => Path.GetFileName(r.Name)[..^".ubl.xml".Length]);
        var pairs = cii.Keys.Intersect(ubl.Keys).Order(StringComparer.Ordinal).ToList();
        var differing = new List<(string Invoice, string Field, string Kind)>();
        var compared = 0;
        foreach (var name in pairs)
        {
            var a = Comparable(cii[name].Result);
            var b = Comparable(ubl[name].Result);
            foreach (var key in a.Keys.Union(b.Keys))
            {
                compared++;
                var (x, y) = (a.GetValueOrDefault(key), b.GetValueOrDefault(key));
                if (x != y)
                    differing.Add((name, Regex.Replace(key, @"\[\d+\]", "[]"), x is null ? "only UBL states it" : y is null ? "only CII states it" : "values differ"));
            }
        }
        yield return $"-- CII/UBL pairs: {pairs.Count} invoices, {compared} values compared, {differing.Count} differ";
        foreach (var group in differing.GroupBy(d => (d.Field, d.Kind)).OrderByDescending(g => g.Count()))
            yield return $"   {group.Key.Field}: {group.Key.Kind}, {group.Count()}× in {string.Join(", ", group.Select(d => d.Invoice).Distinct())}";
    }

    private static Dictionary<string, string?> Comparable(ExtractionResult result)
    {
        var json = JsonNode.Parse(JsonSerializer.SerializeToUtf8Bytes(result, InvoiceScannerJsonContext.Default.ExtractionResult))!.AsObject();
        json.Remove("engine");
        json.Remove("reviewReasons");
        Strip(json);
        return Flatten(json, "").ToDictionary(p => p.Key, p => p.Value);
    }

    private static void Strip(JsonNode? node)
    {
        if (node is JsonObject o)
        {
            foreach (var key in new[] { "raw", "trace", "evidence", "confidence", "flags" }) o.Remove(key);
            foreach (var child in o.Select(p => p.Value).ToList()) Strip(child);
        }
        else if (node is JsonArray a)
            foreach (var child in a) Strip(child);
    }

    private static IEnumerable<KeyValuePair<string, string?>> Flatten(JsonNode? node, string prefix) => node switch
    {
        JsonObject o => o.SelectMany(p => Flatten(p.Value, prefix.Length == 0 ? p.Key : $"{prefix}.{p.Key}")),
        JsonArray a => a.SelectMany((child, i) => Flatten(child, $"{prefix}[{i}]")),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => [new(prefix, v.GetValue<decimal>().ToString("0.00####", CultureInfo.InvariantCulture))],
        _ => [new(prefix, node?.ToJsonString())],
    };

    /// <summary>How each file that breaks the standard ends: read (and with which rules broken), no e-invoice, or refused with a code.</summary>
    private static async Task<IEnumerable<string>> InvalidAsync(string directory, EInvoiceFinder finder, CancellationToken ct)
    {
        var lines = new List<string> { "-- invalid/: how each file ends" };
        foreach (var file in Files(directory, "invalid"))
        {
            var content = await File.ReadAllBytesAsync(file, ct);
            var kind = FileSniffer.Sniff(content).Kind;
            string outcome;
            try
            {
                var search = kind is { } k ? finder.Search(k, content) : null;
                var found = search?.EInvoice;
                outcome = found is null
                    ? search?.UnreadableAttachment is { } why ? $"read from its pages, NEEDS_REVIEW [EINVOICE_UNREADABLE: {why}]" : "no e-invoice: read from its pages"
                    : EInvoiceReader.Read(EInvoiceFinder.Load(found)) is var r && r.NeedsReview
                        ? $"{found.Syntax}: NEEDS_REVIEW [{string.Join(", ", r.ReviewReasons.Select(x => x.Code).Distinct())}]"
                        : $"{found.Syntax}: COMPLETED";
            }
            catch (DocumentRejectedException e)
            {
                outcome = $"FAILED {e.Code}: {e.Message}";
            }
            lines.Add($"   {Path.GetFileName(file)}: {outcome}");
        }
        return lines;
    }
}
