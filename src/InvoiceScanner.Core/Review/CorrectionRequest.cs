using System.Text.Json;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Invoices;

namespace InvoiceScanner.Core.Review;

public sealed record FieldValue(CorrectableField<InvoiceFields> Field, string Value);

public sealed record CellValue(CorrectableField<LineItem> Cell, string Value);

/// <summary>A line item as a person writes it; <see cref="Page"/> defaults to 1.</summary>
public sealed record LineItemDraft(int Page, IReadOnlyList<CellValue> Cells);

/// <summary>New values for some cells of the line item at <see cref="Index"/> (0-based, as the API lists them).</summary>
public sealed record LineItemPatch(int Index, IReadOnlyList<CellValue> Cells);

/// <summary>
/// A PATCH body: <c>{"fields": {"total": 119.0, "dueDate": null}, "lineItems": [...]}</c> replaces the listed fields
/// (null clears one) and, with <c>lineItems</c>, the whole list; <c>lineItemPatches: [{"index": 2, "amount": 10}]</c>
/// changes single cells instead. Every refusal is collected, keyed by where it is in the body.
/// </summary>
public sealed record CorrectionRequest(IReadOnlyList<FieldValue> Fields, IReadOnlyList<LineItemDraft>? LineItems, IReadOnlyList<LineItemPatch> LineItemPatches)
{
    public const int MaxLineItems = 1000;

    /// <summary>Line items patched in one request: each is a history entry, and a change is one bounded transaction.</summary>
    public const int MaxPatches = 40;

    public static CorrectionRequest Parse(string? body)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body ?? "", new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw Invalid(ErrorCodes.BadRequest, Api.InvalidJson.Message(e), null);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Invalid(ErrorCodes.BadRequest, "The body must be a JSON object with fields, lineItems or lineItemPatches.", null);
            var fields = new List<FieldValue>();
            List<LineItemDraft>? items = null;
            var patches = new List<LineItemPatch>();
            foreach (var member in root.EnumerateObject())
            {
                switch (member.Name)
                {
                    case "fields": ReadFields(member.Value, fields, errors); break;
                    case "lineItems": items = ReadItems(member.Value, errors); break;
                    case "lineItemPatches": ReadPatches(member.Value, patches, errors); break;
                    default: errors[member.Name] = "unknown member; a correction has fields, lineItems or lineItemPatches"; break;
                }
            }
            if (items is not null && patches.Count > 0)
                errors["lineItemPatches"] = "give either lineItems (the whole list) or lineItemPatches, not both";
            if (errors.Count == 0 && fields.Count == 0 && items is null && patches.Count == 0)
                throw Invalid(ErrorCodes.ValidationFailed, "The correction changes nothing.", null);
            if (errors.Count > 0)
                throw Invalid(ErrorCodes.ValidationFailed, "Some values cannot be taken; see details.", errors);
            return new CorrectionRequest(fields, items, patches);
        }
    }

    private static void ReadFields(JsonElement value, List<FieldValue> fields, Dictionary<string, string> errors)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors["fields"] = "expected an object of field names and values";
            return;
        }
        foreach (var member in value.EnumerateObject())
        {
            var path = "fields." + member.Name;
            if (CorrectableFields.Find(member.Name) is not { } field)
                errors[path] = "not a field of the invoice";
            else if (fields.Any(f => f.Field == field))
                errors[path] = "given twice";
            else if (field.TryNormalise(member.Value, out var canonical, out var error))
                fields.Add(new FieldValue(field, canonical));
            else
                errors[path] = error;
        }
    }

    private static List<LineItemDraft>? ReadItems(JsonElement value, Dictionary<string, string> errors)
    {
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > MaxLineItems)
        {
            errors["lineItems"] = $"expected an array of at most {MaxLineItems} line items";
            return null;
        }
        var items = new List<LineItemDraft>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var path = $"lineItems[{index++}]";
            var page = 1;
            var cells = ReadCells(item, path, errors, name =>
            {
                if (name.Value.ValueKind != JsonValueKind.Number || !name.Value.TryGetInt32(out page) || page < 1)
                    errors[path + ".page"] = "expected a page number from 1";
            }, "page");
            items.Add(new LineItemDraft(page, cells));
        }
        return items;
    }

    private static void ReadPatches(JsonElement value, List<LineItemPatch> patches, Dictionary<string, string> errors)
    {
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > MaxPatches)
        {
            errors["lineItemPatches"] = $"expected an array of at most {MaxPatches} patches {{\"index\": n, cell: value, …}} (replace the whole list with lineItems for more)";
            return;
        }
        var position = 0;
        foreach (var patch in value.EnumerateArray())
        {
            var path = $"lineItemPatches[{position++}]";
            int? index = null;
            var cells = ReadCells(patch, path, errors, member =>
            {
                if (member.Value.ValueKind == JsonValueKind.Number && member.Value.TryGetInt32(out var i) && i >= 0)
                    index = i;
                else
                    errors[path + ".index"] = "expected the line item's index from 0";
            }, "index");
            if (index is null && !errors.ContainsKey(path + ".index"))
                errors[path + ".index"] = "required: which line item (from 0)";
            else if (index is { } i && patches.Any(p => p.Index == i))
                errors[path + ".index"] = "the same line item is patched twice";
            else if (index is { } at)
                patches.Add(new LineItemPatch(at, cells));
        }
    }

    /// <summary>The cells of one line-item object; <paramref name="special"/> takes the one member that is not a cell.</summary>
    private static List<CellValue> ReadCells(JsonElement item, string path, Dictionary<string, string> errors,
        Action<JsonProperty> special, string specialName)
    {
        var cells = new List<CellValue>();
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors[path] = "expected an object of line-item cells";
            return cells;
        }
        foreach (var member in item.EnumerateObject())
        {
            if (member.Name == specialName)
                special(member);
            else if (CorrectableFields.FindCell(member.Name) is not { } cell)
                errors[$"{path}.{member.Name}"] = "not a line-item cell";
            else if (cell.TryNormalise(member.Value, out var canonical, out var error))
                cells.Add(new CellValue(cell, canonical));
            else
                errors[$"{path}.{member.Name}"] = error;
        }
        return cells;
    }

    private static ReviewRefusedException Invalid(string code, string message, Dictionary<string, string>? details) =>
        new(Refusal.Invalid, code, message, details);
}
