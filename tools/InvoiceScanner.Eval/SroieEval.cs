using System.Text.Json;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction;
using InvoiceScanner.Extraction.Fields;
using InvoiceScanner.Extraction.Learning;
using InvoiceScanner.Training.Learning;
using InvoiceScanner.Training.Sroie;

namespace InvoiceScanner.Eval;

internal sealed record SroieKey(string Company, string Date, string Address, string Total);

internal sealed record SroieOptions(string Directory, bool Images, int? Limit, int Folds, bool RulesOnly, bool NoSpace, bool UseCache)
{
    public LineClassifierTrainer.Options Training { get; init; } = new();
    public double RulesWeight { get; init; } = ClassifierPartyLineScorer.DefaultRulesWeight;

    /// <summary>
    /// Compare in capitals. Every SROIE company and address key is typed in capitals (and dates as "05 MAR 2018"),
    /// also where the receipt prints "Gerbang Alaf Restaurants Sdn Bhd"; OCR of the image gives the printed case. A
    /// secondary figure, beside the exact one.
    /// </summary>
    public bool CaseFold { get; init; }

    /// <summary>With <see cref="Images"/>: a folder to write each image's OCR text to (one line per OCR line), to compare with box/.</summary>
    public string? OcrTextDirectory { get; init; }

    /// <summary>
    /// Cross-validation folds by vendor (the key's company) instead of by receipt, so that no fold model has seen the
    /// shop it scores: how the classifier does on shops it was never trained on. A third of the held-back receipts are
    /// from shops that appear nowhere in the dev split.
    /// </summary>
    public bool UnseenVendors { get; init; }
}

/// <summary>
/// SROIE task 3 scoring: company, date, address, total compared as exact strings after whitespace
/// normalisation. Our typed fields are mapped back to the receipt's own text through what they were read
/// from: the date's and total's Raw token, the vendor/address lines joined by a space.
/// </summary>
internal static class SroieEval
{
    public static readonly string[] FieldOrder = ["company", "date", "address", "total"];

    public static SroieKey ReadKey(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(path));
        string Get(string name) => json.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";
        return new SroieKey(Get("company"), Get("date"), Get("address"), Get("total"));
    }

    /// <summary>The values our extraction gives for the four SROIE fields, as receipt text.</summary>
    public static Dictionary<string, string?> ToSroie(ExtractionResult result) => new()
    {
        ["company"] = result.Fields.VendorName?.Value,
        ["date"] = result.Fields.InvoiceDate?.Raw,
        ["address"] = result.Fields.VendorAddress?.Value,
        ["total"] = result.Fields.Total?.Raw,
    };

    public static string Normalize(string? s, bool noSpace, bool caseFold = false) =>
        s is null ? "" : caseFold ? Normalize(s.ToUpperInvariant(), noSpace) : noSpace
            ? string.Concat(s.Where(c => !char.IsWhiteSpace(c)))
            : string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    public static async Task<List<Report>> RunAsync(SroieOptions options, CancellationToken ct)
    {
        var keyDir = Path.Combine(options.Directory, "key");
        var boxDir = Path.Combine(options.Directory, "box");
        var imgDir = Path.Combine(options.Directory, "img");
        var allIds = Directory.GetFiles(keyDir, "*.json").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal).ToList();
        var evalIds = options.Images
            ? allIds.Where(id => File.Exists(Path.Combine(imgDir, id + ".jpg"))).ToList()
            : allIds;
        if (options.Limit is { } limit)
            evalIds = evalIds.Take(limit).ToList();

        // Fold models: each document is scored by a classifier trained on the other folds only.
        var foldOf = allIds.ToDictionary(id => id, id => Split.Fold(options.UnseenVendors ? Normalize(ReadKey(Path.Combine(keyDir, id + ".json")).Company, noSpace: true) : id, options.Folds));
        var scorers = new Dictionary<int, IPartyLineScorer>();
        if (!options.RulesOnly && options.Folds > 1)
        {
            var training = allIds.Select(id => (Id: id, Sample: TrainingDocument(boxDir, keyDir, id))).ToList();
            foreach (var fold in evalIds.Select(id => foldOf[id]).Distinct())
            {
                var samples = LineClassifierTrainer.Samples(training.Where(t => foldOf[t.Id] != fold).Select(t => t.Sample));
                // Round-trip through the shipped text format so the fold model is pruned exactly like the shipped one.
                var foldModel = LineClassifier.Deserialize(LineClassifierTrainer.Train(samples, options.Training).Serialize());
                scorers[fold] = new ClassifierPartyLineScorer(foldModel, options.RulesWeight);
            }
        }
        IPartyLineScorer Scorer(string id) =>
            options.RulesOnly ? new RulePartyLineScorer()
            : options.Folds > 1 ? scorers[foldOf[id]]
            : LineClassifier.Embedded is { } m ? new ClassifierPartyLineScorer(m) : new RulePartyLineScorer();

        var path = options.Images ? $"images ({OcrAdapters.ImageReader})" : "dataset OCR lines";
        var model = options.RulesOnly ? "rules" : options.Folds > 1 ? $"{options.Folds}-fold CV classifier{(options.UnseenVendors ? " by vendor" : "")}" : "shipped classifier";
        var norm = (options.NoSpace ? "no-space" : "collapsed-space") + (options.CaseFold ? ", case-folded" : "");
        var dev = new Report($"sroie dev 80% [{path}, {model}, {norm}]", FieldOrder);
        var holdout = new Report($"sroie holdout 20% [{path}, {model}, {norm}]", FieldOrder);
        var all = new Report($"sroie all [{path}, {model}, {norm}]", FieldOrder);
        if (options.Images)
            foreach (var report in new[] { dev, holdout, all }) report.OcrText = new OcrTextScore();
        if (options.Images && options.OcrTextDirectory is { } textDirectory)
            Directory.CreateDirectory(textDirectory);

        foreach (var id in evalIds)
        {
            ct.ThrowIfCancellationRequested();
            var key = ReadKey(Path.Combine(keyDir, id + ".json"));
            var reports = new[] { Split.IsHoldout(id) ? holdout : dev, all };
            var transcription = SroieBoxReader.ReadFile(Path.Combine(boxDir, id + ".txt"));
            OcrDocument document;
            if (options.Images)
            {
                try { document = await OcrAdapters.RecognizeFileAsync(Path.Combine(imgDir, id + ".jpg"), options.UseCache, ct); }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Console.Error.WriteLine($"{id}: OCR failed: {e.Message}");
                    document = new OcrDocument("failed", []);
                }

                // The dataset's OCR lines are its transcription of the scan: what our reading is measured against.
                var text = new OcrTextScore();
                text.Add(transcription.AllLines.Select(l => l.Text), document);
                foreach (var report in reports) report.OcrText!.Add(text);
                if (options.OcrTextDirectory is { } directory)
                    await File.WriteAllLinesAsync(Path.Combine(directory, id + ".txt"), document.AllLines.Select(l => l.Text), ct);
            }
            else
            {
                document = transcription;
            }

            var result = new LocalInvoiceExtractor(Scorer(id)).Extract(document, ExtractionOptions.Default);
            var got = ToSroie(result);
            var expected = new Dictionary<string, string> { ["company"] = key.Company, ["date"] = key.Date, ["address"] = key.Address, ["total"] = key.Total };
            foreach (var report in reports)
            {
                report.Documents++;
                foreach (var field in FieldOrder)
                {
                    var e = Normalize(expected[field], options.NoSpace, options.CaseFold);
                    var g = Normalize(got[field], options.NoSpace, options.CaseFold);
                    report.Score(id, field, e, g, e == g, report == all ? null : Why(result, field));
                }
            }
        }
        return [dev, holdout, all];
    }

    private static string? Why(ExtractionResult result, string field)
    {
        IReadOnlyList<string>? trace = field switch
        {
            "company" => result.Fields.VendorName?.Trace,
            "address" => result.Fields.VendorAddress?.Trace,
            "date" => result.Fields.InvoiceDate?.Trace,
            "total" => result.Fields.Total?.Trace,
            _ => null,
        };
        return trace is null ? null : string.Join(" | ", trace.Take(3));
    }

    public static (IReadOnlyList<Extraction.Layout.LayoutLine> Lines, IReadOnlyList<LineClass> Labels) TrainingDocument(string boxDir, string keyDir, string id)
    {
        var document = SroieBoxReader.ReadFile(Path.Combine(boxDir, id + ".txt"));
        var key = ReadKey(Path.Combine(keyDir, id + ".json"));
        var lines = LineClassifierTrainer.HeaderLines(document);
        return (lines, SroieLabels.Label(lines, key.Company, key.Address));
    }

    /// <summary>Trains the shipped classifier on every SROIE training receipt and writes the weights file.</summary>
    public static void Train(string directory, string output)
    {
        var keyDir = Path.Combine(directory, "key");
        var boxDir = Path.Combine(directory, "box");
        var ids = Directory.GetFiles(keyDir, "*.json").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal).ToList();
        var samples = LineClassifierTrainer.Samples(ids.Select(id => TrainingDocument(boxDir, keyDir, id)));
        var model = LineClassifierTrainer.Train(samples);
        File.WriteAllText(output, model.Serialize());
        Console.WriteLine($"trained on {ids.Count} receipts ({samples.Count} header lines: {samples.Count(s => s.Y == LineClass.Company)} company, {samples.Count(s => s.Y == LineClass.Address)} address) → {output}");
    }

    /// <summary>
    /// Trains the PP-OCR reader's character language model on the dataset's OCR lines. Receipts with a scan in img/ are
    /// left out, so the image evaluation never decodes a receipt whose text the model was trained on.
    /// </summary>
    /// <param name="unseenVendors">
    /// Also leaves out every receipt of a vendor with a scan (same company or address key): the model then knows none of
    /// the scanned vendors' names or addresses, which measures how it does on vendors it has never seen.
    /// </param>
    /// <param name="order">Longest n-gram in symbols.</param>
    /// <param name="minCount">Longer n-grams seen fewer times are left out.</param>
    public static void TrainLanguageModel(string directory, string output, bool unseenVendors = false, int order = 6, int minCount = 2)
    {
        var boxDir = Path.Combine(directory, "box");
        var scanned = Directory.Exists(Path.Combine(directory, "img"))
            ? Directory.GetFiles(Path.Combine(directory, "img")).Select(Path.GetFileNameWithoutExtension).OfType<string>().ToHashSet(StringComparer.Ordinal)
            : [];
        // A vendor is known by its company or its address key, compared without spaces and case.
        IEnumerable<string> VendorKeys(string id)
        {
            var key = ReadKey(Path.Combine(directory, "key", id + ".json"));
            return new[] { key.Company, key.Address }.Select(v => string.Concat(v.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant()).Where(v => v.Length > 0);
        }

        var scannedVendors = unseenVendors ? scanned.SelectMany(VendorKeys).ToHashSet(StringComparer.Ordinal) : [];
        var files = Directory.GetFiles(boxDir, "*.txt")
            .Where(f => Path.GetFileNameWithoutExtension(f) is var id && !scanned.Contains(id) && !(unseenVendors && VendorKeys(id).Any(scannedVendors.Contains)))
            .Order(StringComparer.Ordinal).ToList();
        var lines = files.SelectMany(f => SroieBoxReader.ReadFile(f).AllLines.Select(l => l.Text));
        var model = CharacterLanguageModelTrainer.Train(lines, order, minCount);
        using (var writer = new StreamWriter(output, false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" })
            model.Save(writer);
        Console.WriteLine($"trained on {files.Count} receipts ({scanned.Count} with scans left out{(unseenVendors ? ", and every receipt of their vendors" : "")}), order {order}, n-grams seen at least {minCount} times → {output} ({new FileInfo(output).Length / 1024} KiB)");
    }

}
