using System.Globalization;
using System.Text.Json;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Validation;

namespace InvoiceScanner.Core.Review;

/// <summary>How a corrected value is written and checked.</summary>
public enum ValueKind { Text, Amount, Date, Currency, DocumentType, Iban, Email }

/// <summary>
/// One field a person may correct, on <typeparamref name="TOwner"/> (the invoice's fields or a line item): its wire name,
/// how its value is parsed and checked, and how a correction is put in place. Values travel as canonical JSON text
/// (<c>"ACME GmbH"</c>, <c>123.45</c>, <c>"2026-01-31"</c>) so a correction is stored and shown exactly as given.
/// </summary>
public abstract class CorrectableField<TOwner>(string name, ValueKind kind)
{
    /// <summary>The property name (as <see cref="FieldNames"/>).</summary>
    public string Name { get; } = name;

    /// <summary>The name in API bodies (camelCase).</summary>
    public string WireName { get; } = JsonNamingPolicy.CamelCase.ConvertName(name);

    public ValueKind Kind { get; } = kind;

    /// <summary>Checks a JSON value and gives its canonical JSON text, or why it is refused.</summary>
    public bool TryNormalise(JsonElement value, out string canonical, out string error)
    {
        canonical = "null";
        error = "";
        if (value.ValueKind == JsonValueKind.Null)
            return true;
        var ok = CorrectedValues.TryNormalise(Kind, value, out var text, out error);
        if (ok)
            canonical = text;
        return ok;
    }

    /// <summary>The value now held, as canonical JSON text ("null" when there is none).</summary>
    public abstract string Current(TOwner owner);

    /// <summary>Puts a person's value (canonical JSON text; "null" clears) in place, keeping what the engine had read.</summary>
    public abstract TOwner Apply(TOwner owner, string canonical, string by, DateTimeOffset at);
}

/// <summary>A correctable field of value type <typeparamref name="T"/>.</summary>
public sealed class CorrectableField<TOwner, T>(
    string name, ValueKind kind, Func<TOwner, Field<T>?> get, Func<TOwner, Field<T>?, TOwner> set)
    : CorrectableField<TOwner>(name, kind)
{
    public override string Current(TOwner owner) => get(owner) is { } field ? CorrectedValues.Write(field.Value) : "null";

    public override TOwner Apply(TOwner owner, string canonical, string by, DateTimeOffset at)
    {
        var machine = get(owner) is { } current ? current.Machine ?? (current.Source is null ? current : null) : null;
        if (canonical == "null")
            return set(owner, null);
        var value = CorrectedValues.Read<T>(canonical);
        return set(owner, new Field<T>(value, CorrectedValues.Raw(canonical), 1.0)
        {
            Source = CorrectedValues.PersonSource,
            CorrectedBy = by,
            CorrectedAt = at,
            Machine = machine,
        });
    }
}

/// <summary>Parsing and writing of corrected values by kind.</summary>
public static class CorrectedValues
{
    public const string PersonSource = "person";
    public const int MaxTextLength = 1000;
    private const decimal MaxAmount = 1_000_000_000_000m;

    public static readonly IReadOnlySet<string> DocumentTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "invoice", "credit-note", "corrective", "prepayment", "self-billed", "self-billed-credit-note", "partial",
        "partial-final", "final", "debit-note", "proforma", "order", "contract", "receipt", "other",
    };

    public static bool TryNormalise(ValueKind kind, JsonElement value, out string canonical, out string error)
    {
        canonical = "";
        error = kind switch
        {
            ValueKind.Amount => "expected a number",
            ValueKind.Date => "expected a date as YYYY-MM-DD",
            _ => "expected a string",
        };
        if (kind == ValueKind.Amount)
        {
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var amount))
                return false;
            if (Math.Abs(amount) >= MaxAmount || amount.Scale > 6)
                return Refuse("must be below 10^12 with at most 6 decimals", out error);
            canonical = Write(amount);
            return true;
        }
        if (value.ValueKind != JsonValueKind.String)
            return false;
        var text = value.GetString()!.Trim();
        if (text.Length == 0 || text.Length > MaxTextLength || text.Any(c => char.IsControl(c) && c != '\n'))
            return Refuse($"must be 1 to {MaxTextLength} characters without control characters (null clears a field)", out error);
        var normalised = kind switch
        {
            ValueKind.Date => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? Write(date) : null,
            ValueKind.Currency => text.Length == 3 && text.All(char.IsAsciiLetter) ? Write(text.ToUpperInvariant()) : null,
            ValueKind.DocumentType => DocumentTypes.Contains(text) ? Write(text) : null,
            ValueKind.Iban => Ibans.Normalise(text) is { } iban ? Write(iban) : null,
            ValueKind.Email => IsEmail(text) ? Write(text) : null,
            _ => Write(text),
        };
        error = kind switch
        {
            ValueKind.Date => "expected a date as YYYY-MM-DD",
            ValueKind.Currency => "expected an ISO 4217 code, three letters (EUR, USD)",
            ValueKind.DocumentType => "expected one of " + string.Join(", ", DocumentTypes.Order(StringComparer.Ordinal)),
            ValueKind.Iban => "expected an IBAN whose check digits agree",
            ValueKind.Email => "expected an e-mail address",
            _ => "",
        };
        canonical = normalised ?? "";
        return normalised is not null;
    }

    private static bool Refuse(string why, out string error)
    {
        error = why;
        return false;
    }

    private static bool IsEmail(string text)
    {
        var at = text.IndexOf('@');
        return at > 0 && at == text.LastIndexOf('@') && text.IndexOf('.', at) > at + 1 && !text.EndsWith('.') && !text.Any(char.IsWhiteSpace);
    }

    public static string Write<T>(T value) => value switch
    {
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        DateOnly date => JsonSerializer.Serialize(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), InvoiceScannerJsonContext.Default.String),
        string s => JsonSerializer.Serialize(s, InvoiceScannerJsonContext.Default.String),
        _ => throw new NotSupportedException(typeof(T).Name),
    };

    public static T Read<T>(string canonical)
    {
        object value = typeof(T) == typeof(decimal) ? decimal.Parse(canonical, NumberStyles.Float, CultureInfo.InvariantCulture)
            : typeof(T) == typeof(DateOnly) ? DateOnly.ParseExact(Raw(canonical), "yyyy-MM-dd", CultureInfo.InvariantCulture)
            : typeof(T) == typeof(string) ? Raw(canonical)
            : throw new NotSupportedException(typeof(T).Name);
        return (T)value;
    }

    /// <summary>The text of canonical JSON: a string's content, a number as written.</summary>
    public static string Raw(string canonical) =>
        canonical.StartsWith('"') ? JsonSerializer.Deserialize(canonical, InvoiceScannerJsonContext.Default.String)! : canonical;
}
