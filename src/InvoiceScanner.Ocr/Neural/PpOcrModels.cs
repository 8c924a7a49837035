using InvoiceScanner.Core.Invoices;
using Microsoft.ML.OnnxRuntime;

namespace InvoiceScanner.Ocr.Neural;

/// <summary>
/// The PP-OCR text detector and recogniser (ONNX) and the recogniser's alphabet, loaded from one folder. Loading takes
/// a few hundred milliseconds, so each folder is loaded once per process and shared; sessions are thread-safe.
/// </summary>
internal sealed class PpOcrModels
{
    private static readonly LoadedOnce<(string Directory, int Threads), PpOcrModels> Loaded = new();

    private PpOcrModels(InferenceSession detector, InferenceSession recognizer, IReadOnlyList<string> alphabet)
    {
        Detector = detector;
        Recognizer = recognizer;
        Alphabet = alphabet;
    }

    public InferenceSession Detector { get; }
    public InferenceSession Recognizer { get; }

    /// <summary>The recogniser's classes after the CTC blank: the dictionary's characters, then the space.</summary>
    public IReadOnlyList<string> Alphabet { get; }

    /// <summary>True when the folder holds a detector, a recogniser and a dictionary (see <see cref="Load"/>).</summary>
    public static bool IsModelDirectory(string directory) => TryFindFiles(directory) is not null;

    /// <summary>
    /// Loads (once) the folder's <c>*det*.onnx</c>, <c>*rec*.onnx</c> and <c>*keys*.txt</c> (one character a line),
    /// e.g. PP-OCRv4's <c>ch_PP-OCRv4_det_infer.onnx</c>, <c>ch_PP-OCRv4_rec_infer.onnx</c>, <c>ppocr_keys_v1.txt</c>.
    /// </summary>
    /// <exception cref="DocumentRejectedException">ENGINE_CONFIGURATION_ERROR when a file is missing or does not load.</exception>
    public static PpOcrModels Load(string directory, int threads) =>
        Loaded.Get((Path.GetFullPath(directory), threads), k => LoadNow(k.Directory, k.Threads));

    private static PpOcrModels LoadNow(string directory, int threads)
    {
        var files = TryFindFiles(directory) ?? throw new DocumentRejectedException(ErrorCodes.EngineConfiguration,
            $"The PP-OCR model folder {directory} must hold one *det*.onnx, one *rec*.onnx and one *keys*.txt (run local/install.sh, or set OCR_PPOCR_MODEL_DIR).");

        var alphabet = File.ReadAllText(files.Keys).Replace("\r", "", StringComparison.Ordinal).Split('\n').ToList();
        if (alphabet.Count > 0 && alphabet[^1].Length == 0) alphabet.RemoveAt(alphabet.Count - 1);
        alphabet.Add(" ");

        InferenceSession? detector = null;
        try
        {
            using var options = new SessionOptions
            {
                IntraOpNumThreads = threads,
                InterOpNumThreads = 1,
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
                // Every page and line has its own input size, and a memory plan kept per shape only holds memory: with
                // plans, 50 receipt scans in one process peaked at 2.1 GB; without, 1.2 GB, at the same speed.
                EnableMemoryPattern = false,
            };
            detector = new InferenceSession(files.Detector, options);
            var recognizer = new InferenceSession(files.Recognizer, options);
            return new PpOcrModels(detector, recognizer, alphabet);
        }
        catch (OnnxRuntimeException e)
        {
            detector?.Dispose();
            throw new DocumentRejectedException(ErrorCodes.EngineConfiguration, $"The PP-OCR models in {directory} could not be loaded: {e.Message}", e);
        }
    }

    private static (string Detector, string Recognizer, string Keys)? TryFindFiles(string directory)
    {
        if (!Directory.Exists(directory)) return null;
        string? Single(string pattern) => Directory.GetFiles(directory, pattern) is [var only] ? only : null;
        var detector = Single("*det*.onnx");
        var recognizer = Single("*rec*.onnx");
        var keys = Single("*keys*.txt");
        return detector is null || recognizer is null || keys is null ? null : (detector, recognizer, keys);
    }
}
