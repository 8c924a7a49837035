using System.Text.Json;
using InvoiceScanner.Core.Extraction;

namespace InvoiceScanner.CloudEngines.Refining;

/// <summary>
/// Line items offered to the model. The rules' rows are kept whenever there are any (a model cannot be checked
/// row by row against the rules' layout reading); when the rules found none, the model's rows are taken cell by
/// cell, keeping only cells printed in the document.
/// </summary>
internal static class RefinableLineItems
{
    public const string Name = "LineItems";
    public const int MaxItems = 200;

    private static readonly ValueRules<string> DescriptionRules = ValueKinds.Text(500);
    private static readonly ValueRules<string> ProductCodeRules = ValueKinds.Text(64, identifier: true);

    public static void WriteSchema(Utf8JsonWriter writer)
    {
        writer.WriteStartObject(Name);
        writer.WriteString("type", "array");
        writer.WriteString("description", "One entry per printed line item, in document order.");
        writer.WriteNumber("maxItems", MaxItems);
        writer.WriteStartObject("items");
        writer.WriteString("type", "object");
        writer.WriteBoolean("additionalProperties", false);
        writer.WriteStartObject("properties");
        ValueKinds.WriteSchema(writer, FieldNames.ItemDescription, "Item description as printed.", DescriptionRules);
        ValueKinds.WriteSchema(writer, FieldNames.ItemQuantity, "Quantity, e.g. 2 or 1.5.", ValueKinds.Amount);
        ValueKinds.WriteSchema(writer, FieldNames.ItemUnitPrice, "Price per unit.", ValueKinds.Amount);
        ValueKinds.WriteSchema(writer, FieldNames.ItemAmount, "Line total.", ValueKinds.Amount);
        ValueKinds.WriteSchema(writer, FieldNames.ItemProductCode, "SKU or product code as printed.", ProductCodeRules);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public static void WriteDraft(Utf8JsonWriter writer, IReadOnlyList<LineItem> items)
    {
        writer.WriteStartArray(Name);
        foreach (var item in items.Take(MaxItems))
        {
            writer.WriteStartObject();
            Write(writer, FieldNames.ItemDescription, item.Description, DescriptionRules);
            Write(writer, FieldNames.ItemQuantity, item.Quantity, ValueKinds.Amount);
            Write(writer, FieldNames.ItemUnitPrice, item.UnitPrice, ValueKinds.Amount);
            Write(writer, FieldNames.ItemAmount, item.Amount, ValueKinds.Amount);
            Write(writer, FieldNames.ItemProductCode, item.ProductCode, ProductCodeRules);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();

        static void Write<T>(Utf8JsonWriter writer, string name, Field<T>? field, ValueRules<T> rules)
        {
            if (field is not null)
                writer.WriteString(name, rules.Print(field.Value));
        }
    }

    public static IReadOnlyList<LineItem> Apply(IReadOnlyList<LineItem> current, JsonElement proposed, RefinementContext context)
    {
        if (proposed.ValueKind == JsonValueKind.Null)
            return current;
        if (proposed.ValueKind != JsonValueKind.Array)
        {
            context.Notes.Add($"{Name}: rejected (expected an array, got {proposed.ValueKind.ToString().ToLowerInvariant()})");
            return current;
        }
        var count = proposed.GetArrayLength();
        if (current.Count > 0)
        {
            if (count > 0)
                context.Notes.Add($"{Name}: {count} proposed row(s) not used; the rules found {current.Count}");
            return current;
        }
        if (count > MaxItems)
            context.Notes.Add($"{Name}: only the first {MaxItems} of {count} proposed rows considered");

        var result = new List<LineItem>();
        var index = 0;
        foreach (var element in proposed.EnumerateArray().Take(MaxItems))
        {
            index++;
            if (element.ValueKind != JsonValueKind.Object)
            {
                context.Notes.Add($"{Name}[{index}]: rejected (expected an object)");
                continue;
            }
            var problems = new List<string>();
            var hits = new List<EvidenceHit>();
            var description = Cell(element, FieldNames.ItemDescription, DescriptionRules, context, problems, hits);
            var quantity = Cell(element, FieldNames.ItemQuantity, ValueKinds.Amount, context, problems, hits);
            var unitPrice = Cell(element, FieldNames.ItemUnitPrice, ValueKinds.Amount, context, problems, hits);
            var amount = Cell(element, FieldNames.ItemAmount, ValueKinds.Amount, context, problems, hits);
            var productCode = Cell(element, FieldNames.ItemProductCode, ProductCodeRules, context, problems, hits);
            if (problems.Count > 0)
                context.Notes.Add($"{Name}[{index}]: {string.Join("; ", problems)}");
            if (description is null && amount is null)
                continue;
            result.Add(new LineItem(hits[0].Page)
            {
                Description = description,
                Quantity = quantity,
                UnitPrice = unitPrice,
                Amount = amount,
                ProductCode = productCode,
            });
        }
        return result;
    }

    private static Field<T>? Cell<T>(JsonElement item, string name, ValueRules<T> rules, RefinementContext context, List<string> problems, List<EvidenceHit> hits)
    {
        if (!item.TryGetProperty(name, out var proposed) || proposed.ValueKind == JsonValueKind.Null
            || (proposed.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(proposed.GetString())))
            return null;
        if (rules.Validate(proposed, out var value, out var raw) is { } invalid)
        {
            problems.Add($"{name} {ValueKinds.Quote(raw)} rejected ({invalid})");
            return null;
        }
        if (rules.Find(context.Evidence, value) is not { } hit)
        {
            problems.Add($"{name} {ValueKinds.Quote(raw)} does not appear in the document; dropped");
            return null;
        }
        hits.Add(hit);
        return new Field<T>(value, hit.Matched, context.ConfidenceFor(hit), hit.ToEvidence())
        {
            Trace = [$"bedrock: line item cell the rules did not find; found on page {hit.Page} in {ValueKinds.Quote(hit.Line.Text)}"],
            Flags = [RefinableField<T>.Filled],
        };
    }
}
