using System.Globalization;
using System.Text;
using InvoiceScanner.Core.Documents;

namespace InvoiceScanner.Eval;

/// <summary>
/// How well our OCR of an image reads the text the dataset transcribed for it. Each transcribed line is compared with
/// its best match anywhere in our text of the page (the fewest insertions, deletions and substitutions that turn some
/// stretch of our text into it), so reading order and how text is split into lines do not count, and a line we did
/// not read at all costs its length. The character error rate is the sum over lines of those edits over the
/// transcription's length. Both sides in capitals (SROIE transcribes in capitals); once with whitespace left out
/// (which characters were read), once with each run of whitespace as one space (also where the word gaps are).
/// </summary>
internal sealed class OcrTextScore
{
    public long ReferenceCharacters { get; private set; }
    public long CharacterErrors { get; private set; }
    public long ReferenceWithSpaces { get; private set; }
    public long ErrorsWithSpaces { get; private set; }

    /// <summary>Transcribed lines of which at most half was found: text the reader missed, not misread.</summary>
    public int LinesMissed { get; private set; }

    public int Lines { get; private set; }
    public int Documents { get; private set; }

    public double CharacterErrorRate => ReferenceCharacters == 0 ? 0 : (double)CharacterErrors / ReferenceCharacters;
    public double ErrorRateWithSpaces => ReferenceWithSpaces == 0 ? 0 : (double)ErrorsWithSpaces / ReferenceWithSpaces;

    public void Add(IEnumerable<string> referenceLines, OcrDocument read)
    {
        var text = string.Join('\n', read.AllLines.Select(l => l.Text));
        var compact = Compact(text, keepSpaces: false);
        // Lines joined by a space: a transcribed line may span two of ours ("CASH BILL :" + "01-143008").
        var spaced = Compact(text, keepSpaces: true);
        Documents++;
        foreach (var line in referenceLines)
        {
            var reference = Compact(line, keepSpaces: false);
            if (reference.Length == 0) continue;
            Lines++;
            var errors = BestMatchDistance(reference, compact);
            CharacterErrors += errors;
            ReferenceCharacters += reference.Length;
            if (errors * 2 >= reference.Length) LinesMissed++;
            var referenceSpaced = Compact(line, keepSpaces: true);
            ErrorsWithSpaces += BestMatchDistance(referenceSpaced, spaced);
            ReferenceWithSpaces += referenceSpaced.Length;
        }
    }

    public void Add(OcrTextScore other)
    {
        ReferenceCharacters += other.ReferenceCharacters;
        CharacterErrors += other.CharacterErrors;
        ReferenceWithSpaces += other.ReferenceWithSpaces;
        ErrorsWithSpaces += other.ErrorsWithSpaces;
        LinesMissed += other.LinesMissed;
        Lines += other.Lines;
        Documents += other.Documents;
    }

    /// <summary>Capitals; whitespace (line breaks included) left out, or each run of it as one space.</summary>
    public static string Compact(string text, bool keepSpaces)
    {
        var sb = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text.ToUpperInvariant())
        {
            if (char.IsWhiteSpace(c)) { pendingSpace = keepSpaces && sb.Length > 0; continue; }
            if (pendingSpace) sb.Append(' ');
            pendingSpace = false;
            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>
    /// The fewest one-character insertions, deletions and substitutions that turn some stretch of
    /// <paramref name="text"/> (possibly empty) into <paramref name="line"/>: Levenshtein with free ends in the text.
    /// </summary>
    public static int BestMatchDistance(string line, string text)
    {
        var previous = new int[line.Length + 1];
        var current = new int[line.Length + 1];
        for (var i = 0; i <= line.Length; i++) previous[i] = i;
        var best = line.Length;
        foreach (var c in text)
        {
            current[0] = 0; // the stretch may start anywhere
            for (var i = 1; i <= line.Length; i++)
                current[i] = Math.Min(Math.Min(previous[i] + 1, current[i - 1] + 1), previous[i - 1] + (line[i - 1] == c ? 0 : 1));
            best = Math.Min(best, current[line.Length]); // and end anywhere
            (previous, current) = (current, previous);
        }

        return best;
    }

    public string ToText() => string.Create(CultureInfo.InvariantCulture,
        $"ocr text, each transcribed line against its best match in ours: character error rate {CharacterErrorRate:0.0000} (spaces ignored), {ErrorRateWithSpaces:0.0000} with spaces; {CharacterErrors}/{ReferenceCharacters} characters; {LinesMissed} of {Lines} lines missed");
}
