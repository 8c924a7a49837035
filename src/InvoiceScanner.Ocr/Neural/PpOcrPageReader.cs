using InvoiceScanner.Core.Documents;
using InvoiceScanner.Ocr.Imaging;

namespace InvoiceScanner.Ocr.Neural;

/// <summary>
/// Reads a page image with PP-OCR: the detector finds text regions, the recogniser reads each one. Every region
/// becomes one line (as in the SROIE annotations and Textract's LINE blocks); words are cut at the spaces the
/// recogniser read, with boxes from where along the region each character was read. With a character language model,
/// lines are decoded by <see cref="CtcBeamDecoder"/>; without, greedily.
/// </summary>
internal sealed class PpOcrPageReader(PpOcrModels models, PpOcrSettings settings, CharacterLanguageModel? languageModel = null)
{
    private readonly TextDetector _detector = new(models.Detector);
    private readonly TextRecognizer _recognizer = new(models.Recognizer, models.Alphabet, settings.Spaces,
        languageModel is null ? null : new CtcBeamDecoder(models.Alphabet, languageModel, settings.LanguageModel), languageModel?.Words);
    private readonly HashSet<string> _alphabet = [.. models.Alphabet];

    /// <summary>Whether the recogniser can produce this character at all (its alphabet lacks "€" and "£", for one).</summary>
    public bool CanRead(string character) => _alphabet.Contains(character);

    public OcrPage Read(GrayImage image, int pageNumber, CancellationToken cancellationToken)
    {
        var scale = DetectionScale(image);
        var regions = TextRegionDecoder.InReadingOrder(_detector.Detect(image, scale, settings.Decoder));
        var lines = new List<OcrLine>(regions.Count);
        foreach (var region in regions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var crop = Padded(region, image);
            var characters = _recognizer.Recognize(image.Crop(crop.Left, crop.Top, crop.Width, crop.Height));
            if (IsCrowded(region, regions, settings.CrowdedOverlap))
            {
                var narrow = Narrowed(crop, settings.CrowdedCropHeight);
                var second = _recognizer.Recognize(image.Crop(narrow.Left, narrow.Top, narrow.Width, narrow.Height));
                if (IsBetterReading(second, characters, settings.CrowdedMinCharacters)) (characters, crop) = (second, narrow);
            }
            if (BuildLine(characters, crop, image.Width, image.Height, settings.MinLineConfidence) is { } line) lines.Add(line);
        }

        return new OcrPage(pageNumber, image.Width, image.Height, lines);
    }

    /// <summary>
    /// True when another region beside or over this one (they share some columns) takes up more than
    /// <paramref name="overlap"/> of its height: lines printed close together, whose grown boxes reach into each other.
    /// </summary>
    internal static bool IsCrowded(TextRegion region, IReadOnlyList<TextRegion> regions, double overlap) =>
        regions.Any(other => other != region
            && Math.Min(other.Right, region.Right) > Math.Max(other.Left, region.Left)
            && Math.Min(other.Bottom, region.Bottom) - Math.Max(other.Top, region.Top) > overlap * region.Height);

    /// <summary>The crop cut to <paramref name="fraction"/> of its height about its middle, full width.</summary>
    internal static TextRegion Narrowed(TextRegion crop, double fraction)
    {
        var height = Math.Max(1, (int)Math.Round(crop.Height * fraction));
        return crop with { Top = crop.Top + (crop.Height - height) / 2, Height = height };
    }

    /// <summary>
    /// The narrow crop's reading wins when it is likelier on average and kept at least <paramref name="minCharacters"/>
    /// of the first reading's characters: a crop that cut the tops and bottoms off tall letters reads fewer of them, some
    /// confidently wrong ("D.I.Y.(M) SDN BHD" as "B E YM SU BHD").
    /// </summary>
    internal static bool IsBetterReading(IReadOnlyList<RecognisedCharacter> second, IReadOnlyList<RecognisedCharacter> first, double minCharacters)
    {
        var (secondMean, secondCount) = Tally(second);
        var (firstMean, firstCount) = Tally(first);
        return secondMean > firstMean && secondCount >= minCharacters * firstCount;
    }

    /// <summary>Mean probability and number of the characters read, spaces left out (they are measured, not read).</summary>
    private static (double Mean, int Count) Tally(IReadOnlyList<RecognisedCharacter> characters)
    {
        var (sum, count) = (0.0, 0);
        foreach (var c in characters)
        {
            if (string.IsNullOrWhiteSpace(c.Character)) continue;
            sum += c.Probability;
            count++;
        }
        return (count == 0 ? 0 : sum / count, count);
    }

    /// <summary>
    /// The region widened to the right by <see cref="PpOcrSettings.CropPadding"/> of its height: the detector's boxes
    /// end at the last letter and cut off a trailing comma or full stop ("JALAN SAGU 18," read as "JALAN SAGU 18").
    /// </summary>
    private TextRegion Padded(TextRegion region, GrayImage image)
    {
        var pad = (int)Math.Round(region.Height * settings.CropPadding);
        var right = Math.Min(image.Width, region.Right + pad);
        return region with { Width = right - region.Left };
    }

    /// <summary>
    /// Detection works best with characters of about <see cref="PpOcrSettings.DetectionCharacterHeight"/> pixels: a big
    /// scan is shrunk, small text grown, within <see cref="PpOcrSettings.MaxDetectionSide"/>.
    /// </summary>
    private double DetectionScale(GrayImage image)
    {
        var longSide = Math.Max(image.Width, image.Height);
        var scale = image.EstimateCharacterHeight() is { } characterHeight ? settings.DetectionCharacterHeight / characterHeight : 1.0;
        return Math.Min(scale, (double)settings.MaxDetectionSide / longSide);
    }

    /// <summary>
    /// One line from a region's characters; null when nothing but spaces was read or the mean character probability is
    /// below <paramref name="minConfidence"/> (a picture or a smudge read as text).
    /// </summary>
    internal static OcrLine? BuildLine(IReadOnlyList<RecognisedCharacter> characters, TextRegion region, double pageWidth, double pageHeight, double minConfidence)
    {
        var words = new List<(int First, int Last)>();
        var first = -1;
        for (var i = 0; i <= characters.Count; i++)
        {
            var isSpace = i == characters.Count || string.IsNullOrWhiteSpace(characters[i].Character);
            if (!isSpace && first < 0) first = i;
            else if (isSpace && first >= 0)
            {
                words.Add((first, i - 1));
                first = -1;
            }
        }

        if (words.Count == 0) return null;
        var confidence = Tally(characters).Mean;
        if (confidence < minConfidence) return null;

        var top = region.Top / pageHeight;
        var bottom = region.Bottom / pageHeight;
        var ocrWords = new List<OcrWord>(words.Count);
        for (var w = 0; w < words.Count; w++)
        {
            var (firstIndex, lastIndex) = words[w];
            // Edges halfway between a word's outer characters and the spaces around it; the region's own edges at the ends.
            var left = firstIndex == 0 || w == 0 ? 0 : (characters[firstIndex - 1].Position + characters[firstIndex].Position) / 2;
            var right = w == words.Count - 1 ? region.Width : (characters[lastIndex].Position + characters[lastIndex + 1].Position) / 2;
            var text = RecognisedText.FixDigitLetterConfusions(string.Concat(characters.Skip(firstIndex).Take(lastIndex - firstIndex + 1).Select(c => c.Character)));
            var probability = characters.Skip(firstIndex).Take(lastIndex - firstIndex + 1).Average(c => c.Probability);
            ocrWords.Add(new OcrWord(text, BoundingBox.FromEdges(
                Math.Clamp((region.Left + left) / pageWidth, 0, 1), Math.Clamp(top, 0, 1),
                Math.Clamp((region.Left + Math.Max(right, left + 1)) / pageWidth, 0, 1), Math.Clamp(bottom, 0, 1)), probability));
        }

        return new OcrLine(string.Join(' ', ocrWords.Select(w => w.Text)), BoundingBox.UnionOf(ocrWords.Select(w => w.Box)), confidence, ocrWords);
    }
}

/// <summary>Settings of the PP-OCR reader.</summary>
internal sealed record PpOcrSettings
{
    public RegionDecoderSettings Decoder { get; init; } = new();

    /// <summary>
    /// Character height (pixels) the page is scaled to for detection. Overall F1 on the 100 SROIE receipt scans by
    /// height: 10 0.617, 12 0.650, 14 0.618, 16 0.641, 20 0.625, 24 0.606 — no trend beyond the ±0.02 noise, so 16 stays.
    /// </summary>
    public double DetectionCharacterHeight { get; init; } = 16;

    /// <summary>Longest side of the image the detector sees; bounds its time and memory on large scans.</summary>
    public int MaxDetectionSide { get; init; } = 2400;

    /// <summary>When a gap between two characters the recogniser read as adjacent is a space.</summary>
    public SpaceSettings Spaces { get; init; } = SpaceSettings.Default;

    /// <summary>
    /// Extra width read right of a detected region, as a fraction of its height. SROIE scans, overall F1: none 0.631,
    /// 0.15 right 0.641, 0.3 right 0.631, 0.3 both sides 0.631 (wider crops take in neighbouring marks).
    /// </summary>
    public double CropPadding { get; init; } = 0.15;

    /// <summary>How the character language model, when there is one, weighs in while decoding.</summary>
    public LanguageModelSettings LanguageModel { get; init; } = LanguageModelSettings.Default;

    /// <summary>
    /// A region is crowded when a neighbouring region overlaps more than this fraction of its height. On a receipt with
    /// lines printed close together the detector's grown boxes take in the tops and bottoms of the lines above and
    /// below, and the recogniser reads a mixture of three lines ("NO. 53, JALAN BESAR, 45600 BATANG BERJUNTAI" as
    /// "NO5JALANAANGU"); such a region is read a second time from a crop of <see cref="CrowdedCropHeight"/> of its height,
    /// and the reading with the higher mean character probability is kept (<see cref="CrowdedMinCharacters"/>). Dev,
    /// error rate / F1 in capitals: overlap 0.05 0.0122 / 0.790, 0.15 0.0121 / 0.790, 0.3 0.0123 / 0.788.
    /// </summary>
    public double CrowdedOverlap { get; init; } = 0.15;

    /// <summary>
    /// Height of the second crop of a crowded region, as a fraction of the first. SROIE scans, dev split, OCR text
    /// character error rate / F1 in capitals: one reading 0.0190 / 0.782; second crop 0.8 0.0136 / 0.779, 0.7 0.0127 /
    /// 0.787, 0.6 0.0123 / 0.790, 0.55 0.0122 / 0.790, 0.5 0.0125 / 0.769. Always using the narrow crop (no choice) is
    /// worse: 0.0139 / 0.773 for crowded regions, and 0.8 for every region 0.0163 / 0.671.
    /// </summary>
    public double CrowdedCropHeight { get; init; } = 0.6;

    /// <summary>
    /// The narrow reading must keep this fraction of the first reading's characters to be chosen. Dev, error rate / F1
    /// in capitals: no such check 0.0123 / 0.790, 0.75 0.0121 / 0.790, 0.9 0.0122 / 0.790.
    /// </summary>
    public double CrowdedMinCharacters { get; init; } = 0.75;

    /// <summary>Lines read with a lower mean character probability are dropped (PP-OCR's default drop score).</summary>
    public double MinLineConfidence { get; init; } = 0.5;
}
