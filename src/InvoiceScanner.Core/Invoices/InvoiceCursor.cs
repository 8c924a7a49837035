namespace InvoiceScanner.Core.Invoices;

/// <summary>
/// Opaque page cursors. They name only the last invoice id; the partition is always the caller's own, so a
/// cursor cannot be crafted to reach another user's items.
/// </summary>
public static class InvoiceCursor
{
    public static string Encode(string invoiceId) => Base64Url.Encode("v1:" + invoiceId);

    public static string Decode(string cursor)
    {
        var text = Base64Url.Decode(cursor);
        if (text is not null && text.StartsWith("v1:", StringComparison.Ordinal) && InvoiceId.IsValid(text[3..]))
            return text[3..];
        throw new InvalidCursorException("The cursor is not one this API returned.");
    }
}

/// <summary>The operators' review-queue cursor: the last invoice's owner and id (the queue spans users).</summary>
public static class ReviewCursor
{
    private const string Version = "r1:";

    public static string Encode(string userId, string invoiceId) => Base64Url.Encode($"{Version}{invoiceId}/{userId}");

    public static (string UserId, string InvoiceId) Decode(string cursor)
    {
        var text = Base64Url.Decode(cursor);
        var slash = text?.IndexOf('/') ?? -1;
        if (text is not null && text.StartsWith(Version, StringComparison.Ordinal) && slash > 0
            && InvoiceId.IsValid(text[Version.Length..slash]) && UserIds.IsValid(text[(slash + 1)..]))
            return (text[(slash + 1)..], text[Version.Length..slash]);
        throw new InvalidCursorException("The cursor is not one this API returned.");
    }
}

/// <summary>A history page's cursor: how many entries came before the next page (history is only ever appended).</summary>
public static class HistoryCursor
{
    public static string Encode(int offset) => Base64Url.Encode("h1:" + offset.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static int Decode(string cursor)
    {
        var text = Base64Url.Decode(cursor);
        if (text is not null && text.StartsWith("h1:", StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(3), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var offset))
            return offset;
        throw new InvalidCursorException("The cursor is not one this API returned.");
    }
}
