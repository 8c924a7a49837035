using System.Globalization;
using System.Text;
using InvoiceScanner.Core.Invoices;

namespace InvoiceScanner.Ocr.Neural;

/// <summary>
/// A character n-gram model of printed document text (Witten–Bell interpolation), used to break the recogniser's near
/// ties ("TAMAR"/"TAMAN", "PETA1ING"/"PETALING", "MUBA"/"MUDA"). It sees capitals (case is the recogniser's call), one
/// symbol for every digit (which digit is the pixels' call), and no spaces (<see cref="SpaceRestorer"/> decides those
/// from the gaps); <see cref="CtcBeamDecoder"/> asks it only about letters and what follows them.
/// </summary>
internal sealed class CharacterLanguageModel
{
    /// <summary>Symbols it tells apart; everything else is <see cref="Other"/>. '&lt;' and '&gt;' are line start and end.</summary>
    private const string Symbols = "ABCDEFGHIJKLMNOPQRSTUVWXYZ9.,:;-/&()'\"#@%+*=!$[]?<>";

    internal const int BitsPerSymbol = 6;
    private const char Other = '?';
    private const char LineStart = '<';
    private const char LineEnd = '>';

    /// <summary>Symbol index of each ASCII character; -1 for what the model does not see (spaces).</summary>
    private static readonly int[] AsciiSymbol = BuildAsciiSymbols();

    private readonly Dictionary<ulong, int> _counts;
    private readonly Dictionary<ulong, (int Total, int Types)> _contexts;

    /// <summary>A model of these n-gram counts (keys as <see cref="Key"/> makes them, the predicted symbol appended); the trainer and <see cref="Load"/> build it.</summary>
    internal CharacterLanguageModel(int order, Dictionary<ulong, int> counts, IReadOnlySet<string>? words = null)
    {
        Order = order;
        _counts = counts;
        Words = words ?? new HashSet<string>(StringComparer.Ordinal);
        _contexts = [];
        foreach (var (key, count) in counts)
        {
            var context = key >> BitsPerSymbol; // drops the predicted symbol; the sentinel bit keeps lengths apart
            _contexts[context] = _contexts.TryGetValue(context, out var c) ? (c.Total + count, c.Types + 1) : (count, 1);
        }
    }

    private const string ShippedResource = "InvoiceScanner.Ocr.Neural.receipt-text.lm";

    private static readonly Lazy<CharacterLanguageModel?> ReceiptText = new(() =>
    {
        using var stream = OpenShipped();
        if (stream is null) return null;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Load(reader);
    });

    private static readonly LoadedOnce<string, CharacterLanguageModel> Files = new();

    /// <summary>
    /// The model shipped in the library (<c>receipt-text.lm</c>, trained by <c>tools/InvoiceScanner.Eval train-lm</c>
    /// on printed receipt lines); null in a build without it.
    /// </summary>
    public static CharacterLanguageModel? Shipped => ReceiptText.Value;

    /// <summary>The shipped model's text (null in a build without it), e.g. to tell its version by a hash.</summary>
    public static Stream? OpenShipped() => typeof(CharacterLanguageModel).Assembly.GetManifestResourceStream(ShippedResource);

    /// <summary>A model file written by <see cref="Save"/>, loaded once per process.</summary>
    /// <exception cref="DocumentRejectedException">ENGINE_CONFIGURATION_ERROR when the file is missing or not a model.</exception>
    public static CharacterLanguageModel LoadFile(string path) => Files.Get(Path.GetFullPath(path), file =>
    {
        try
        {
            using var reader = new StreamReader(file, Encoding.UTF8);
            return Load(reader);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new DocumentRejectedException(ErrorCodes.EngineConfiguration, $"The character language model {file} could not be loaded: {e.Message}", e);
        }
    });

    /// <summary>Longest n-gram, predicted symbol included.</summary>
    public int Order { get; }

    /// <summary>
    /// The words of the training text (capitals, accents dropped, two letters or more, seen at least the n-gram minimum
    /// number of times): <see cref="SpaceRestorer"/> takes out a space that splits one of them ("PETAL ING"). Empty for
    /// a model saved without them.
    /// </summary>
    public IReadOnlySet<string> Words { get; }

    /// <summary>The form a word is looked up in <see cref="Words"/> by: capitals, accents dropped.</summary>
    public static string WordForm(string word) => LatinLetters.Fold(word).ToUpperInvariant();

    private static readonly int OtherSymbol = Symbols.IndexOf(Other, StringComparison.Ordinal);
    private static readonly int DigitSymbol = Symbols.IndexOf('9', StringComparison.Ordinal);

    /// <summary>How many symbols the model tells apart (line start and end included).</summary>
    public static int SymbolCount => Symbols.Length;

    public static int StartSymbol { get; } = Symbols.IndexOf(LineStart, StringComparison.Ordinal);

    public static int EndSymbol { get; } = Symbols.IndexOf(LineEnd, StringComparison.Ordinal);

    /// <summary>
    /// The model's symbol for a recognised character: capitals, one symbol for digits, accents dropped ("é" is E);
    /// -1 for a space, which the model skips.
    /// </summary>
    public static int SymbolOf(string character)
    {
        if (string.IsNullOrWhiteSpace(character)) return -1;
        if (character is [var c] && c < 128) return AsciiSymbol[c];
        // Full-width forms and accented Latin letters count as their plain letters.
        var f = character[0];
        if (f is >= '\uFF01' and <= '\uFF5E') f = (char)(f - 0xFEE0);
        else f = LatinLetters.Fold(f);
        if (f < 128) return AsciiSymbol[f] >= 0 ? AsciiSymbol[f] : OtherSymbol;
        return char.IsDigit(f) ? DigitSymbol : OtherSymbol;
    }

    /// <summary>True for the symbols of the letters A–Z.</summary>
    public static bool IsLetter(int symbol) => symbol is >= 0 and < 26;

    /// <summary>
    /// Whether the context ends inside a number: with a digit, or with a sign (not a letter, not the line start) right
    /// after a digit.
    /// </summary>
    public static bool InsideNumber(ulong context, int contextLength)
    {
        const ulong mask = (1UL << BitsPerSymbol) - 1;
        var last = (int)(context & mask);
        if (last == DigitSymbol) return true;
        return contextLength >= 2 && !IsLetter(last) && last != StartSymbol && (int)((context >> BitsPerSymbol) & mask) == DigitSymbol;
    }

    /// <summary>A context after <paramref name="symbol"/>: the last <see cref="Order"/> − 1 symbols, newest lowest.</summary>
    public ulong Extend(ulong context, int symbol)
    {
        var mask = (1UL << (BitsPerSymbol * (Order - 1))) - 1;
        return ((context << BitsPerSymbol) | (uint)symbol) & mask;
    }

    /// <summary>The context at the start of a line.</summary>
    public ulong Start => (ulong)StartSymbol;

    /// <summary>Natural log of P(symbol | context), interpolated from the longest context seen down to uniform.</summary>
    public double LogProbability(ulong context, int contextLength, int symbol) => Math.Log(Probability(context, Math.Min(contextLength, Order - 1), symbol));

    private double Probability(ulong context, int length, int symbol)
    {
        // Witten–Bell: P(c|h) = (C(hc) + T(h)·P(c|h')) / (C(h) + T(h)), with h' the context one symbol shorter.
        var p = 1.0 / Symbols.Length;
        for (var k = 0; k <= length; k++)
        {
            var h = Key(context, k);
            if (!_contexts.TryGetValue(h, out var c)) break;
            _counts.TryGetValue((h << BitsPerSymbol) | (uint)symbol, out var count);
            p = (count + c.Types * p) / (c.Total + c.Types);
        }

        return p;
    }

    /// <summary>The last <paramref name="length"/> symbols of the context with a leading 1 bit, so lengths never collide.</summary>
    internal static ulong Key(ulong context, int length) =>
        (1UL << (BitsPerSymbol * length)) | (context & ((1UL << (BitsPerSymbol * length)) - 1));

    /// <summary>
    /// Writes "order N", one "n-gram TAB count" line per n-gram, then "words" and one word a line, all sorted (a text
    /// file that diffs well).
    /// </summary>
    public void Save(TextWriter writer)
    {
        writer.Write("order ");
        writer.WriteLine(Order.ToString(CultureInfo.InvariantCulture));
        foreach (var (text, count) in _counts.Select(kv => (Text(kv.Key), kv.Value)).OrderBy(e => e.Item1, StringComparer.Ordinal))
        {
            writer.Write(text);
            writer.Write('\t');
            writer.WriteLine(count.ToString(CultureInfo.InvariantCulture));
        }

        if (Words.Count == 0) return;
        writer.WriteLine(WordsHeader);
        foreach (var word in Words.Order(StringComparer.Ordinal))
            writer.WriteLine(word);
    }

    private const string WordsHeader = "words";

    /// <exception cref="InvalidDataException">The text is not a model written by <see cref="Save"/>.</exception>
    public static CharacterLanguageModel Load(TextReader reader)
    {
        var header = reader.ReadLine();
        if (header is null || !header.StartsWith("order ", StringComparison.Ordinal) || !int.TryParse(header.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out var order) || order is < 1 or > 10)
            throw new InvalidDataException("A character language model starts with 'order N' (1 to 10).");
        var counts = new Dictionary<ulong, int>();
        var words = new HashSet<string>(StringComparer.Ordinal);
        var number = 1;
        var inWords = false;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (inWords || line == WordsHeader)
            {
                if (inWords && (line.Length < 2 || !line.All(char.IsLetter) || WordForm(line) != line || !words.Add(line)))
                    throw new InvalidDataException($"Line {number} of the language model is not a word in capitals, or repeats one.");
                inWords = true;
                continue;
            }

            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab < 1 || tab > order || !int.TryParse(line.AsSpan(tab + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
                throw new InvalidDataException($"Line {number} of the language model is not 'n-gram TAB count' with 1 to {order} symbols.");
            ulong key = 1;
            foreach (var c in line.AsSpan(0, tab))
            {
                var s = Symbols.IndexOf(c, StringComparison.Ordinal);
                if (s < 0) throw new InvalidDataException($"Line {number} of the language model has '{c}', which is not one of its symbols.");
                key = (key << BitsPerSymbol) | (uint)s;
            }

            if (!counts.TryAdd(key, count))
                throw new InvalidDataException($"Line {number} of the language model repeats the n-gram '{line[..tab]}'.");
        }

        return new CharacterLanguageModel(order, counts, words);
    }

    private static string Text(ulong key)
    {
        var text = new StringBuilder();
        for (; key > 1; key >>= BitsPerSymbol) text.Insert(0, Symbols[(int)(key & ((1UL << BitsPerSymbol) - 1))]);
        return text.ToString();
    }

    private static int[] BuildAsciiSymbols()
    {
        var table = new int[128];
        var other = Symbols.IndexOf(Other, StringComparison.Ordinal);
        for (var c = 0; c < 128; c++)
        {
            var ch = (char)c;
            table[c] = char.IsWhiteSpace(ch) || char.IsControl(ch) ? -1
                : char.IsAsciiDigit(ch) ? Symbols.IndexOf('9', StringComparison.Ordinal)
                : ch is LineStart or LineEnd ? other
                : Symbols.IndexOf(char.ToUpperInvariant(ch), StringComparison.Ordinal) is >= 0 and var s ? s : other;
        }

        return table;
    }
}
