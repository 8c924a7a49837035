using System.Collections.Concurrent;
using InvoiceScanner.Core.Invoices;

namespace InvoiceScanner.Ocr.Processes;

internal enum Tool { PdfInfo, PdfToText, PdfToPpm, Tesseract }

/// <summary>Configured paths of the tools; a null one is searched for by its usual name.</summary>
internal sealed record ToolLocations(string? PdfInfo, string? PdfToText, string? PdfToPpm, string? Tesseract, string? ImageConverter);

/// <summary>Finds the command-line tools: configured path, else PATH, else /opt/bin (Lambda layers).</summary>
internal class ToolLocator(ToolLocations locations)
{
    private const string LambdaLayerBin = "/opt/bin";
    private readonly ConcurrentDictionary<Tool, string> _found = new();
    private readonly Lazy<string?> _imageConverter = new(() => locations.ImageConverter is { } configured
        ? Locate(configured)
        : Search("convert") ?? Search("magick") ?? Search("gm"));

    public static string Name(Tool tool) => tool switch
    {
        Tool.PdfInfo => "pdfinfo",
        Tool.PdfToText => "pdftotext",
        Tool.PdfToPpm => "pdftoppm",
        Tool.Tesseract => "tesseract",
        _ => throw new ArgumentOutOfRangeException(nameof(tool)),
    };

    /// <summary>
    /// The optional image converter (ImageMagick's <c>convert</c> or <c>magick</c>, or GraphicsMagick's <c>gm</c>):
    /// configured path, else the first of those found; null when there is none (the engine then skips preprocessing).
    /// </summary>
    public string? TryResolveImageConverter() => _imageConverter.Value;

    /// <summary>GraphicsMagick takes the command as its first argument (<c>gm convert …</c>).</summary>
    public static bool IsGraphicsMagick(string converterPath) =>
        Path.GetFileNameWithoutExtension(converterPath).Equals("gm", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the tool is configured or found (its absence is no error for an optional one).</summary>
    public bool Has(Tool tool)
    {
        try
        {
            Resolve(tool);
            return true;
        }
        catch (DocumentRejectedException)
        {
            return false;
        }
    }

    public string Resolve(Tool tool)
    {
        if (_found.TryGetValue(tool, out var cached)) return cached;
        var configured = tool switch
        {
            Tool.PdfInfo => locations.PdfInfo,
            Tool.PdfToText => locations.PdfToText,
            Tool.PdfToPpm => locations.PdfToPpm,
            _ => locations.Tesseract,
        };

        var path = Locate(configured ?? Name(tool));
        if (path is null)
        {
            var package = tool == Tool.Tesseract ? "tesseract-ocr and tesseract-ocr-eng" : "poppler-utils";
            var variable = "OCR_" + Name(tool).ToUpperInvariant() + "_PATH";
            var what = configured is null ? Name(tool) : $"{Name(tool)} ({configured})";
            throw new DocumentRejectedException(ErrorCodes.EngineConfiguration,
                $"{what} not found: install {package} (apt-get install {package.Replace(" and ", " ", StringComparison.Ordinal)}), ship it in a Lambda layer under {LambdaLayerBin}, or set {variable}.");
        }

        return _found.GetOrAdd(tool, path);
    }

    /// <summary>A path is taken as it is (when the file exists); a bare name is searched for.</summary>
    private static string? Locate(string pathOrName) =>
        pathOrName.Contains(Path.DirectorySeparatorChar) ? (File.Exists(pathOrName) ? pathOrName : null) : Search(pathOrName);

    private static string? Search(string fileName)
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(LambdaLayerBin);
        foreach (var directory in directories)
        {
            var candidate = Path.Combine(directory, fileName);
            if (File.Exists(candidate) && IsExecutable(candidate)) return candidate;
        }

        return null;
    }

    private static bool IsExecutable(string path) =>
        OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
