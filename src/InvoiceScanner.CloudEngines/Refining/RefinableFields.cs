using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using InvoiceScanner.Core.Extraction;

namespace InvoiceScanner.CloudEngines.Refining;

/// <summary>Shared state of one refinement: the evidence index, options and what to report.</summary>
internal sealed class RefinementContext(DocumentEvidence evidence, BedrockRefinerOptions options, string? localeHint)
{
    public DocumentEvidence Evidence { get; } = evidence;
    public BedrockRefinerOptions Options { get; } = options;
    public string? LocaleHint { get; } = localeHint;
    public List<ReviewReason> ReviewReasons { get; } = [];
    /// <summary>Notes with no field to carry them (a dropped value for a field the rules left empty).</summary>
    public List<string> Notes { get; } = [];

    public double ConfidenceFor(EvidenceHit hit) =>
        Math.Min(Options.ModelFieldConfidence, hit.Line.Confidence > 0 ? hit.Line.Confidence : 1);
}

/// <summary>How one kind of value is validated, printed, compared and looked for in the document.</summary>
internal sealed class ValueRules<T>
{
    public delegate bool Parser(string text, out T value);

    public required string Kind { get; init; }
    public required int MaxLength { get; init; }
    public string? Pattern { get; init; }
    public string? Format { get; init; }
    public required Parser TryParse { get; init; }
    public required Func<T, string> Print { get; init; }
    public required Func<DocumentEvidence, T, EvidenceHit?> Find { get; init; }
    public required Func<T, T, bool> Same { get; init; }
    /// <summary>Warnings to attach when a value is taken from the model (e.g. AMBIGUOUS_DATE).</summary>
    public Func<T, EvidenceHit, RefinementContext, IEnumerable<string>> Warnings { get; init; } = static (_, _, _) => [];

    /// <summary>Null when valid; otherwise why not. Empty strings count as "no value" and are filtered earlier.</summary>
    public string? Validate(JsonElement element, out T value, out string raw)
    {
        value = default!;
        if (element.ValueKind != JsonValueKind.String)
        {
            raw = element.GetRawText();
            return $"expected a string, got {element.ValueKind.ToString().ToLowerInvariant()}";
        }
        raw = element.GetString()!;
        if (raw.Length > MaxLength)
            return $"longer than {MaxLength} characters";
        if (raw.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
            return "contains control characters";
        return TryParse(raw.Trim(), out value) ? null : $"not {Kind}";
    }
}

internal static partial class ValueKinds
{
    public static ValueRules<string> Text(int maxLength, bool identifier = false) => new()
    {
        Kind = "text",
        MaxLength = maxLength,
        TryParse = static (string text, out string value) =>
        {
            value = text;
            return DocumentEvidence.Normalize(text).Length > 0;
        },
        Print = static v => v,
        Find = (evidence, v) => evidence.FindText(v, identifier),
        Same = static (a, b) => DocumentEvidence.Normalize(a) == DocumentEvidence.Normalize(b),
    };

    public static readonly ValueRules<decimal> Amount = new()
    {
        Kind = "an amount like 1234.50",
        MaxLength = 20,
        Pattern = @"^-?\d{1,13}(\.\d{1,4})?$",
        TryParse = static (string text, out decimal value) =>
        {
            value = 0;
            return AmountPattern().IsMatch(text)
                && decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
        },
        Print = static v => v.ToString(CultureInfo.InvariantCulture),
        Find = static (evidence, v) => evidence.FindAmount(v),
        Same = static (a, b) => a == b,
    };

    public static readonly ValueRules<DateOnly> Date = new()
    {
        Kind = "a YYYY-MM-DD date",
        MaxLength = 10,
        Pattern = @"^\d{4}-\d{2}-\d{2}$",
        Format = "date",
        TryParse = static (string text, out DateOnly value) =>
            DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value),
        Print = static v => v.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Find = static (evidence, v) => evidence.FindDate(v),
        Same = static (a, b) => a == b,
        // "03/04/2020" could be either date; without a locale hint only the model's guess ordered it.
        Warnings = static (v, hit, context) =>
            context.LocaleHint is null && v.Day <= 12 && v.Month <= 12 && v.Day != v.Month && hit.Matched.All(c => char.IsAsciiDigit(c) || c == ' ')
                && !hit.Matched.StartsWith(v.Year.ToString("0000", CultureInfo.InvariantCulture), StringComparison.Ordinal)
                ? [AmbiguousDate]
                : [],
    };

    public const string AmbiguousDate = "AMBIGUOUS_DATE";

    public static readonly ValueRules<string> Currency = new()
    {
        Kind = "an ISO 4217 code",
        MaxLength = 3,
        Pattern = "^[A-Z]{3}$",
        TryParse = static (string text, out string value) =>
        {
            value = text;
            return CurrencyPattern().IsMatch(text);
        },
        Print = static v => v,
        Find = static (evidence, v) => evidence.FindCurrency(v),
        Same = static (a, b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase),
    };

    [GeneratedRegex(@"^-?\d{1,13}(\.\d{1,4})?$")]
    private static partial Regex AmountPattern();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();

    public static void WriteSchema<T>(Utf8JsonWriter writer, string name, string description, ValueRules<T> rules)
    {
        writer.WriteStartObject(name);
        writer.WriteString("type", "string");
        writer.WriteString("description", description);
        writer.WriteNumber("maxLength", rules.MaxLength);
        if (rules.Pattern is not null)
            writer.WriteString("pattern", rules.Pattern);
        if (rules.Format is not null)
            writer.WriteString("format", rules.Format);
        writer.WriteEndObject();
    }

    public static string Quote(string text)
    {
        var flat = string.Join(' ', text.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return "'" + (flat.Length > 80 ? flat[..77] + "..." : flat) + "'";
    }
}

/// <summary>One InvoiceFields member the model may fill or correct.</summary>
internal abstract class RefinableField(string name, string description)
{
    public string Name { get; } = name;
    public string Description { get; } = description;

    public abstract void WriteSchema(Utf8JsonWriter writer);
    public abstract string? Draft(InvoiceFields fields);
    public abstract InvoiceFields Apply(InvoiceFields fields, JsonElement proposed, RefinementContext context);
    public abstract InvoiceFields Note(InvoiceFields fields, string note);
}

internal sealed class RefinableField<T>(
    string name,
    string description,
    ValueRules<T> rules,
    Func<InvoiceFields, Field<T>?> get,
    Func<InvoiceFields, Field<T>?, InvoiceFields> set) : RefinableField(name, description)
{
    public const string Filled = "MODEL_FILLED";
    public const string Changed = "MODEL_CHANGED";

    public override void WriteSchema(Utf8JsonWriter writer) => ValueKinds.WriteSchema(writer, Name, Description, rules);

    public override string? Draft(InvoiceFields fields) => get(fields) is { } field ? rules.Print(field.Value) : null;

    public override InvoiceFields Note(InvoiceFields fields, string note) =>
        get(fields) is { } field ? set(fields, field with { Trace = [.. field.Trace, note] }) : fields;

    public override InvoiceFields Apply(InvoiceFields fields, JsonElement proposed, RefinementContext context)
    {
        var current = get(fields);
        if (proposed.ValueKind == JsonValueKind.Null || (proposed.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(proposed.GetString())))
            return fields;

        if (rules.Validate(proposed, out var value, out var raw) is { } invalid)
            return Unsupported(fields, current, $"bedrock: proposed {ValueKinds.Quote(raw)} rejected ({invalid})", context);

        var hit = rules.Find(context.Evidence, value);
        if (hit is null)
        {
            if (current is not null && rules.Same(current.Value, value))
                return set(fields, current with { Trace = [.. current.Trace, "bedrock: agreed"] });
            return Unsupported(fields, current, $"bedrock: proposed {ValueKinds.Quote(raw)}, which does not appear in the document; dropped", context);
        }

        var where = $"found on page {hit.Page} in {ValueKinds.Quote(hit.Line.Text)}";
        if (current is null)
        {
            return set(fields, new Field<T>(value, hit.Matched, context.ConfidenceFor(hit), hit.ToEvidence())
            {
                Trace = [$"bedrock: filled {ValueKinds.Quote(rules.Print(value))}, which the rules did not find; {where}"],
                Flags = [Filled, .. rules.Warnings(value, hit, context)],
            });
        }
        if (rules.Same(current.Value, value))
            return set(fields, current with { Trace = [.. current.Trace, $"bedrock: confirmed ({where})"] });

        var before = rules.Print(current.Value);
        var after = rules.Print(value);
        context.ReviewReasons.Add(new ReviewReason(BedrockRefiningExtractor.ModelChangedField,
            $"The model read {Name} as {ValueKinds.Quote(after)} where the rules read {ValueKinds.Quote(before)}; both are printed in the document.", Name));
        return set(fields, new Field<T>(value, hit.Matched, Math.Min(current.Confidence, context.ConfidenceFor(hit)), hit.ToEvidence())
        {
            Trace = [.. current.Trace, $"bedrock: changed {ValueKinds.Quote(before)} to {ValueKinds.Quote(after)}; {where}"],
            Flags = [.. current.Flags, Changed, .. rules.Warnings(value, hit, context).Except(current.Flags)],
        });
    }

    private InvoiceFields Unsupported(InvoiceFields fields, Field<T>? current, string note, RefinementContext context)
    {
        if (current is null)
        {
            context.Notes.Add($"{Name}: {note}");
            return fields;
        }
        return set(fields, current with { Trace = [.. current.Trace, note + "; rules value kept"] });
    }
}

/// <summary>The field set offered to the model, in the order of <see cref="InvoiceFields"/>.</summary>
internal static class RefinableFields
{
    public static readonly IReadOnlyList<RefinableField> All =
    [
        new RefinableField<string>(FieldNames.VendorName, "Seller's name as printed.", ValueKinds.Text(200), f => f.VendorName, (f, v) => f with { VendorName = v }),
        new RefinableField<string>(FieldNames.VendorAddress, "Seller's postal address as printed.", ValueKinds.Text(400), f => f.VendorAddress, (f, v) => f with { VendorAddress = v }),
        new RefinableField<string>(FieldNames.VendorPhone, "Seller's phone number as printed.", ValueKinds.Text(40, identifier: true), f => f.VendorPhone, (f, v) => f with { VendorPhone = v }),
        new RefinableField<string>(FieldNames.VendorTaxId, "Seller's VAT/GST/tax id as printed.", ValueKinds.Text(40, identifier: true), f => f.VendorTaxId, (f, v) => f with { VendorTaxId = v }),
        new RefinableField<string>(FieldNames.ReceiverName, "Buyer's (bill-to) name as printed.", ValueKinds.Text(200), f => f.ReceiverName, (f, v) => f with { ReceiverName = v }),
        new RefinableField<string>(FieldNames.ReceiverAddress, "Buyer's (bill-to or ship-to) address as printed.", ValueKinds.Text(400), f => f.ReceiverAddress, (f, v) => f with { ReceiverAddress = v }),
        new RefinableField<string>(FieldNames.InvoiceNumber, "Invoice or receipt number as printed.", ValueKinds.Text(64, identifier: true), f => f.InvoiceNumber, (f, v) => f with { InvoiceNumber = v }),
        new RefinableField<DateOnly>(FieldNames.InvoiceDate, "Invoice date, YYYY-MM-DD.", ValueKinds.Date, f => f.InvoiceDate, (f, v) => f with { InvoiceDate = v }),
        new RefinableField<DateOnly>(FieldNames.DueDate, "Payment due date, YYYY-MM-DD.", ValueKinds.Date, f => f.DueDate, (f, v) => f with { DueDate = v }),
        new RefinableField<string>(FieldNames.PoNumber, "Purchase order number as printed.", ValueKinds.Text(64, identifier: true), f => f.PoNumber, (f, v) => f with { PoNumber = v }),
        new RefinableField<string>(FieldNames.PaymentTerms, "Payment terms as printed, e.g. 'Net 30'.", ValueKinds.Text(200), f => f.PaymentTerms, (f, v) => f with { PaymentTerms = v }),
        new RefinableField<decimal>(FieldNames.Subtotal, "Amount before tax, e.g. 1234.50.", ValueKinds.Amount, f => f.Subtotal, (f, v) => f with { Subtotal = v }),
        new RefinableField<decimal>(FieldNames.Tax, "Total tax amount.", ValueKinds.Amount, f => f.Tax, (f, v) => f with { Tax = v }),
        new RefinableField<decimal>(FieldNames.Total, "Final invoice total including tax.", ValueKinds.Amount, f => f.Total, (f, v) => f with { Total = v }),
        new RefinableField<decimal>(FieldNames.AmountDue, "Amount still to pay.", ValueKinds.Amount, f => f.AmountDue, (f, v) => f with { AmountDue = v }),
        new RefinableField<decimal>(FieldNames.AmountPaid, "Amount already paid.", ValueKinds.Amount, f => f.AmountPaid, (f, v) => f with { AmountPaid = v }),
        new RefinableField<decimal>(FieldNames.Discount, "Discount amount.", ValueKinds.Amount, f => f.Discount, (f, v) => f with { Discount = v }),
        new RefinableField<string>(FieldNames.Currency, "ISO 4217 code, only if the document states the currency.", ValueKinds.Currency, f => f.Currency, (f, v) => f with { Currency = v }),
    ];

    public static readonly IReadOnlyDictionary<string, RefinableField> ByName = All.ToDictionary(f => f.Name, StringComparer.Ordinal);
}
