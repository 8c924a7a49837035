using System.Globalization;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Processing;

namespace InvoiceScanner.Core.Export;

public enum ExportFormat { Csv, Jsonl }

/// <summary>
/// What GET /invoices/export asks for: the format, an inclusive range of invoice days, the statuses (none: every
/// status) and whether to write one row per line item instead of one per invoice.
/// </summary>
public sealed record ExportQuery(ExportFormat Format, DateOnly? From, DateOnly? To, IReadOnlySet<InvoiceStatus> Statuses, bool Lines)
{
    public bool Includes(InvoiceStatus status) => Statuses.Count == 0 || Statuses.Contains(status);

    public bool Covers(DateOnly day) => (From is not { } from || day >= from) && (To is not { } to || day <= to);

    /// <summary>
    /// Reads the query string (<paramref name="parameter"/> gives a parameter's value, null when absent); every bad
    /// parameter is named in one 400 VALIDATION_FAILED.
    /// </summary>
    public static ExportQuery Parse(Func<string, string?> parameter)
    {
        var errors = new Dictionary<string, string>();
        var format = ReadFormat(parameter("format"), errors);
        var from = ReadDay(parameter("from"), "from", errors);
        var to = ReadDay(parameter("to"), "to", errors);
        if (from > to)
            errors["to"] = "must not be before from";
        var statuses = ReadStatuses(parameter("status"), errors);
        var lines = ReadLines(parameter("lines"), errors);
        if (errors.Count > 0)
            throw new RequestValidationException(ErrorCodes.ValidationFailed, "The export query is invalid.", errors);
        return new ExportQuery(format, from, to, statuses, lines);
    }

    private static ExportFormat ReadFormat(string? text, Dictionary<string, string> errors)
    {
        switch (text?.ToLowerInvariant())
        {
            case null or "csv":
                return ExportFormat.Csv;
            case "jsonl":
                return ExportFormat.Jsonl;
            default:
                errors["format"] = "must be csv (the default) or jsonl";
                return ExportFormat.Csv;
        }
    }

    private static DateOnly? ReadDay(string? text, string name, Dictionary<string, string> errors)
    {
        if (text is null)
            return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return day;
        errors[name] = "must be a date as YYYY-MM-DD";
        return null;
    }

    private static HashSet<InvoiceStatus> ReadStatuses(string? text, Dictionary<string, string> errors)
    {
        var statuses = new HashSet<InvoiceStatus>();
        if (text is null)
            return statuses;
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var name in names)
        {
            if (InvoiceStatuses.TryParseWire(name, out var status))
                statuses.Add(status);
        }
        if (names.Length == 0 || statuses.Count < names.Distinct(StringComparer.OrdinalIgnoreCase).Count())
        {
            errors["status"] = "must be one or more of " + string.Join(", ", Enum.GetValues<InvoiceStatus>().Select(s => s.ToWire()))
                + ", separated by commas";
        }
        return statuses;
    }

    private static bool ReadLines(string? text, Dictionary<string, string> errors)
    {
        switch (text?.ToLowerInvariant())
        {
            case null or "false":
                return false;
            case "true":
                return true;
            default:
                errors["lines"] = "must be true or false (the default)";
                return false;
        }
    }
}
