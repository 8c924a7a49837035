using InvoiceScanner.Ocr.Imaging;
using Microsoft.ML.OnnxRuntime;

namespace InvoiceScanner.Ocr.Neural;

/// <summary>PP-OCR's DB text detector: a page image in, upright text regions out.</summary>
internal sealed class TextDetector(InferenceSession session)
{
    // ImageNet statistics, per channel, that the detector was trained with; a grey image has one value in all three.
    // A lookup per channel and grey level: the same 256 values fill millions of pixels.
    private static readonly float[][] Normalised = [Table(0.485f, 0.229f), Table(0.456f, 0.224f), Table(0.406f, 0.225f)];

    // One page is detected at a time in the process: a page's activations take hundreds of megabytes, two at once
    // pushed a scanned PDF past ProcessInvoice's 1 GB, and one run already uses every core (intra-op threads).
    private static readonly Lock OnePageAtATime = new();

    private static float[] Table(float mean, float deviation) =>
        Enumerable.Range(0, 256).Select(level => (level / 255f - mean) / deviation).ToArray();

    /// <param name="image">The page.</param>
    /// <param name="scale">How much to scale the page before detection (the network sees sides in multiples of 32).</param>
    /// <param name="settings">Post-processing settings.</param>
    public List<TextRegion> Detect(GrayImage image, double scale, RegionDecoderSettings settings)
    {
        var width = Math.Max(32, (int)Math.Round(image.Width * scale / 32) * 32);
        var height = Math.Max(32, (int)Math.Round(image.Height * scale / 32) * 32);
        var resized = image.Width == width && image.Height == height ? image : image.ResizeTo(width, height);

        var plane = width * height;
        var input = new float[3 * plane];
        for (var channel = 0; channel < 3; channel++)
        {
            var table = Normalised[channel];
            var offset = channel * plane;
            for (var i = 0; i < plane; i++) input[offset + i] = table[resized.Pixels[i]];
        }

        using var tensor = OrtValue.CreateTensorValueFromMemory(input, [1, 3, height, width]);
        using var run = new RunOptions();
        lock (OnePageAtATime)
        {
            using var outputs = session.Run(run, [session.InputNames[0]], [tensor], [session.OutputNames[0]]);
            var shape = outputs[0].GetTensorTypeAndShape().Shape;
            return TextRegionDecoder.Decode(outputs[0].GetTensorDataAsSpan<float>(), (int)shape[^1], (int)shape[^2], image.Width, image.Height, settings);
        }
    }
}
