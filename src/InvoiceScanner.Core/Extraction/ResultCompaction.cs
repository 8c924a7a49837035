using System.Text.Json;
using System.Text.Json.Nodes;

namespace InvoiceScanner.Core.Extraction;

/// <summary>
/// Fits an extraction result into what an invoice record may hold (DynamoDB items stop at 400 KB): a long invoice
/// first loses its decision traces and evidence boxes, then trailing line items, with a review reason saying so.
/// What to drop is the domain's call, so the store only ever writes what it is given.
/// </summary>
public static class ResultCompaction
{
    /// <summary>Largest stored result, as JSON, leaving room for the rest of the record.</summary>
    public const int MaxBytes = 300 * 1024;

    // A field's members as the stored JSON names them (InvoiceScannerJsonContext: camelCase).
    private static readonly string RawName = JsonNamingPolicy.CamelCase.ConvertName(nameof(Field<string>.Raw));
    private static readonly string ConfidenceName = JsonNamingPolicy.CamelCase.ConvertName(nameof(Field<string>.Confidence));
    private static readonly string TraceName = JsonNamingPolicy.CamelCase.ConvertName(nameof(Field<string>.Trace));
    private static readonly string EvidenceName = JsonNamingPolicy.CamelCase.ConvertName(nameof(Field<string>.Evidence));

    public static ExtractionResult Fit(ExtractionResult result, int maxBytes = MaxBytes)
    {
        if (Size(result) <= maxBytes)
            return result;

        var lean = Lean(result);
        var fitted = lean;
        var kept = lean.LineItems.Count;
        while (Size(fitted) > maxBytes && kept > 0)
        {
            kept /= 2;
            fitted = lean with
            {
                LineItems = lean.LineItems.Take(kept).ToList(),
                ReviewReasons = [.. lean.ReviewReasons, new ReviewReason("LINE_ITEMS_TRUNCATED",
                    $"Only the first {kept} of {lean.LineItems.Count} line items are stored.")],
            };
        }
        return fitted;
    }

    private static int Size(ExtractionResult result) =>
        JsonSerializer.SerializeToUtf8Bytes(result, InvoiceScannerJsonContext.Default.ExtractionResult).Length;

    /// <summary>
    /// The result with every field's decision trace and evidence box dropped, wherever the field sits (the invoice
    /// fields, the line items, the VAT breakdown, the allowances and charges, and whatever the model gains later). The
    /// result takes a turn through its stored JSON form, where a field is the one object with a raw text and a
    /// confidence, so no list of fields has to be kept in step with the model (and no reflection is needed).
    /// </summary>
    public static ExtractionResult Lean(ExtractionResult result)
    {
        var json = JsonSerializer.SerializeToNode(result, InvoiceScannerJsonContext.Default.ExtractionResult);
        DropTraces(json);
        return json.Deserialize(InvoiceScannerJsonContext.Default.ExtractionResult)!;
    }

    private static void DropTraces(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj.ContainsKey(RawName) && obj.ContainsKey(ConfidenceName))
                {
                    // An empty trace, not none: the generated reader sets an init-only list that is absent to null.
                    obj[TraceName] = new JsonArray();
                    obj.Remove(EvidenceName);
                }
                foreach (var (_, child) in obj)
                    DropTraces(child);
                break;
            case JsonArray array:
                foreach (var child in array)
                    DropTraces(child);
                break;
        }
    }
}
