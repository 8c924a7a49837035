using System.Text.Json;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Eval;
using InvoiceScanner.Extraction;
using InvoiceScanner.Training;
using InvoiceScanner.Training.Learning;
using InvoiceScanner.Training.Sroie;

// Accuracy of the extraction engine on the datasets beside the repository (../shared/datasets).
//   sroie [dir] [--images] [--limit N] [--cv K] [--rules] [--nospace] [--casefold] [--json] [--misses N] [--no-cache] [--ocr-text DIR] [--unseen-vendors]
//                                     --unseen-vendors: cross-validation folds by shop, so no fold model saw the shop it scores
//   invoice2data [dir] [--json] [--misses N]
//   einvoices [dir] [--json] [--misses N]
//                                     e-invoices: values exact against the XML, statuses per syntax/profile, CII/UBL pairs,
//                                     invalid/ outcomes, the hybrid PDFs through the product's path
//   invoices [--images] [--json] [--misses N]
//                                     business invoices read from the page: the hybrid PDFs with their XML ignored,
//                                     vrdu-adbuy (text layers; with --images also its scans read by our OCR at 150 dpi),
//                                     invoice2data; per field, per document, review calibration
//   memory [--json] [--misses N]      learning from corrections: per vendor, the first document approved with its true values,
//                                     the later ones read without and with the vendor's memory (hybrid pages, vrdu-adbuy)
//   all [--json]                      SROIE (dataset OCR lines and --images), e-invoices and business invoices (with scans)
//   train [dir] [--out file]          trains the vendor/address line classifier shipped in the library
//   calibrate [--out file]            fits the field confidence calibration shipped in the library on the business
//                                     sources' development splits (eval invoices), and reports it on their holdouts
//   train-parties [--out dir] [--ranker-l2 X] [--ranker-epochs N]
//                                     trains the seller and buyer candidate rankers shipped in the library on the business
//                                     sources' development splits (labelled from the hybrid PDFs' XML, invoice2data,
//                                     vrdu-adbuy); prints rules vs ranker per source, cross-validated by producer
//   train-lm [dir] [--out file] [--unseen-vendors] [--order 6] [--min-count 2]
//                                     trains the character language model the PP-OCR reader decodes with; with
//                                     --unseen-vendors, without the scanned receipts' vendors (OCR_LANGUAGE_MODEL=file)
//   --predictions FILE (sroie, invoice2data, all): every value scored, one per line, to compare two builds
//   show <file>                       prints the extraction of one document (box .txt, .pdf, image, plain .txt)

var arguments = args.ToList();
if (arguments.Count == 0 || arguments[0] is "-h" or "--help")
{
    Console.WriteLine("usage: sroie [dir] [--images] [--limit N] [--cv K] [--rules] [--nospace] [--casefold] [--json] [--misses N] [--no-cache] [--ocr-text DIR] [--unseen-vendors]\n" +
                      "       invoice2data [dir] [--json]\n       einvoices [dir] [--json]\n       invoices [--images] [--json]\n       memory [--json] [--misses N]\n       all [--json]\n       train [dir] [--out file]\n       calibrate [--out file]\n       train-parties [--out dir] [--ranker-l2 X] [--ranker-epochs N]\n       train-lm [dir] [--out file] [--unseen-vendors] [--order 6] [--min-count 2]\n       show <file>");
    return 2;
}

var command = arguments[0];
bool Flag(string name) => arguments.Remove(name);
string? Option(string name)
{
    var i = arguments.IndexOf(name);
    if (i < 0 || i + 1 >= arguments.Count) return null;
    var value = arguments[i + 1];
    arguments.RemoveRange(i, 2);
    return value;
}

var json = Flag("--json");
var images = Flag("--images");
var rules = Flag("--rules");
var noSpace = Flag("--nospace");
var caseFold = Flag("--casefold");
var noCache = Flag("--no-cache");
var unseenVendors = Flag("--unseen-vendors");
int? WholeNumber(string name) => Option(name) is not { } text ? null
    : int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n
    : throw new ArgumentException($"{name} needs a whole number, got '{text}'.");
var lmOrder = WholeNumber("--order") ?? 6;
var lmMinCount = WholeNumber("--min-count") ?? 2;
var limit = WholeNumber("--limit");
var folds = WholeNumber("--cv") ?? 5;
var maxMisses = WholeNumber("--misses") ?? 40;
var output = Option("--out");
var ocrTextDirectory = Option("--ocr-text");
var predictionsFile = Option("--predictions");
var training = new LineClassifierTrainer.Options();
if (WholeNumber("--epochs") is { } ep) training = training with { Epochs = ep };
if (Option("--lr") is { } lr) training = training with { LearningRate = double.Parse(lr, System.Globalization.CultureInfo.InvariantCulture) };
if (Option("--l2") is { } l2) training = training with { L2 = double.Parse(l2, System.Globalization.CultureInfo.InvariantCulture) };
var rulesWeight = Option("--rules-weight") is { } rw ? double.Parse(rw, System.Globalization.CultureInfo.InvariantCulture) : InvoiceScanner.Extraction.Learning.ClassifierPartyLineScorer.DefaultRulesWeight;
var positional = arguments.Skip(1).FirstOrDefault();

var repoRoot = RepositoryRoot();
OcrAdapters.UseRepository(repoRoot);
var datasets = Path.GetFullPath(Path.Combine(repoRoot, "..", "shared", "datasets"));
var ct = CancellationToken.None;

switch (command)
{
    case "sroie":
        {
            if (ocrTextDirectory is not null && !images) { Console.Error.WriteLine("--ocr-text writes our OCR of the scans: it needs --images"); return 2; }
            var reports = await SroieEval.RunAsync(new SroieOptions(positional ?? Path.Combine(datasets, "sroie-train"), images, limit, folds, rules, noSpace, !noCache) { Training = training, RulesWeight = rulesWeight, CaseFold = caseFold, OcrTextDirectory = ocrTextDirectory, UnseenVendors = unseenVendors }, ct);
            Print(reports, json, maxMisses);
            return 0;
        }
    case "invoice2data":
        {
            var reports = await Invoice2DataEval.RunAsync(positional ?? Path.Combine(datasets, "invoice2data"), !noCache, ct);
            Print(reports, json, maxMisses);
            return 0;
        }
    case "einvoices":
        {
            var reports = await EInvoiceEval.RunAsync(positional ?? Path.Combine(datasets, "einvoices"), !noCache, ct);
            Print(reports, json, maxMisses);
            return 0;
        }
    case "invoices":
        {
            Print(await InvoicesAsync(images), json, maxMisses);
            return 0;
        }
    case "memory":
        {
            EvalEngine.Rankers ??= await PartyRankingEval.CrossValidatedAsync(datasets, !noCache, new CandidateRankerTrainer.Options(), ct);
            Print(await MemoryEval.RunAsync(datasets, !noCache, ct), json, maxMisses);
            return 0;
        }
    case "all":
        {
            var sroieDir = Path.Combine(datasets, "sroie-train");
            var reports = new List<Report>();
            reports.AddRange(await SroieEval.RunAsync(new SroieOptions(sroieDir, false, null, folds, false, false, !noCache), ct));
            reports.AddRange(await SroieEval.RunAsync(new SroieOptions(sroieDir, true, limit, folds, false, false, !noCache), ct));
            reports.AddRange(await SroieEval.RunAsync(new SroieOptions(sroieDir, true, limit, folds, false, false, !noCache) { CaseFold = true }, ct));
            reports.AddRange(await EInvoiceEval.RunAsync(Path.Combine(datasets, "einvoices"), !noCache, ct));
            reports.AddRange(await InvoicesAsync(scans: true));
            Print(reports, json, json ? maxMisses : 0);
            return 0;
        }
    case "calibrate":
        {
            EvalEngine.Calibrated = false;
            CalibrationFit.Run(await InvoicesAsync(), output ?? Path.Combine(repoRoot, "src", "InvoiceScanner.Extraction", "Learning", "field-calibration.model"));
            return 0;
        }
    case "train":
        {
            var target = output ?? Path.Combine(repoRoot, "src", "InvoiceScanner.Extraction", "Learning", "party-lines.model");
            SroieEval.Train(positional ?? Path.Combine(datasets, "sroie-train"), target);
            return 0;
        }
    case "train-parties":
        {
            var ranking = new CandidateRankerTrainer.Options();
            if (Option("--ranker-l2") is { } rl2) ranking = ranking with { L2 = double.Parse(rl2, System.Globalization.CultureInfo.InvariantCulture) };
            if (WholeNumber("--ranker-epochs") is { } re) ranking = ranking with { Epochs = re };
            await PartyRankingEval.RunAsync(datasets, output ?? Path.Combine(repoRoot, "src", "InvoiceScanner.Extraction", "Learning"), !noCache, ranking, ct);
            return 0;
        }
    case "train-lm":
        {
            var target = output ?? Path.Combine(repoRoot, "src", "InvoiceScanner.Ocr", "Neural", "receipt-text.lm");
            SroieEval.TrainLanguageModel(positional ?? Path.Combine(datasets, "sroie-train"), target, unseenVendors, lmOrder, lmMinCount);
            return 0;
        }
    case "show":
        {
            if (positional is null) { Console.Error.WriteLine("show needs a file"); return 2; }
            OcrDocument document = positional switch
            {
                _ when positional.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) && File.ReadLines(positional).FirstOrDefault()?.Split(',').Length >= 9
                    => SroieBoxReader.ReadFile(positional),
                _ when positional.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) => PlainTextDocument.FromText(File.ReadAllText(positional)),
                _ => await OcrAdapters.RecognizeFileAsync(positional, !noCache, ct),
            };
            var result = new LocalInvoiceExtractor().Extract(document, new ExtractionOptions(Option("--locale")));
            var cells = Flag("--cells");
            ResultPrinter.Print(result, Flag("--rows") || cells ? document : null, cells);
            return 0;
        }
    default:
        Console.Error.WriteLine($"unknown command '{command}'");
        return 2;
}

// Business invoices from the page: the yardstick of the business-invoice work (docs/accuracy.md). Development documents
// are read with party rankers trained without their producer's group (the shipped ones were trained on all of them).
async Task<List<Report>> InvoicesAsync(bool scans = false)
{
    EvalEngine.Rankers ??= await PartyRankingEval.CrossValidatedAsync(datasets, !noCache, new CandidateRankerTrainer.Options(), ct);
    return
    [
        .. await EInvoiceEval.PagesAsync(Path.Combine(datasets, "einvoices"), !noCache, ct),
        .. await VrduEval.RunAsync(Path.Combine(datasets, "vrdu-adbuy"), !noCache, ct, scans),
        .. await Invoice2DataEval.RunAsync(Path.Combine(datasets, "invoice2data"), !noCache, ct),
    ];
}

void Print(IReadOnlyList<Report> reports, bool json, int maxMisses)
{
    if (predictionsFile is not null)
        File.WriteAllLines(predictionsFile, reports.SelectMany(r => r.Predictions.Select(p => $"{r.Name}\t{p.Document}\t{p.Field}\t{OneLine(p.Got)}")));
    if (json)
    {
        using var stream = Console.OpenStandardOutput();
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteString("date", DateTime.UtcNow.ToString("yyyy-MM-dd"));
        writer.WriteStartArray("reports");
        foreach (var r in reports) r.WriteJson(writer, maxMisses);
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        Console.WriteLine();
        return;
    }
    foreach (var r in reports)
        Console.WriteLine(r.ToText(r.Name.Contains(" all ", StringComparison.Ordinal) ? 0 : maxMisses));
}

// A value read from several lines (an address, a note) stays on its row of the predictions file.
static string OneLine(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)
    .Replace("\r", "\\r", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);

static string RepositoryRoot()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "InvoiceScanner.sln")))
                return dir.FullName;
    throw new InvalidOperationException("run inside the repository (InvoiceScanner.sln not found)");
}
