using InvoiceScanner.Ocr.Imaging;
using Microsoft.ML.OnnxRuntime;

namespace InvoiceScanner.Ocr.Neural;

/// <summary>PP-OCR's line recogniser: a crop of one text region in, characters with their positions out.</summary>
internal sealed class TextRecognizer(InferenceSession session, IReadOnlyList<string> alphabet, SpaceSettings spaces, CtcBeamDecoder? beamDecoder = null, IReadOnlySet<string>? words = null)
{
    /// <summary>The recogniser reads lines scaled to this height.</summary>
    private const int InputHeight = 48;

    /// <summary>Shorter crops are padded to this width, as in training (48 × 320).</summary>
    private const int MinInputWidth = 320;

    /// <summary>Bounds the cost of a pathological region (a long rule); a 70-character line is about 1,700 px.</summary>
    private const int MaxInputWidth = 3200;

    private static readonly float[] Normalised = Enumerable.Range(0, 256).Select(level => level / 127.5f - 1f).ToArray();

    /// <summary>Characters of the crop, with <see cref="RecognisedCharacter.Position"/> in the crop's pixels.</summary>
    public List<RecognisedCharacter> Recognize(GrayImage crop)
    {
        var scaledWidth = Math.Clamp((int)Math.Ceiling(InputHeight * (double)crop.Width / crop.Height), 1, MaxInputWidth);
        var resized = crop.ResizeTo(scaledWidth, InputHeight);
        var width = Math.Max(MinInputWidth, scaledWidth);

        // (x / 255 − 0.5) / 0.5 in all three channels; the padding stays 0 (mid grey), as PP-OCR pads.
        var table = Normalised;
        var plane = width * InputHeight;
        var input = new float[3 * plane];
        for (var y = 0; y < InputHeight; y++)
        {
            for (var x = 0; x < scaledWidth; x++)
            {
                var value = table[resized.Pixels[y * scaledWidth + x]];
                var i = y * width + x;
                input[i] = value;
                input[plane + i] = value;
                input[2 * plane + i] = value;
            }
        }

        using var tensor = OrtValue.CreateTensorValueFromMemory(input, [1, 3, InputHeight, width]);
        using var run = new RunOptions();
        using var outputs = session.Run(run, [session.InputNames[0]], [tensor], [session.OutputNames[0]]);
        var shape = outputs[0].GetTensorTypeAndShape().Shape;
        var characters = beamDecoder is null
            ? CtcDecoder.Decode(outputs[0].GetTensorDataAsSpan<float>(), (int)shape[1], (int)shape[2], alphabet)
            : beamDecoder.Decode(outputs[0].GetTensorDataAsSpan<float>(), (int)shape[1], (int)shape[2]);

        // Positions are fractions of the padded input: first into the scaled line's pixels, then the crop's.
        characters = characters.ConvertAll(c => c with { Position = c.Position * width });
        characters = SpaceRestorer.Restore(RecognisedText.AsciiForms(characters), resized, spaces, words);
        var toCrop = (double)crop.Width / scaledWidth;
        return characters.ConvertAll(c => c with { Position = c.Position * toCrop });
    }
}
