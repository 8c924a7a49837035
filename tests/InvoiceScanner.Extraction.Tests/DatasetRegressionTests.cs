using System.Globalization;
using System.Text.Json;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.TestSupport;
using InvoiceScanner.Training;
using InvoiceScanner.Training.Sroie;

namespace InvoiceScanner.Extraction.Tests;

/// <summary>
/// Runs the engine on a few real documents and compares with the dataset's own key files, read at test time
/// (no expected values are copied into the repository). Thresholds leave room for the engine's known misses.
/// </summary>
public sealed class DatasetRegressionTests
{
    private static string Normalize(string? s) => string.Join(' ', (s ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public void Sroie_receipts_match_their_keys()
    {
        var dir = SharedFolder.Require("datasets/sroie-train");
        var ids = Directory.GetFiles(Path.Combine(dir, "key"), "*.json").Select(Path.GetFileNameWithoutExtension).OfType<string>()
            .Order(StringComparer.Ordinal).Take(20).ToList();
        var extractor = new LocalInvoiceExtractor();
        var hits = new Dictionary<string, int> { ["date"] = 0, ["total"] = 0, ["company"] = 0 };
        foreach (var id in ids)
        {
            using var key = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "key", id + ".json")));
            var result = extractor.Extract(SroieBoxReader.ReadFile(Path.Combine(dir, "box", id + ".txt")), ExtractionOptions.Default);
            if (Normalize(result.Fields.InvoiceDate?.Raw) == Normalize(key.RootElement.GetProperty("date").GetString())) hits["date"]++;
            if (Normalize(result.Fields.Total?.Raw) == Normalize(key.RootElement.GetProperty("total").GetString())) hits["total"]++;
            if (Normalize(result.Fields.VendorName?.Value) == Normalize(key.RootElement.GetProperty("company").GetString())) hits["company"]++;
        }
        Assert.True(hits["date"] >= 18, $"dates matched {hits["date"]}/20");
        Assert.True(hits["total"] >= 16, $"totals matched {hits["total"]}/20");
        Assert.True(hits["company"] >= 15, $"companies matched {hits["company"]}/20");
    }

    [Fact]
    public void Plain_text_invoice_matches_its_expected_output()
    {
        var dir = SharedFolder.Require("datasets/invoice2data");
        var txt = Directory.GetFiles(dir, "*.txt").FirstOrDefault();
        if (txt is null) Assert.Skip("no plain-text invoice in the dataset");
        using var expected = JsonDocument.Parse(File.ReadAllBytes(Path.ChangeExtension(txt, ".json")));
        var e = expected.RootElement[0];
        var result = new LocalInvoiceExtractor().Extract(PlainTextDocument.FromText(File.ReadAllText(txt)), ExtractionOptions.Default);
        Assert.Equal(e.GetProperty("amount").GetDecimal(), result.Fields.Total!.Value);
        Assert.Equal(e.GetProperty("date").GetString(), result.Fields.InvoiceDate!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Assert.Equal(e.GetProperty("currency").GetString(), result.Fields.Currency!.Value);
    }
}
