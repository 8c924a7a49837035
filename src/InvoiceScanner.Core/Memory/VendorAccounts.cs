using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Validation;

namespace InvoiceScanner.Core.Memory;

/// <summary>
/// The accounts a vendor was paid to on its approved invoices, and the check that a new invoice of that vendor asks for
/// one of them. The memory keeps each approved IBAN among its keys (<see cref="VendorKeys"/>), so approving an invoice
/// over the check (with its reason) makes the new account one of the vendor's.
/// </summary>
public static class VendorAccounts
{
    private const string Prefix = "iban:";

    /// <summary>Accounts kept per vendor, newest first: each is a key the memory is stored under (one write per key).</summary>
    public const int MaxAccounts = 5;

    /// <summary>The IBANs (normalised, upper case) the memory's approvals named.</summary>
    public static IReadOnlyList<string> Approved(VendorMemory memory) =>
        [.. memory.Keys.Where(k => k.StartsWith(Prefix, StringComparison.Ordinal)).Select(k => k[Prefix.Length..].ToUpperInvariant())];

    /// <summary>
    /// VENDOR_ACCOUNT_CHANGED when the invoice's IBAN is none of the vendor's approved ones; null when it is one, when the
    /// invoice states none, or when no approval of the vendor named an account (nothing to compare with).
    /// </summary>
    public static ReviewReason? Check(InvoiceFields fields, VendorMemory memory)
    {
        var approved = Approved(memory);
        if (approved.Count == 0 || fields.Iban?.Value is not { } printed || Ibans.Normalise(printed) is not { } iban)
            return null;
        if (approved.Contains(iban, StringComparer.Ordinal))
            return null;
        var vendor = memory.VendorName ?? fields.VendorName?.Value ?? "this vendor";
        var before = string.Join(" or ", approved.Select(Ibans.Format));
        return new ReviewReason(ReviewCodes.VendorAccountChanged,
            $"The invoice asks payment to {Ibans.Format(iban)}, but {vendor}'s approved invoices (last {memory.SourceInvoiceId}) were paid to {before}. "
            + "Confirm the new account with the vendor through a contact you already know before paying.", FieldNames.Iban);
    }

    /// <summary>
    /// The memory an approval leaves, keeping the accounts the vendor's earlier approvals named: a vendor that bills from
    /// two accounts is not asked about either again.
    /// </summary>
    public static VendorMemory KeepingAccounts(VendorMemory learned, VendorMemory? known)
    {
        if (known is null)
            return learned;
        var kept = learned.Keys.Count(k => k.StartsWith(Prefix, StringComparison.Ordinal));
        var accounts = known.Keys.Where(k => k.StartsWith(Prefix, StringComparison.Ordinal) && !learned.Keys.Contains(k, StringComparer.Ordinal))
            .Take(Math.Max(0, MaxAccounts - kept));
        return learned with { Keys = [.. learned.Keys, .. accounts] };
    }
}
