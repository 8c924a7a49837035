using System.Text;

namespace InvoiceScanner.Core.Validation;

/// <summary>IBANs (ISO 13616): country code, two check digits, the account; the check digits make the number ≡ 1 mod 97.</summary>
public static class Ibans
{
    /// <summary>The IBAN without spaces, in capitals, when its shape and check digits agree; otherwise null.</summary>
    public static string? Normalise(string text)
    {
        var compact = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is ' ' or '-')
                continue;
            if (!char.IsAsciiLetterOrDigit(c))
                return null;
            compact.Append(char.ToUpperInvariant(c));
        }
        var iban = compact.ToString();
        if (iban.Length is < 15 or > 34 || !char.IsAsciiLetter(iban[0]) || !char.IsAsciiLetter(iban[1]) || !char.IsAsciiDigit(iban[2]) || !char.IsAsciiDigit(iban[3]))
            return null;
        var remainder = 0;
        foreach (var c in iban[4..] + iban[..4])
        {
            var digits = char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = digits >= 10 ? (remainder * 100 + digits) % 97 : (remainder * 10 + digits) % 97;
        }
        return remainder == 1 ? iban : null;
    }

    /// <summary>
    /// Written as an IBAN (a country's two letters, two check digits, 11 to 30 letters and digits; spaces aside), whether
    /// or not its check digits agree: an account number in another scheme ("123456789", "0532013000") has not this shape.
    /// </summary>
    public static bool HasShape(string text)
    {
        var compact = text.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        return compact.Length is >= 15 and <= 34 && char.IsAsciiLetter(compact[0]) && char.IsAsciiLetter(compact[1])
            && char.IsAsciiDigit(compact[2]) && char.IsAsciiDigit(compact[3]) && compact.All(char.IsAsciiLetterOrDigit);
    }

    /// <summary>The IBAN in groups of four, as it is printed and read aloud ("DE89 3704 0044 0532 0130 00").</summary>
    public static string Format(string iban) =>
        string.Join(' ', Enumerable.Range(0, (iban.Length + 3) / 4).Select(i => iban.Substring(4 * i, Math.Min(4, iban.Length - 4 * i))));
}
