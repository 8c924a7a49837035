using System.Globalization;
using System.Text.Json;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.EInvoices;
using InvoiceScanner.Extraction;
using InvoiceScanner.Extraction.Fields;
using InvoiceScanner.Extraction.Fields.Parties;
using InvoiceScanner.Extraction.Learning;
using InvoiceScanner.Training.Learning;
using InvoiceScanner.Training.Sroie;

namespace InvoiceScanner.Eval;

/// <summary>
/// <c>eval train-parties</c>: the seller and buyer candidate rankers, trained on examples labelled automatically — the
/// hybrid PDFs' pages with the XML's seller and buyer located among their lines, invoice2data's issuer, vrdu-adbuy's
/// advertiser (the buyer) — on the development splits only (by producer or layout family). Prints, per source, how
/// often the party is right by the rules alone and with the ranker (cross-validated by group on development, trained
/// on all development groups for the holdout), and how the ranker's probability compares with how often it is right;
/// then writes the two model files.
/// </summary>
/// <summary>The party rankers of each cross-validation fold; a group's documents are scored by the fold that left it out.</summary>
internal sealed class CrossValidatedRankers(PartyRankers[] folds)
{
    public PartyRankers For(string group) => folds[CandidateRankerTrainer.FoldOf(group, folds.Length)];
}

internal static class PartyRankingEval
{
    private sealed record Document(string Source, string Group, bool Holdout, string Name, ExtractionContext Context, PartyFields Rules, string? Seller, string? Buyer);

    private sealed record Role(string Name, Func<Document, string?> Truth, Func<PartyFields, Field<string>?> Rule, string Target, double KeepRuleFrom);

    public static async Task RunAsync(string datasets, string modelDirectory, bool useCache, CandidateRankerTrainer.Options options, CancellationToken ct)
    {
        var documents = await DocumentsAsync(datasets, useCache, ct);
        Console.WriteLine($"{documents.Count} documents: {string.Join(", ", documents.GroupBy(d => d.Source).Select(g => $"{g.Key} {g.Count()} ({g.Count(d => d.Holdout)} holdout)"))}");
        foreach (var role in Roles(modelDirectory))
            Train(role, documents, options);
    }

    /// <summary>
    /// Rankers for scoring a development document without having trained on its group: one pair per fold, each trained on
    /// the development documents of the other folds (the folds <c>train-parties</c> cross-validates with).
    /// </summary>
    public static async Task<CrossValidatedRankers> CrossValidatedAsync(string datasets, bool useCache, CandidateRankerTrainer.Options options, CancellationToken ct)
    {
        var documents = (await DocumentsAsync(datasets, useCache, ct)).Where(d => !d.Holdout).ToList();
        var roles = Roles("");
        var examples = roles.Select(role => documents.Where(d => role.Truth(d) is not null)
            .Select(d => Example(d, PartyCandidates.Of(d.Context.Layout), role)).ToList()).ToArray();
        var folds = Enumerable.Range(0, options.Folds).Select(fold =>
        {
            var models = examples.Select(e => CandidateRankerTrainer.Train(e.Where(x => CandidateRankerTrainer.FoldOf(x.Group, options.Folds) != fold).ToList(), options)).ToArray();
            return new PartyRankers(models[0], models[1]);
        }).ToArray();
        return new CrossValidatedRankers(folds);
    }

    private static Role[] Roles(string modelDirectory) =>
    [
        new Role("seller", d => d.Seller, r => r.VendorName, Path.Combine(modelDirectory, "seller-candidates.model"), PartyExtractor.SellerKeptFrom),
        new Role("buyer", d => d.Buyer, r => r.ReceiverName, Path.Combine(modelDirectory, "buyer-candidates.model"), 1.01),
    ];

    private static async Task<List<Document>> DocumentsAsync(string datasets, bool useCache, CancellationToken ct) =>
    [
        .. await HybridAsync(Path.Combine(datasets, "einvoices"), useCache, ct),
        .. await Invoice2DataAsync(Path.Combine(datasets, "invoice2data"), useCache, ct),
        .. await VrduAsync(Path.Combine(datasets, "vrdu-adbuy"), useCache, ct),
        .. Sroie(Path.Combine(datasets, "sroie-train")),
    ];

    private static void Train(Role role, List<Document> documents, CandidateRankerTrainer.Options options)
    {
        var labelled = documents.Where(d => role.Truth(d) is not null).ToList();
        var candidates = labelled.Select(d => PartyCandidates.Of(d.Context.Layout)).ToList();
        var examples = labelled.Select((d, i) => Example(d, candidates[i], role)).ToList();
        var dev = Enumerable.Range(0, examples.Count).Where(i => !examples[i].Holdout).ToList();
        var crossValidated = CandidateRankerTrainer.CrossValidate(dev.Select(i => examples[i]).ToList(), options);
        var model = CandidateRankerTrainer.Train(dev.Select(i => examples[i]).ToList(), options);
        var probabilities = new double[examples.Count][];
        for (var k = 0; k < dev.Count; k++)
            probabilities[dev[k]] = crossValidated[k];
        for (var i = 0; i < examples.Count; i++)
            probabilities[i] ??= model.Probabilities(examples[i].Candidates);

        Console.WriteLine($"== {role.Name}: {examples.Count} documents, {examples.Count(e => e.Positives.Count > 0)} with the value among the candidates");
        Console.WriteLine("source        split     docs  rules  ranker  (ranker: development cross-validated by group; holdout by the development model)");
        var bands = new List<(double P, bool Right)>();
        foreach (var group in Enumerable.Range(0, examples.Count).GroupBy(i => (labelled[i].Source, labelled[i].Holdout)).OrderBy(g => g.Key.Source).ThenBy(g => g.Key.Holdout))
        {
            var (rulesRight, rankedRight) = (0, 0);
            foreach (var i in group)
            {
                var truth = role.Truth(labelled[i])!;
                var rule = role.Rule(labelled[i].Rules);
                rulesRight += rule is not null && PartyCandidates.SameName(truth, rule.Value) ? 1 : 0;
                var chosen = PartyRanking.Choose(role.Name, probabilities[i], candidates[i], rule, role.KeepRuleFrom);
                var right = chosen is not null && PartyCandidates.SameName(truth, chosen.Value);
                rankedRight += right ? 1 : 0;
                if (chosen is not null)
                    bands.Add((chosen.Confidence, right));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{group.Key.Source,-13} {(group.Key.Holdout ? "holdout" : "dev"),-8} {group.Count(),5}  {rulesRight / (double)group.Count(),5:0.00}  {rankedRight / (double)group.Count(),6:0.00}"));
        }
        foreach (var (low, high) in new[] { (0.9, 1.01), (0.8, 0.9), (0.6, 0.8), (0.4, 0.6), (0.0, 0.4) })
        {
            var inBand = bands.Where(b => b.P >= low && b.P < high).ToList();
            if (inBand.Count > 0)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   confidence [{low:0.0}, {Math.Min(1, high):0.0}{(high > 1 ? "]" : ")")}: {inBand.Count} values, right {inBand.Count(b => b.Right) / (double)inBand.Count:0.000}"));
        }
        File.WriteAllText(role.Target, model.Serialize());
        Console.WriteLine($"   wrote {role.Target} ({new FileInfo(role.Target).Length} bytes, trained on {dev.Count} development documents)");
    }

    private static RankingExample Example(Document document, IReadOnlyList<PartyCandidate> candidates, Role role)
    {
        var truth = role.Truth(document)!;
        var features = PartyCandidateFeatures.Extract(document.Context, candidates, new PartyRuleChoices(document.Rules.VendorName, document.Rules.ReceiverName));
        var positives = Enumerable.Range(0, candidates.Count).Where(i => PartyCandidates.SameName(truth, candidates[i].Text)).ToHashSet();
        return new RankingExample(document.Source, document.Group, features, positives, document.Holdout);
    }

    /// <summary>The rules' parties of a document, and its context, as the extractor builds them.</summary>
    private static (ExtractionContext, PartyFields) Read(OcrDocument page)
    {
        var context = new ExtractionContext(page, ExtractionOptions.Default);
        return (context, PartyExtractor.Extract(context, LocalInvoiceExtractor.ShippedPartyScorer(), PartyRankers.None));
    }

    /// <summary>Each distinct hybrid invoice's page; the XML's seller and buyer where the page prints them.</summary>
    private static async Task<List<Document>> HybridAsync(string directory, bool useCache, CancellationToken ct)
    {
        var result = new List<Document>();
        var seen = new HashSet<string>();
        foreach (var (name, xml) in await EInvoiceEval.PdfsAsync(directory, ct))
        {
            if (!seen.Add(EInvoicePageEval.InvoiceKey(xml.Fields)))
                continue;
            var page = await OcrAdapters.RecognizeFileAsync(Path.Combine(directory, name), useCache, ct);
            var printed = PrintedValues.Of(page);
            string? Printed(Field<string>? f) => f is not null && printed.HasName(f.Value) ? f.Value : null;
            var (context, rules) = Read(page);
            result.Add(new Document("hybrid", EInvoicePageEval.Family(Path.GetFileName(name)), EInvoicePageEval.IsHoldout(name), name, context, rules,
                Printed(xml.Fields.VendorName), Printed(xml.Fields.ReceiverName)));
        }
        return result;
    }

    private static async Task<List<Document>> Invoice2DataAsync(string directory, bool useCache, CancellationToken ct)
    {
        var result = new List<Document>();
        foreach (var jsonPath in Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(jsonPath);
            if (await Invoice2DataEval.DocumentAsync(directory, name, useCache, ct) is not { } page)
                continue;
            using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(jsonPath, ct));
            var expected = json.RootElement.ValueKind == JsonValueKind.Array ? json.RootElement[0] : json.RootElement;
            var issuer = expected.TryGetProperty("issuer", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            var (context, rules) = Read(page);
            result.Add(new Document("invoice2data", name, Split.IsHoldout(name), name, context, rules, issuer, null));
        }
        return result;
    }

    /// <summary>SROIE's receipts (the company key as the seller), grouped by shop.</summary>
    private static List<Document> Sroie(string directory)
    {
        var result = new List<Document>();
        var keyDir = Path.Combine(directory, "key");
        foreach (var id in Directory.GetFiles(keyDir, "*.json").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal))
        {
            var box = Path.Combine(directory, "box", id + ".txt");
            var company = SroieEval.ReadKey(Path.Combine(keyDir, id + ".json")).Company;
            if (!File.Exists(box) || company.Length == 0) continue;
            var (context, rules) = Read(SroieBoxReader.ReadFile(box));
            result.Add(new Document("sroie", SroieEval.Normalize(company, noSpace: true), Split.IsHoldout(id), id, context, rules, company, null));
        }
        return result;
    }

    private static async Task<List<Document>> VrduAsync(string directory, bool useCache, CancellationToken ct)
    {
        var result = new List<Document>();
        foreach (var label in VrduEval.Labels(Path.Combine(directory, "labels.csv")))
        {
            var pdf = Path.Combine(directory, "pdf", label.FileId + ".pdf");
            if (!File.Exists(pdf) || string.IsNullOrWhiteSpace(label.Advertiser)) continue;
            var page = await OcrAdapters.RecognizeFileAsync(pdf, useCache, ct);
            var family = VrduEval.Family(await File.ReadAllBytesAsync(pdf, ct), page.AllLines.FirstOrDefault()?.Text);
            var (context, rules) = Read(page);
            result.Add(new Document("vrdu-adbuy", family, Split.IsHoldout(family), label.FileId, context, rules, null, label.Advertiser.Trim()));
        }
        return result;
    }
}
