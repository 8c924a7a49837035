using System.Text.Json.Serialization;

namespace InvoiceScanner.SampleInvoices;

/// <summary>A generated sample: its file name stem, the values printed on it, and the renderer of its PDF.</summary>
public sealed record SampleInvoice(string Name, ExpectedInvoice Expected, Func<byte[]> RenderPdf);

/// <summary>One printed line item. <see cref="Page"/> is the page it is printed on (1-based).</summary>
public sealed record ExpectedLineItem(string Description, decimal Quantity, decimal UnitPrice, decimal Amount)
{
    public string? ProductCode { get; init; }
    public int Page { get; init; } = 1;
}

/// <summary>
/// What is printed on a sample, typed. Property names follow Core's <c>InvoiceFields</c> so extraction results
/// compare field by field; the *AsPrinted strings are the exact text on the page.
/// </summary>
public sealed record ExpectedInvoice
{
    /// <summary>"invoice" or "receipt".</summary>
    public required string DocumentType { get; init; }

    /// <summary>Locale whose conventions the document follows (a LocaleHint for extraction), e.g. "de-DE".</summary>
    public required string Locale { get; init; }

    public required int PageCount { get; init; }
    public required string VendorName { get; init; }
    public required string VendorAddress { get; init; }
    public string? VendorPhone { get; init; }
    public string? VendorTaxId { get; init; }
    public string? ReceiverName { get; init; }
    public string? ReceiverAddress { get; init; }
    public required string InvoiceNumber { get; init; }
    public required DateOnly InvoiceDate { get; init; }
    public required string InvoiceDateAsPrinted { get; init; }
    public DateOnly? DueDate { get; init; }
    public string? PoNumber { get; init; }
    public string? PaymentTerms { get; init; }

    /// <summary>ISO 4217 code.</summary>
    public required string Currency { get; init; }

    public required IReadOnlyList<ExpectedLineItem> LineItems { get; init; }
    public required decimal Subtotal { get; init; }

    /// <summary>Tax rate in percent (19 for 19 %).</summary>
    public decimal? TaxRate { get; init; }

    public required decimal Tax { get; init; }
    public required decimal Total { get; init; }
    public required string TotalAsPrinted { get; init; }
    public decimal? AmountDue { get; init; }
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ExpectedInvoice))]
public sealed partial class SampleInvoiceJsonContext : JsonSerializerContext;
