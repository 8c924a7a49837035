namespace InvoiceScanner.Ocr.Neural;

/// <summary>
/// Letters of Latin text: the plain letter under an accented Latin-1 letter ("è" → "e", "Ü" → "U"; <c>string.Normalize</c>
/// is not available under invariant globalisation, which the functions run with, so the table is written out), and
/// the runs of letters that make a text's words.
/// </summary>
internal static class LatinLetters
{
    /// <summary>Plain letters of U+00C0–U+00FF (' ' where there is none: ×, ÷; "ß" counts as an S).</summary>
    private const string Folds = "AAAAAAACEEEEIIIIDNOOOOO OUUUUYTSaaaaaaaceeeeiiiidnooooo ouuuuyty";

    /// <summary>The plain letter of <paramref name="c"/>; <paramref name="c"/> itself when it has no accent to drop.</summary>
    public static char Fold(char c) => c is >= '\u00C0' and <= '\u00FF' && Folds[c - 0xC0] != ' ' ? Folds[c - 0xC0] : c;

    /// <summary>True for a letter with an accent <see cref="Fold"/> drops.</summary>
    public static bool IsAccented(char c) => Fold(c) != c;

    /// <summary>The text with every accent dropped.</summary>
    public static string Fold(string text) => string.Create(text.Length, text, static (span, s) =>
    {
        for (var i = 0; i < s.Length; i++) span[i] = Fold(s[i]);
    });

    /// <summary>The runs of letters in <paramref name="text"/>, as written ("Tél. : 04" → "Tél").</summary>
    public static IEnumerable<string> LetterRuns(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var letter = i < text.Length && char.IsLetter(text[i]);
            if (letter && start < 0) start = i;
            else if (!letter && start >= 0)
            {
                yield return text[start..i];
                start = -1;
            }
        }
    }
}
