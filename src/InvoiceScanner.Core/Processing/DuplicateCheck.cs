using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Memory;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Review;
using InvoiceScanner.Core.Validation;

namespace InvoiceScanner.Core.Processing;

/// <summary>
/// The keys an invoice is found by as a possible duplicate: its file's SHA-256, and its vendor (VAT id, and the
/// normalised name) with its number. Both vendor keys are held, so an invoice whose VAT id was not read still meets
/// one whose VAT id was.
/// </summary>
public static class DuplicateKeys
{
    public static string File(string sha256) => "HASH#" + sha256.ToLowerInvariant();

    public static IReadOnlyList<string> Document(InvoiceFields fields)
    {
        if (fields.InvoiceNumber?.Value is not { } number || TextKey.Compact(number) is not { Length: > 0 } numberKey)
            return [];
        // The IBAN is left out: one account often serves several businesses.
        return [.. VendorKeys.Of(fields).Where(k => !k.StartsWith("iban:", StringComparison.Ordinal)).Select(v => $"DOCNO#{v}#{numberKey}")];
    }

    /// <summary>Every key the stored invoice may hold: the engine's fields and the fields as a person corrected them.</summary>
    public static IReadOnlyList<string> Held(InvoiceRecord invoice)
    {
        var keys = new List<string>();
        if (invoice.Document?.Sha256 is { Length: > 0 } sha)
            keys.Add(File(sha));
        if (invoice.Result is { } machine)
            keys.AddRange(Document(machine.Fields));
        if (EffectiveResult.Of(invoice) is { } effective)
            keys.AddRange(Document(effective.Fields));
        return [.. keys.Distinct(StringComparer.Ordinal)];
    }
}

/// <summary>
/// ExtractData's duplicate check, decided with the result: the same file again is DUPLICATE_FILE, the same vendor's
/// number again (with the same total, where both have one) POSSIBLE_DUPLICATE, each naming the first invoice. The first
/// invoice to claim a key keeps it; a key that points to an invoice gone (or being erased), or that no longer reads that
/// way, is taken over. The invoice itself, read again, is never its own duplicate.
/// </summary>
public sealed class DuplicateCheck(IDuplicateIndex index, IInvoiceRepository invoices)
{
    public async Task<IReadOnlyList<ReviewReason>> CheckAsync(string userId, string invoiceId, string? sha256, InvoiceFields fields,
        CancellationToken cancellationToken)
    {
        var reasons = new List<ReviewReason>();
        string? sameFile = null;
        if (sha256 is { Length: > 0 })
        {
            sameFile = await EarlierAsync(userId, DuplicateKeys.File(sha256), invoiceId, null, cancellationToken);
            if (sameFile is not null)
                reasons.Add(new ReviewReason(ReviewCodes.DuplicateFile, $"The same file was uploaded before as invoice {sameFile}.") { DuplicateOf = sameFile });
        }
        string? sameNumber = null;
        foreach (var key in DuplicateKeys.Document(fields))
        {
            // Every key is claimed, even after a match, so each points to the first invoice that held it.
            var earlier = await EarlierAsync(userId, key, invoiceId, other => SameDocument(fields, other), cancellationToken);
            sameNumber ??= earlier;
        }
        if (sameNumber is not null && sameNumber != sameFile)
            reasons.Add(new ReviewReason(ReviewCodes.PossibleDuplicate,
                $"Invoice {sameNumber} has the same vendor and number ({fields.InvoiceNumber?.Value}); it may be paid twice.", FieldNames.InvoiceNumber)
            { DuplicateOf = sameNumber });
        return reasons;
    }

    /// <summary>
    /// The other invoice holding the key when it matches (<paramref name="matches"/> null: any that exists); null when this
    /// invoice holds or took the key, or the holder differs (a key of its own stays with it).
    /// </summary>
    private async Task<string?> EarlierAsync(string userId, string key, string invoiceId, Func<ExtractionResult, bool>? matches,
        CancellationToken cancellationToken)
    {
        string? replacing = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var holder = await index.ClaimAsync(userId, key, invoiceId, replacing, cancellationToken);
            if (holder == invoiceId)
                return null;
            // Missing also while being erased: a lookup left by an erased invoice does not count.
            var other = await invoices.GetAsync(userId, holder, cancellationToken);
            if (other is not null && matches is null)
                return holder;
            // A holder read again (or corrected) to another vendor or number no longer holds the key: it is taken over.
            if (other is not null && EffectiveResult.Of(other) is { } read && DuplicateKeys.Document(read.Fields).Contains(key))
                return matches!(read) ? holder : null;
            replacing = holder;
        }
        return null;
    }

    /// <summary>Same number; totals and VAT ids, where both invoices have one, agree.</summary>
    private static bool SameDocument(InvoiceFields mine, ExtractionResult other)
    {
        var theirs = other.Fields;
        return Compact(mine.InvoiceNumber?.Value) == Compact(theirs.InvoiceNumber?.Value)
            && (mine.Total is null || theirs.Total is null || mine.Total.Value == theirs.Total.Value)
            && (Compact(mine.VendorTaxId?.Value) is not { Length: > 0 } vat || Compact(theirs.VendorTaxId?.Value) is not { Length: > 0 } otherVat
                || vat == otherVat);
    }

    private static string? Compact(string? text) => text is null ? null : TextKey.Compact(text);
}
