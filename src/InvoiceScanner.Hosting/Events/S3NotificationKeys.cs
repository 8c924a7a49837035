using System.Text;

namespace InvoiceScanner.Hosting.Events;

/// <summary>
/// Object keys as they appear in S3 event notifications, and the sequencer ordering of repeated records.
/// </summary>
/// <remarks>
/// S3 documents the key as URL-encoded, form style ("red flower.jpg" → "red+flower.jpg"). Reported real events show
/// '/' left literal (older events sent %2F), ':' → %3A, '=' → %3D, '@' → %40, '(' ')' → %28 %29 and non-ASCII as
/// percent-encoded UTF-8. No first-hand capture settles '~', '!', '\'' and '*', so <see cref="Encode"/> follows the
/// form-encoding set S3's encoding matches everywhere else: only A–Z a–z 0–9 - _ . * and '/' stay literal.
/// <see cref="Decode"/> does not depend on that choice: any character left literal decodes to itself.
/// </remarks>
public static class S3NotificationKeys
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The real object key from a notification's (URL-encoded) key.</summary>
    /// <exception cref="FormatException">A '%' not followed by two hex digits, or escapes that are not valid UTF-8.</exception>
    public static string Decode(string eventKey)
    {
        ArgumentNullException.ThrowIfNull(eventKey);
        if (eventKey.AsSpan().IndexOfAny('%', '+') < 0)
            return eventKey;

        byte[] raw;
        try
        {
            raw = StrictUtf8.GetBytes(eventKey);
        }
        catch (EncoderFallbackException ex)
        {
            throw new FormatException($"The S3 event key contains an unpaired surrogate: '{eventKey}'.", ex);
        }

        var decoded = new byte[raw.Length];
        var length = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var b = raw[i];
            if (b == (byte)'+')
            {
                decoded[length++] = (byte)' ';
            }
            else if (b == (byte)'%')
            {
                if (i + 2 >= raw.Length || !IsHex(raw[i + 1]) || !IsHex(raw[i + 2]))
                {
                    throw new FormatException(
                        $"Malformed percent-escape at position {i} of the S3 event key '{eventKey}': '%' must be followed by two hex digits.");
                }
                decoded[length++] = (byte)((HexValue(raw[i + 1]) << 4) | HexValue(raw[i + 2]));
                i += 2;
            }
            else
            {
                decoded[length++] = b;
            }
        }

        try
        {
            return StrictUtf8.GetString(decoded, 0, length);
        }
        catch (DecoderFallbackException ex)
        {
            throw new FormatException($"The percent-escapes in the S3 event key '{eventKey}' are not valid UTF-8.", ex);
        }
    }

    /// <summary>The key as S3 writes it into an event notification (the inverse of <see cref="Decode"/>).</summary>
    /// <exception cref="ArgumentException">The key is not valid UTF-16 (S3 keys are UTF-8 strings).</exception>
    public static string Encode(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        byte[] bytes;
        try
        {
            bytes = StrictUtf8.GetBytes(key);
        }
        catch (EncoderFallbackException ex)
        {
            throw new ArgumentException("An S3 object key must be valid Unicode (it contains an unpaired surrogate).", nameof(key), ex);
        }

        var builder = new StringBuilder(bytes.Length + 16);
        foreach (var b in bytes)
        {
            if (IsLeftUnencoded(b))
            {
                builder.Append((char)b);
            }
            else if (b == (byte)' ')
            {
                builder.Append('+');
            }
            else
            {
                builder.Append('%').Append(HexDigits[b >> 4]).Append(HexDigits[b & 0xF]);
            }
        }
        return builder.ToString();
    }

    /// <summary>
    /// Orders two sequencer values (hex strings; a larger value is a later event for the same key). Values of different
    /// lengths are compared after left-padding with zeros; null or empty sorts first.
    /// </summary>
    /// <exception cref="FormatException">A value contains a non-hex character.</exception>
    public static int CompareSequencers(string? a, string? b)
    {
        var aMissing = string.IsNullOrEmpty(a);
        var bMissing = string.IsNullOrEmpty(b);
        if (aMissing || bMissing)
        {
            // Still validate the other value so bad data is never silently ordered.
            _ = StripLeadingZeros(a, nameof(a));
            _ = StripLeadingZeros(b, nameof(b));
            return aMissing == bMissing ? 0 : aMissing ? -1 : 1;
        }
        var left = StripLeadingZeros(a, nameof(a));
        var right = StripLeadingZeros(b, nameof(b));
        if (left.Length != right.Length)
            return left.Length.CompareTo(right.Length);
        for (var i = 0; i < left.Length; i++)
        {
            var difference = HexValue((byte)left[i]).CompareTo(HexValue((byte)right[i]));
            if (difference != 0)
                return difference;
        }
        return 0;
    }

    private const string HexDigits = "0123456789ABCDEF";

    private static bool IsLeftUnencoded(byte b)
        => b is >= (byte)'a' and <= (byte)'z'
            or >= (byte)'A' and <= (byte)'Z'
            or >= (byte)'0' and <= (byte)'9'
            or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'*' or (byte)'/';

    private static bool IsHex(byte b)
        => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        _ => b - 'A' + 10,
    };

    // Left-padding to equal length is the same as comparing without leading zeros.
    private static ReadOnlySpan<char> StripLeadingZeros(string? value, string parameterName)
    {
        if (string.IsNullOrEmpty(value))
            return [];
        foreach (var c in value)
        {
            if (c > 0x7F || !IsHex((byte)c))
                throw new FormatException($"Sequencer {parameterName} '{value}' is not a hexadecimal string.");
        }
        return value.AsSpan().TrimStart('0');
    }
}
