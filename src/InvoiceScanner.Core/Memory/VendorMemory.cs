using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Validation;

namespace InvoiceScanner.Core.Memory;

/// <summary>
/// What a person's approval taught about one vendor, for one user (memory never crosses users): the vendor's canonical
/// name and currency, and each field's approved value with the invoice it was approved on, so the next invoice of that
/// vendor can find where such values are printed (the label beside them, their place on the page) and use it as a prior.
/// </summary>
/// <param name="VendorKey">The strongest key of the vendor (<see cref="VendorKeys"/>): VAT id, IBAN, else normalised name.</param>
/// <param name="SourceOcrKey">The approved invoice's stored OCR document, where the values were printed.</param>
public sealed record VendorMemory(string UserId, string VendorKey, string SourceInvoiceId, string? SourceOcrKey, DateTimeOffset LearnedAt)
{
    public string? VendorName { get; init; }
    public string? Currency { get; init; }

    /// <summary>Approved values by field wire name (e.g. "invoiceNumber"), as canonical JSON text.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init => field = value ?? new Dictionary<string, string>(); } = new Dictionary<string, string>();

    /// <summary>Every key the vendor was known by on the approved invoice, so a later one matching any of them finds it.</summary>
    public IReadOnlyList<string> Keys { get; init => field = value ?? []; } = [];

    /// <summary>How many approvals of this vendor's invoices the memory has seen.</summary>
    public int Approvals { get; init; } = 1;
}

/// <summary>The keys a vendor is recognised by, strongest first: its VAT id, its IBAN, its name (letters and digits).</summary>
public static class VendorKeys
{
    public static IReadOnlyList<string> Of(InvoiceFields fields)
    {
        var keys = new List<string>(3);
        if (fields.VendorTaxId?.Value is { } vat && TextKey.Compact(vat) is { Length: >= 5 } vatKey)
            keys.Add("vat:" + vatKey);
        if (fields.Iban?.Value is { } iban && Ibans.Normalise(iban) is { } ibanKey)
            keys.Add("iban:" + ibanKey.ToLowerInvariant());
        if (fields.VendorName?.Value is { } name && TextKey.Compact(name) is { Length: >= 3 } nameKey)
            keys.Add("name:" + nameKey);
        return keys;
    }
}

/// <summary>Per-user vendor memory (port). Lookups take every key of the new invoice and answer the first remembered.</summary>
public interface IVendorMemoryStore
{
    Task<VendorMemory?> FindAsync(string userId, IReadOnlyList<string> vendorKeys, CancellationToken cancellationToken);

    /// <summary>Stores the memory under each of its <see cref="VendorMemory.Keys"/>, replacing what those keys held.</summary>
    Task SaveAsync(VendorMemory memory, CancellationToken cancellationToken);
}

/// <summary>
/// Reads a new invoice with what an approved invoice of the same vendor taught (port; the extraction library implements it).
/// </summary>
public interface IVendorPrior
{
    /// <param name="remembered">The approved invoice's OCR document, where its values were printed; null when it is gone.</param>
    ExtractionResult Apply(Documents.OcrDocument document, ExtractionResult draft, VendorMemory memory, Documents.OcrDocument? remembered, ExtractionOptions options);
}
