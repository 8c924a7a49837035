using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;

namespace InvoiceScanner.Core.Review;

/// <summary>
/// Which invoice a caller may reach by id: their own; an operator any user's. Anyone else's invoice is "not found",
/// never "forbidden", so ids cannot be probed.
/// </summary>
public static class InvoiceAccess
{
    public static async Task<InvoiceRecord> FindAsync(this IInvoiceRepository invoices, Actor actor, string invoiceId, CancellationToken cancellationToken)
    {
        RequireValidId(invoiceId);
        var invoice = await invoices.GetAsync(actor.Id, invoiceId, cancellationToken);
        if (invoice is null && actor.IsOperator && await invoices.FindOwnerAsync(invoiceId, cancellationToken) is { } owner)
            invoice = await invoices.GetAsync(owner, invoiceId, cancellationToken);
        return invoice ?? throw NotFound(invoiceId);
    }

    /// <summary>Refuses an id that no invoice can have (400, before any look-up).</summary>
    public static void RequireValidId(string invoiceId)
    {
        if (!InvoiceId.IsValid(invoiceId))
            throw new ReviewRefusedException(Refusal.Invalid, ErrorCodes.ValidationFailed, "The invoice id is malformed.",
                new Dictionary<string, string> { ["id"] = "expected a 26-character invoice id as returned by POST /invoices" });
    }

    /// <summary>The answer for an invoice the caller cannot reach: the same whether it is missing or another user's.</summary>
    public static ReviewRefusedException NotFound(string invoiceId) =>
        new(Refusal.NotFound, ErrorCodes.NotFound, $"No invoice {invoiceId}.");

    /// <summary>Refuses a caller who is not an operator (the operators' own routes).</summary>
    public static void RequireOperator(Actor actor)
    {
        if (!actor.IsOperator)
            throw new ReviewRefusedException(Refusal.Forbidden, ErrorCodes.Forbidden, "This route is for operators (the `operators` group).");
    }

    /// <summary>The ETag of a version: quoted, as HTTP wants it.</summary>
    public static string ETag(long version) => $"\"v{version}\"";

    /// <summary>The version an If-Match header names, or null when it names none this API gave out.</summary>
    public static long? ParseETag(string header)
    {
        var text = header.Trim();
        if (text.StartsWith("W/", StringComparison.Ordinal))
            text = text[2..];
        text = text.Trim('"');
        return text.Length > 1 && text[0] == 'v' && long.TryParse(text.AsSpan(1), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var version) ? version : null;
    }
}
