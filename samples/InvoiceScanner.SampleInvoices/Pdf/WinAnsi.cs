namespace InvoiceScanner.SampleInvoices.Pdf;

/// <summary>
/// WinAnsiEncoding (Windows-1252): Latin-1 plus €, curly quotes, dashes and a few more in 0x80..0x9F.
/// Written out here because the runtime is built with invariant globalization (no code-page tables).
/// </summary>
public static class WinAnsi
{
    private static readonly Dictionary<char, byte> HighRange = new()
    {
        ['€'] = 0x80, ['‚'] = 0x82, ['ƒ'] = 0x83, ['„'] = 0x84, ['…'] = 0x85, ['†'] = 0x86, ['‡'] = 0x87,
        ['ˆ'] = 0x88, ['‰'] = 0x89, ['Š'] = 0x8A, ['‹'] = 0x8B, ['Œ'] = 0x8C, ['Ž'] = 0x8E,
        ['\u2018'] = 0x91, ['\u2019'] = 0x92, ['\u201C'] = 0x93, ['\u201D'] = 0x94, ['•'] = 0x95, ['–'] = 0x96, ['—'] = 0x97,
        ['˜'] = 0x98, ['™'] = 0x99, ['š'] = 0x9A, ['›'] = 0x9B, ['œ'] = 0x9C, ['ž'] = 0x9E, ['Ÿ'] = 0x9F,
    };

    public static bool CanEncode(char c) =>
        c is >= ' ' and <= '~' || c is >= '\u00A0' and <= '\u00FF' || HighRange.ContainsKey(c);

    /// <summary>The WinAnsi code of <paramref name="c"/>; throws for characters the encoding lacks (a sample must not silently lose text).</summary>
    public static byte Encode(char c)
    {
        if (c is >= ' ' and <= '~' || c is >= '\u00A0' and <= '\u00FF') return (byte)c;
        if (HighRange.TryGetValue(c, out var code)) return code;
        throw new ArgumentException($"'{c}' (U+{(int)c:X4}) has no WinAnsiEncoding code.", nameof(c));
    }
}
