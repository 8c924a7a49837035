using System.Security.Cryptography;

namespace InvoiceScanner.Core.Invoices;

/// <summary>
/// Invoice ids are ULIDs: 48-bit millisecond time + 80 random bits in Crockford base32 (26 chars).
/// They sort by creation time, so a user's invoices list newest first straight from the sort key.
/// </summary>
public static class InvoiceId
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public const int Length = 26;

    public static string New(DateTimeOffset now)
    {
        Span<byte> bytes = stackalloc byte[16];
        var ms = (ulong)now.ToUnixTimeMilliseconds();
        for (var i = 5; i >= 0; i--)
        {
            bytes[i] = (byte)(ms & 0xFF);
            ms >>= 8;
        }
        RandomNumberGenerator.Fill(bytes[6..]);
        return Encode(bytes);
    }

    public static bool IsValid(string? value)
    {
        if (value is null || value.Length != Length || value[0] > '7')
            return false;
        foreach (var c in value)
        {
            if (!Alphabet.Contains(c))
                return false;
        }
        return true;
    }

    /// <summary>The creation time encoded in the id.</summary>
    public static DateTimeOffset Timestamp(string id)
    {
        if (!IsValid(id))
            throw new FormatException($"'{id}' is not an invoice id.");
        ulong ms = 0;
        for (var i = 0; i < 10; i++)
            ms = (ms << 5) | (uint)Alphabet.IndexOf(id[i]);
        return DateTimeOffset.FromUnixTimeMilliseconds((long)ms);
    }

    private static string Encode(ReadOnlySpan<byte> bytes)
    {
        // 128 bits → 26 chars of 5 bits, the first char carrying the top 3 bits.
        var hi = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes);
        var lo = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        var value = new UInt128(hi, lo);
        Span<char> chars = stackalloc char[Length];
        for (var i = Length - 1; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(value & 31)];
            value >>= 5;
        }
        return new string(chars);
    }
}

/// <summary>User ids come from the JWT `sub` claim and become part of keys, so their alphabet is restricted.</summary>
public static class UserIds
{
    public const int MaxLength = 128;

    public static bool IsValid(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= MaxLength && value.All(IsAllowed) && value is not "." and not "..";

    /// <summary>
    /// How logs name a user: the first 12 hex digits of the id's SHA-256, enough to follow one user's lines, not to
    /// read who it is (a Cognito sub or an e-mail-like id is personal data logs need not hold).
    /// </summary>
    public static string LogRef(string userId) =>
        "u:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(userId)))[..12];

    // No '/', '#' or whitespace: the id is a key segment in S3 and in the DynamoDB partition key.
    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@' or '|' or ':' or '+' or '=';
}
