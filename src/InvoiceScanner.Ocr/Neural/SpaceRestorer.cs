using InvoiceScanner.Ocr.Imaging;

namespace InvoiceScanner.Ocr.Neural;

/// <summary>
/// Puts back the spaces the recogniser leaves out. PP-OCR's multilingual recogniser was trained mostly on Chinese,
/// which has no spaces, and often reads "JALAN SAGU 18" as "JALANSAGU18"; the gap is still there in the pixels.
/// </summary>
internal static class SpaceRestorer
{
    /// <summary>
    /// Inserts a space between two adjacent characters when the widest run of ink-free columns between where they
    /// were read is wide enough: at least <see cref="SpaceSettings.MinGap"/> × the line height when the recogniser gave
    /// the space class at least <see cref="SpaceSettings.MinProbability"/> there (it leans towards a space without
    /// choosing it), at least <see cref="SpaceSettings.NarrowGap"/> × the height when it gave the space at least
    /// <see cref="SpaceSettings.NarrowGapProbability"/>, or <see cref="SpaceSettings.SureGap"/> × the height whatever it gave. The probability is what
    /// tells a word gap from the wide sides of a narrow glyph ("1", ":") in a fixed-pitch receipt font.
    /// </summary>
    /// <param name="characters">Characters with positions in <paramref name="line"/>'s pixels.</param>
    /// <param name="line">The text line as the recogniser saw it (scaled to its input height).</param>
    /// <param name="settings">Thresholds; <see cref="SpaceSettings.Off"/> restores nothing.</param>
    /// <param name="words">Known words (<see cref="CharacterLanguageModel.Words"/>): a space that splits one is taken out (<see cref="JoinSplitWords"/>).</param>
    public static List<RecognisedCharacter> Restore(List<RecognisedCharacter> characters, GrayImage line, SpaceSettings settings, IReadOnlySet<string>? words = null)
    {
        if (!settings.Enabled || characters.Count < 2) return characters;
        var empty = EmptyColumns(line);
        var result = new List<RecognisedCharacter>(characters.Count + 8);
        for (var i = 0; i < characters.Count; i++)
        {
            var current = characters[i];
            if (IsSpace(current) && (SplitsCapitalFromItsWord(characters, i) || SeparatesAttachedMark(characters, i))
                && LongestRun(empty, (int)Math.Ceiling(characters[i - 1].Position), (int)Math.Floor(characters[i + 1].Position)).Length < settings.SureGap * line.Height)
            {
                continue;
            }

            // Chinese and Japanese are written without spaces.
            if (i > 0 && !IsSpace(current) && !IsSpace(characters[i - 1]) && !IsCjk(current) && !IsCjk(characters[i - 1])
                && !IsInsideNumber(characters, i) && !StartsMixedCaseWord(characters[i - 1], current))
            {
                var gap = LongestRun(empty, (int)Math.Ceiling(characters[i - 1].Position), (int)Math.Floor(current.Position));
                var relative = gap.Length / (double)line.Height;
                // A hyphen or slash is narrow, so its sides look like gaps; in "TOJ-1187" or "12/03" they join.
                // So are the sides of a comma or a bracket, which sit against their word.
                var joiner = IsJoiner(current) || IsJoiner(characters[i - 1]) || ClosesOrOpens(characters[i - 1], current);
                if (relative >= settings.SureGap
                    || (!joiner && relative >= settings.MinGap && current.SpaceBefore >= settings.MinProbability)
                    || (!joiner && relative >= settings.NarrowGap && current.SpaceBefore >= settings.NarrowGapProbability))
                    result.Add(new RecognisedCharacter(" ", gap.Start + gap.Length / 2.0, current.SpaceBefore));
            }

            result.Add(current);
        }

        return words is { Count: > 0 } ? JoinSplitWords(result, empty, line.Height * settings.SureGap, words) : result;
    }

    /// <summary>
    /// Takes out a space between two runs of letters that make a known word together when either alone is not one
    /// ("PETAL ING", "Invoi ce", "T HREE"): the open side of a letter or a loose letter pitch looks like a word gap.
    /// A gap of <paramref name="sureGap"/> pixels or more stays a space whatever the words.
    /// </summary>
    internal static List<RecognisedCharacter> JoinSplitWords(List<RecognisedCharacter> characters, bool[] empty, double sureGap, IReadOnlySet<string> words)
    {
        var result = new List<RecognisedCharacter>(characters.Count);
        for (var i = 0; i < characters.Count; i++)
        {
            if (IsSpace(characters[i]) && i > 0 && i + 1 < characters.Count
                && WordBefore(characters, i) is { Length: > 0 } left && WordAfter(characters, i) is { Length: > 0 } right
                && words.Contains(CharacterLanguageModel.WordForm(left + right))
                && !(words.Contains(CharacterLanguageModel.WordForm(left)) && words.Contains(CharacterLanguageModel.WordForm(right)))
                && LongestRun(empty, (int)Math.Ceiling(characters[i - 1].Position), (int)Math.Floor(characters[i + 1].Position)).Length < sureGap)
            {
                continue;
            }

            result.Add(characters[i]);
        }

        return result;
    }

    /// <summary>The letters of the word ending right before the space at <paramref name="space"/>; empty when it holds anything but letters.</summary>
    private static string WordBefore(List<RecognisedCharacter> characters, int space)
    {
        var start = space;
        while (start > 0 && !IsSpace(characters[start - 1])) start--;
        return Letters(characters, start, space);
    }

    /// <summary>The letters of the word starting right after the space at <paramref name="space"/>; empty when it holds anything but letters.</summary>
    private static string WordAfter(List<RecognisedCharacter> characters, int space)
    {
        var end = space + 1;
        while (end < characters.Count && !IsSpace(characters[end])) end++;
        return Letters(characters, space + 1, end);
    }

    private static string Letters(List<RecognisedCharacter> characters, int from, int to)
    {
        var text = string.Concat(characters.Skip(from).Take(to - from).Select(c => c.Character));
        return text.Length > 0 && text.All(char.IsLetter) ? text : "";
    }

    private static bool IsSpace(RecognisedCharacter c) => string.IsNullOrWhiteSpace(c.Character);

    /// <summary>
    /// A comma, full stop, semicolon or closing bracket sits against the word before it, an opening bracket against
    /// the word after: "NO.50, JALAN", "(M)". Their narrow glyphs leave wide gaps beside them, but spaces there are rare
    /// in print (in SROIE's own lines, 71 " ," against 2,356 ",", 15 " )" against 2,684 ")"). Not a colon: receipts
    /// print "CASHIER :" half as often as "CASHIER:" (on SROIE's dev lines 1,523 against 2,922), so its gap decides.
    /// </summary>
    private static bool ClosesOrOpens(RecognisedCharacter previous, RecognisedCharacter next) =>
        next.Character is "," or "." or ";" or ")" or "]" || previous.Character is "(" or "[";

    /// <summary>A space the recogniser itself read between a word and a mark attached to it (<see cref="ClosesOrOpens"/>).</summary>
    private static bool SeparatesAttachedMark(List<RecognisedCharacter> characters, int space) =>
        space >= 1 && space + 1 < characters.Count && !IsSpace(characters[space - 1]) && ClosesOrOpens(characters[space - 1], characters[space + 1]);

    private static bool IsJoiner(RecognisedCharacter c) => c.Character is "-" or "/";

    /// <summary>
    /// A capital followed by a small letter begins a word ("Joinery", "Müller"); the open side of L, J, F, P or T
    /// looks like a gap, and the recogniser half-believes it.
    /// </summary>
    private static bool StartsMixedCaseWord(RecognisedCharacter previous, RecognisedCharacter next) =>
        previous.Character is [var p] && char.IsUpper(p) && next.Character is [var n] && char.IsLower(n);

    /// <summary>
    /// The recogniser itself sometimes puts a space after the first capital of a word ("J oinery", "G mbH"): a space
    /// between a lone capital consonant and small letters. Vowels are left alone: "A", "I", "O", "U", "Y" are words
    /// ("I am", "A la carte").
    /// </summary>
    private static bool SplitsCapitalFromItsWord(List<RecognisedCharacter> characters, int space)
    {
        if (space < 1 || space + 1 >= characters.Count) return false;
        var capital = characters[space - 1].Character;
        var alone = space < 2 || IsSpace(characters[space - 2]);
        return alone && capital is [var c] && char.IsAsciiLetterUpper(c) && "AEIOUY".IndexOf(c) < 0
            && characters[space + 1].Character is [var n] && char.IsLower(n);
    }

    /// <summary>
    /// "12.50", "1,234" and "8:13": a separator is narrow and leaves a wide gap in a fixed-pitch font, but digit,
    /// separator, digit is one number.
    /// </summary>
    private static bool IsInsideNumber(List<RecognisedCharacter> characters, int next)
    {
        static bool IsDigit(RecognisedCharacter c) => c.Character is [>= '0' and <= '9'];
        static bool IsSeparator(RecognisedCharacter c) => c.Character is "." or "," or ":";
        var previous = characters[next - 1];
        return (IsSeparator(previous) && IsDigit(characters[next]) && next >= 2 && IsDigit(characters[next - 2]))
            || (IsDigit(previous) && IsSeparator(characters[next]) && next + 1 < characters.Count && IsDigit(characters[next + 1]));
    }

    /// <summary>CJK scripts and punctuation, and the full-width forms (from U+2E80 up, below the Hangul/Latin-ligature blocks).</summary>
    private static bool IsCjk(RecognisedCharacter c) => c.Character.Length > 0 && (c.Character[0] is >= '\u2E80' and <= '\u9FFF' or >= '\uFF00' and <= '\uFFEF' || char.IsSurrogate(c.Character[0]));

    /// <summary>
    /// Columns with no ink in the middle band of the line: the top and bottom fifth of a crop often hold the edges of
    /// the lines above and below, which would close every gap.
    /// </summary>
    private static bool[] EmptyColumns(GrayImage line)
    {
        var threshold = line.OtsuThreshold();
        var dark = 0;
        foreach (var p in line.Pixels) if (p <= threshold) dark++;
        var inkIsDark = dark * 2 <= line.Pixels.Length; // light text on a dark ground otherwise
        var top = line.Height / 5;
        var bottom = line.Height - line.Height / 5;
        var empty = new bool[line.Width];
        for (var x = 0; x < line.Width; x++)
        {
            var ink = false;
            for (var y = top; y < bottom && !ink; y++)
            {
                var p = line.Pixels[y * line.Width + x];
                ink = inkIsDark ? p <= threshold : p > threshold;
            }

            empty[x] = !ink;
        }

        return empty;
    }

    private static (int Start, int Length) LongestRun(bool[] empty, int from, int to)
    {
        from = Math.Max(0, from);
        to = Math.Min(empty.Length - 1, to);
        (int Start, int Length) best = (from, 0);
        var start = -1;
        for (var x = from; x <= to + 1; x++)
        {
            if (x <= to && empty[x])
            {
                if (start < 0) start = x;
            }
            else if (start >= 0)
            {
                if (x - start > best.Length) best = (start, x - start);
                start = -1;
            }
        }

        return best;
    }
}

/// <summary>When <see cref="SpaceRestorer"/> puts a space between two characters; gaps are fractions of the line height.</summary>
internal sealed record SpaceSettings(double MinGap, double MinProbability, double SureGap)
{
    /// <summary>
    /// A narrower gap is a space when the recogniser leaned harder towards one ("Mar2018" for "05 Mar 2018": gap 0.19,
    /// space probability 0.18). On the SROIE scans, adding it took the dev split from 0.635 to 0.644.
    /// </summary>
    public double NarrowGap { get; init; } = 0.15;

    public double NarrowGapProbability { get; init; } = 0.1;

    /// <summary>
    /// Read off the gaps and space probabilities of SROIE receipt lines and of the sample invoices rendered at 200 dpi:
    /// word gaps were 0.29–0.6 of the crop height with a space probability from 0.02 up; inside words, gaps up to 0.27
    /// came with probabilities under 0.03 (a capital's open side, "P|a", "R|i"), and up to 0.4 before a colon with
    /// under 0.02.
    /// </summary>
    public static SpaceSettings Default { get; } = new(0.26, 0.02, 0.45);

    public static SpaceSettings Off { get; } = new(double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity)
    {
        NarrowGap = double.PositiveInfinity,
    };

    public bool Enabled => double.IsFinite(MinGap) || double.IsFinite(SureGap);
}
