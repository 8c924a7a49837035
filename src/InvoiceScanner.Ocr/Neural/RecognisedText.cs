namespace InvoiceScanner.Ocr.Neural;

/// <summary>Corrections of the recogniser's systematic confusions in Latin text.</summary>
internal static class RecognisedText
{
    /// <summary>
    /// The recogniser's alphabet holds full-width twins of ASCII ("（", "：", "，") and picks them at random in Latin
    /// text, and reads French quotes « » as the Chinese title marks 《 》; in a line without Chinese or Japanese they
    /// become their Latin forms, so "(M)" reads the same on every receipt.
    /// </summary>
    public static List<RecognisedCharacter> AsciiForms(List<RecognisedCharacter> characters)
    {
        static bool IsIdeographOrKana(string c) => c.Length > 0 && (c[0] is >= '\u3040' and <= '\u9FFF' || char.IsSurrogate(c[0]));
        if (!characters.Exists(c => LatinForm(c.Character) is not null) || characters.Exists(c => IsIdeographOrKana(c.Character)))
            return characters;
        return characters.ConvertAll(c => LatinForm(c.Character) is { } latin ? c with { Character = latin } : c);
    }

    private static string? LatinForm(string c) => c switch
    {
        [>= '\uFF01' and <= '\uFF5E'] => ((char)(c[0] - 0xFEE0)).ToString(),
        "《" => "«",
        "》" => "»",
        _ => null,
    };

    /// <summary>
    /// Zero and the letter O look alike in receipt fonts and the recogniser mixes them up: a zero inside a word of
    /// letters ("L0T", "C0.") is an O, and an O inside a number ("8110O", "4330O") is a zero. Words that mix letters
    /// and digits otherwise ("TD01167104", "A10", "0O1") are left as read.
    /// </summary>
    public static string FixDigitLetterConfusions(string word)
    {
        var letters = 0;
        var digits = 0;
        var zeros = 0;
        var ohs = 0;
        foreach (var c in word)
        {
            if (c == '0') zeros++;
            else if (c is 'O' or 'o') ohs++;
            else if (char.IsAsciiDigit(c)) digits++;
            else if (char.IsLetter(c)) letters++;
        }

        // "L0T", "C0.": letters and zeros only (a letter other than O among them), a zero next to a capital letter.
        if (zeros > 0 && digits == 0 && letters > 0)
        {
            var chars = word.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                if (chars[i] != '0') continue;
                var left = i > 0 && char.IsAsciiLetterUpper(chars[i - 1]);
                var right = i + 1 < chars.Length && char.IsAsciiLetterUpper(chars[i + 1]);
                if (left || right) chars[i] = 'O';
            }

            return new string(chars);
        }

        // "8110O", "5510O": a number of at least three digits with an O among them.
        if (ohs > 0 && letters == 0 && digits + zeros >= 3)
            return string.Concat(word.Select(c => c is 'O' or 'o' ? '0' : c));

        return word;
    }
}
