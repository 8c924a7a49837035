using UglyToad.PdfPig;
using UglyToad.PdfPig.Tokens;

namespace InvoiceScanner.Ocr.Pdf.InProcess;

/// <summary>Reads values out of PdfPig's object model, following indirect references.</summary>
internal static class PdfTokens
{
    /// <summary>The token itself, or the object an indirect reference points to (null when it is missing).</summary>
    public static IToken? Resolve(IToken? token, Structure structure)
    {
        // A chain of references is legal but short; the bound keeps a malicious loop finite.
        for (var hops = 0; token is IndirectReferenceToken reference && hops < 8; hops++)
            token = structure.GetObject(reference.Data)?.Data;
        return token is IndirectReferenceToken ? null : token;
    }

    public static IToken? Get(DictionaryToken? dictionary, string key, Structure structure) =>
        dictionary is not null && dictionary.TryGet(NameToken.Create(key), out IToken? value) ? Resolve(value, structure) : null;

    public static DictionaryToken? Dictionary(DictionaryToken? dictionary, string key, Structure structure) =>
        Get(dictionary, key, structure) as DictionaryToken;

    public static double? Number(DictionaryToken? dictionary, string key, Structure structure) =>
        Get(dictionary, key, structure) is NumericToken number && double.IsFinite(number.Double) ? number.Double : null;

    public static bool? Boolean(DictionaryToken? dictionary, string key, Structure structure) =>
        Get(dictionary, key, structure) is BooleanToken flag ? flag.Data : null;

    public static string? Name(DictionaryToken? dictionary, string key, Structure structure) =>
        Get(dictionary, key, structure) is NameToken name ? name.Data : null;
}
