using System.Text.RegularExpressions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;

namespace InvoiceScanner.Ocr.Pdf.InProcess;

/// <summary>
/// The ascent and descent (fractions of the font size) that give a word its height, chosen the way poppler chooses
/// them so word boxes come out as pdftotext's: a non-embedded standard font uses its built-in metrics, otherwise the
/// font descriptor's /Ascent and /Descent when they are plausible, otherwise 0.95 and -0.35.
/// </summary>
/// <remarks>
/// PdfPig's own ascent is not used: for CID fonts it scales the descriptor by the glyph-space matrix (1/2048 for
/// TrueType) instead of the 1/1000 the specification gives descriptor metrics in.
/// </remarks>
internal sealed partial class FontMetricsTable(Structure structure)
{
    private static readonly (double Ascent, double Descent) Fallback = (0.95, -0.35);
    private readonly Dictionary<IndirectReference, (double Ascent, double Descent)> byReference = [];

    public (double Ascent, double Descent) For(Letter letter)
    {
        var reference = letter.FontDetails?.FontDictionaryReference;
        if (reference is null) return BuiltIn(letter.FontName) ?? Fallback;
        if (byReference.TryGetValue(reference.Value, out var known)) return known;
        (double, double) metrics;
        try
        {
            metrics = Read(PdfTokens.Resolve(new IndirectReferenceToken(reference.Value), structure) as DictionaryToken, letter.FontName);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A broken font dictionary only costs the word height its precision.
            metrics = BuiltIn(letter.FontName) ?? Fallback;
        }

        byReference[reference.Value] = metrics;
        return metrics;
    }

    private (double Ascent, double Descent) Read(DictionaryToken? font, string? letterFontName)
    {
        var baseFont = PdfTokens.Name(font, "BaseFont", structure) ?? letterFontName;
        var descriptorOwner = font;
        if (PdfTokens.Name(font, "Subtype", structure) == "Type0")
        {
            // A composite font keeps its descriptor on the descendant CIDFont, and has no built-in metrics.
            descriptorOwner = PdfTokens.Get(font, "DescendantFonts", structure) is ArrayToken { Length: > 0 } descendants
                ? PdfTokens.Resolve(descendants[0], structure) as DictionaryToken
                : null;
            baseFont = null;
        }

        var descriptor = PdfTokens.Dictionary(descriptorOwner, "FontDescriptor", structure);
        var builtIn = BuiltIn(baseFont);
        var embedded = descriptor is not null
            && (descriptor.ContainsKey(NameToken.Create("FontFile")) || descriptor.ContainsKey(NameToken.Create("FontFile2"))
                || descriptor.ContainsKey(NameToken.Create("FontFile3")));
        if (builtIn is { } standard && !embedded) return standard;

        var (ascent, descent) = builtIn ?? Fallback;
        // Descriptors in the wild carry negative ascents, positive descents, zeros and 32768: keep only the sane.
        if (PdfTokens.Number(descriptor, "Ascent", structure) is { } a && Math.Abs(a) / 1000 is > 0 and < 3) ascent = Math.Abs(a) / 1000;
        if (PdfTokens.Number(descriptor, "Descent", structure) is { } d && Math.Abs(d) / 1000 is > 0 and < 3) descent = -Math.Abs(d) / 1000;
        return (ascent, descent);
    }

    /// <summary>Ascender and descender of the standard fonts (their AFM files), for the names readers treat as them.</summary>
    private static (double Ascent, double Descent)? BuiltIn(string? name)
    {
        if (string.IsNullOrEmpty(name)) return null;
        var match = StandardFontName().Match(name.Replace(" ", "", StringComparison.Ordinal));
        if (!match.Success) return null;
        return match.Groups["family"].Value switch
        {
            "Courier" or "CourierNew" => (0.629, -0.157),
            "Arial" or "Helvetica" => (0.718, -0.207),
            "Times" or "TimesNewRoman" => (0.683, -0.217),
            "Symbol" => (1.010, -0.293),
            _ => (0.820, -0.143), // ZapfDingbats
        };
    }

    [GeneratedRegex(@"^(?<family>Courier|CourierNew|Arial|Helvetica|Times|TimesNewRoman|Symbol|ZapfDingbats)(PS)?([-,]?(Roman|Bold|Italic|Oblique|BoldItalic|BoldOblique))?(MT)?$")]
    private static partial Regex StandardFontName();
}
