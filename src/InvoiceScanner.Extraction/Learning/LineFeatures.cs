using System.Text;
using InvoiceScanner.Extraction.Fields;
using InvoiceScanner.Extraction.Layout;

namespace InvoiceScanner.Extraction.Learning;

/// <summary>A sparse feature vector: (index, value) pairs.</summary>
public readonly record struct SparseVector(int[] Indices, float[] Values);

/// <summary>
/// Layout + text features of a header line for the vendor/address classifier: rank and position, font height,
/// centring, text shape, keyword tests, hashed words (digits folded to 0), and the same for the neighbouring
/// lines, so the model can learn "the lines between the name and the TEL line are the address".
/// </summary>
public static class LineFeatures
{
    /// <summary>Hash space for word features; dense features use the first <see cref="DenseCount"/> slots.</summary>
    public const int Dimensions = 1 << 13;
    private const int DenseCount = 96;

    public static IReadOnlyList<SparseVector> Extract(IReadOnlyList<LayoutLine> lines)
    {
        var n = lines.Count;
        var heights = lines.Select(l => l.Box.Height).OrderBy(h => h).ToList();
        var median = n == 0 ? 0 : heights[n / 2];
        var maxHeight = n == 0 ? 0 : heights[^1];
        var firstStop = Enumerable.Range(0, n).FirstOrDefault(i => PartyText.HasStopWord(lines[i].Text), n);
        var firstCompany = Enumerable.Range(0, n).FirstOrDefault(i => PartyText.HasCompanyWord(lines[i].Text), n);
        // The first stop line that is not a tax/registration number line (those sit between name and address).
        var firstHard = Enumerable.Range(0, n).FirstOrDefault(i => PartyText.HasStopWord(lines[i].Text) && !PartyText.IsTaxIdLine(lines[i].Text), n);
        var firstPostcode = Enumerable.Range(0, n).FirstOrDefault(i => PartyText.HasPostcode(lines[i].Text) && lines[i].Text.Any(char.IsLetter), n);

        var result = new List<SparseVector>(n);
        for (var i = 0; i < n; i++)
        {
            var f = new Dictionary<int, float>();
            void Dense(int slot, double value) { if (value != 0) f[slot] = (float)value; }
            void Hashed(string key, float value = 1) { var h = DenseCount + (int)(Fnv(key) % (uint)(Dimensions - DenseCount)); f[h] = f.GetValueOrDefault(h) + value; }

            var line = lines[i];
            Dense(0, 1); // bias
            Dense(1 + Math.Min(i, 11), 1); // rank one-hot 0..11
            Dense(13, line.Box.Top);
            Dense(14, line.Box.Top * line.Box.Top);
            Dense(15, median > 0 ? Math.Min(3, line.Box.Height / median) : 1);
            Dense(16, maxHeight > 0 && line.Box.Height >= 0.95 * maxHeight ? 1 : 0);
            Dense(17, Math.Abs(line.Box.CenterX - 0.5) * 2);
            Dense(18, line.Box.Width);
            Shape(line.Text, 20, Dense);
            Dense(40, i < firstStop ? 1 : 0);
            Dense(41, i == firstStop ? 1 : 0);
            Dense(42, i > firstStop ? 1 : 0);
            Dense(43, i < firstCompany ? 1 : 0);
            Dense(44, i == firstCompany ? 1 : 0);
            Dense(45, i > firstCompany && i < firstStop ? 1 : 0);
            Dense(46, i <= firstPostcode ? 1 : 0);
            Dense(47, i == firstPostcode ? 1 : 0);
            Dense(48, i > firstPostcode ? 1 : 0);
            Dense(49, Math.Min(i - Math.Min(firstCompany, i), 6) / 6.0);
            if (i > 0) Shape(lines[i - 1].Text, 50, Dense); else Dense(70, 1);
            if (i + 1 < n) Shape(lines[i + 1].Text, 72, Dense); else Dense(92, 1);
            Dense(93, i < firstHard ? 1 : 0);
            Dense(94, i == firstHard ? 1 : 0);
            Dense(95, i > 0 && PartyText.IsTaxIdLine(lines[i - 1].Text) ? 1 : 0);

            foreach (var w in Words(line.Text)) Hashed("w:" + w);
            var words = Words(line.Text).ToList();
            if (words.Count > 0) { Hashed("first:" + words[0]); Hashed("last:" + words[^1]); }
            for (var k = 0; k + 1 < words.Count; k++) Hashed("bi:" + words[k] + "_" + words[k + 1]);
            if (i > 0) foreach (var w in Words(lines[i - 1].Text)) Hashed("p:" + w, 0.5f);
            if (i + 1 < n) foreach (var w in Words(lines[i + 1].Text)) Hashed("n:" + w, 0.5f);
            Hashed("rank:" + Math.Min(i, 11) + ":stop:" + (i < firstStop));

            var ordered = f.OrderBy(kv => kv.Key).ToList();
            result.Add(new SparseVector(ordered.Select(kv => kv.Key).ToArray(), ordered.Select(kv => kv.Value).ToArray()));
        }
        return result;
    }

    /// <summary>Twenty text-shape features written at <paramref name="offset"/>.</summary>
    internal static void Shape(string text, int offset, Action<int, double> dense)
    {
        var length = Math.Max(1, text.Length);
        var letters = text.Count(char.IsLetter);
        var digits = text.Count(char.IsAsciiDigit);
        var upper = text.Count(char.IsUpper);
        dense(offset + 0, Math.Min(text.Length, 60) / 60.0);
        dense(offset + 1, (double)digits / length);
        dense(offset + 2, (double)letters / length);
        dense(offset + 3, letters == 0 ? 0 : (double)upper / letters);
        dense(offset + 4, Math.Min(text.Count(c => c == ','), 4) / 4.0);
        dense(offset + 5, text.TrimEnd().EndsWith(',') ? 1 : 0);
        dense(offset + 6, PartyText.HasPostcode(text) ? 1 : 0);
        dense(offset + 7, Math.Min(PartyText.AddressWordCount(text), 3) / 3.0);
        dense(offset + 8, PartyText.HasCompanyWord(text) ? 1 : 0);
        dense(offset + 9, PartyText.HasStopWord(text) ? 1 : 0);
        dense(offset + 10, PartyText.IsRegistrationOnly(text) ? 1 : 0);
        dense(offset + 11, text.Contains('(') ? 1 : 0);
        dense(offset + 12, text.Contains('&') ? 1 : 0);
        dense(offset + 13, letters == 0 ? 1 : 0);
        dense(offset + 14, text.Contains(':') ? 1 : 0);
        dense(offset + 15, text.TrimEnd().EndsWith('.') ? 1 : 0);
        dense(offset + 16, PartyText.StripRegistration(text).Length < text.Length ? 1 : 0);
        dense(offset + 17, text.Contains('/') ? 1 : 0);
        dense(offset + 18, text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length / 10.0);
        dense(offset + 19, text.Contains('-') ? 1 : 0);
    }

    /// <summary>The line's words in capitals, digits folded to 0, edge punctuation trimmed.</summary>
    internal static IEnumerable<string> Words(string text)
    {
        var sb = new StringBuilder();
        foreach (var raw in text.ToUpperInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            sb.Clear();
            foreach (var c in raw)
                sb.Append(char.IsAsciiDigit(c) ? '0' : c);
            var w = sb.ToString().Trim(',', '.', ':', ';');
            if (w.Length > 0)
                yield return w;
        }
    }

    internal static uint Fnv(string s) => Fnv(s, "");

    /// <summary>FNV-1a of <paramref name="prefix"/> followed by <paramref name="rest"/>, without joining them.</summary>
    internal static uint Fnv(string prefix, string rest)
    {
        var hash = 2166136261u;
        foreach (var c in prefix)
        {
            hash ^= c;
            hash *= 16777619u;
        }
        foreach (var c in rest)
        {
            hash ^= c;
            hash *= 16777619u;
        }
        return hash;
    }
}
