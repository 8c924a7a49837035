namespace InvoiceScanner.Core.Invoices;

/// <summary>
/// Opaque page cursors. They name only the last invoice id; the partition is always the caller's own, so a
/// cursor cannot be crafted to reach another user's items.
/// </summary>
public static class InvoiceCursor
{
    public static string Encode(string invoiceId) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("v1:" + invoiceId)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Decode(string cursor)
    {
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
            var text = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            if (text.StartsWith("v1:", StringComparison.Ordinal) && InvoiceId.IsValid(text[3..]))
                return text[3..];
        }
        catch (FormatException)
        {
        }
        throw new InvalidCursorException("The cursor is not one this API returned.");
    }
}
