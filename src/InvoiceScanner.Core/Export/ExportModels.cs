using System.Text.Json.Serialization;

namespace InvoiceScanner.Core.Export;

// The export's rows. Their JSON names (camelCase) are the CSV header as well: the CSV writer reads the columns from
// ExportJsonContext's metadata, so the two formats cannot drift apart. Declaration order is column order.

/// <summary>One invoice as it now reads (corrections applied). Times are UTC.</summary>
public sealed record InvoiceExportRow(
    string InvoiceId,
    string Status,
    string FileName,
    DateTime CreatedAt,
    string? VendorName,
    string? VendorVatId,
    string? InvoiceNumber,
    DateOnly? InvoiceDate,
    DateOnly? DueDate,
    string? Currency,
    decimal? Net,
    decimal? Tax,
    decimal? Total,
    decimal? AmountDue,
    IReadOnlyList<string> ReviewReasons,
    string? ApprovedBy,
    DateTime? ApprovedAt);

/// <summary>One line item, with the invoice it belongs to. <see cref="Index"/> counts from 0, as PATCH's lineItemPatches do.</summary>
public sealed record LineItemExportRow(
    string InvoiceId,
    string? InvoiceNumber,
    string? VendorName,
    string? Currency,
    int Index,
    string? LineId,
    string? Description,
    decimal? Quantity,
    string? Unit,
    decimal? UnitPrice,
    decimal? GrossPrice,
    decimal? Amount,
    string? VatCategory,
    decimal? VatRate,
    string? ProductCode,
    string? BuyerItemId,
    DateOnly? PeriodStart,
    DateOnly? PeriodEnd,
    string? Note,
    int Page);

/// <summary>303's body for an export too large to answer inline: where to fetch it, until when, and how many rows it has.</summary>
public sealed record ExportLink(string Url, DateTimeOffset ExpiresAt, int Rows);

/// <summary>
/// The export's own source-generated context: camelCase like the API, but nulls written, so every JSON line carries
/// every column, as every CSV row does.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(InvoiceExportRow))]
[JsonSerializable(typeof(LineItemExportRow))]
[JsonSerializable(typeof(ExportLink))]
public sealed partial class ExportJsonContext : JsonSerializerContext;
