using System.Diagnostics;
using InvoiceScanner.TestSupport;

namespace InvoiceScanner.Tests.Deployment;

/// <summary>
/// The optional tesseract layer the build makes (template parameter TesseractLayer): built from the npm packages
/// local/install.sh installs, runnable through its wrapper with every language the accent check asks for, and made of
/// libraries AL2023 can load, none of them where the function's own libraries are looked up.
/// </summary>
public sealed class TesseractLayerTests : IDisposable
{
    private readonly string _layer = Path.Combine(Path.GetTempPath(), "tesseract-layer-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_layer)) Directory.Delete(_layer, recursive: true);
    }

    [Fact]
    public async Task The_layer_builds_runs_its_languages_and_needs_at_most_the_glibc_of_AL2023()
    {
        var modules = Path.Combine(SharedFolder.RepositoryRoot, "local", "node_modules", "@shelf", "aws-lambda-tesseract");
        if (!Directory.Exists(modules))
            Assert.Fail($"{modules} is missing: run local/install.sh (it runs npm ci in local/).");

        var (built, buildOutput) = await RunAsync("bash", Path.Combine(SharedFolder.RepositoryRoot, "scripts", "build-tesseract-layer.sh"), _layer);
        Assert.True(built == 0, buildOutput);
        var (listed, languages) = await RunAsync(Path.Combine(_layer, "bin", "tesseract"), "--list-langs");

        Assert.True(listed == 0, languages);
        foreach (var language in new[] { "eng", "fra", "deu", "spa", "ita", "por", "nld" })
            Assert.Contains(language, languages.Split('\n', StringSplitOptions.TrimEntries));
        // /opt/lib is on every Lambda function's library path: an old libstdc++ there would be loaded by ONNX Runtime.
        Assert.False(Directory.Exists(Path.Combine(_layer, "lib")));
        var elves = Directory.GetFiles(_layer, "*", SearchOption.AllDirectories).Where(ElfVersionNeeds.IsElf).ToList();
        Assert.NotEmpty(elves);
        Assert.All(elves, file => Assert.True(ElfVersionNeeds.NewestGlibc(ElfVersionNeeds.Read(file)) is not { } newest || newest <= new Version(2, 34),
            $"{Path.GetFileName(file)} needs more than AL2023's GLIBC_2.34"));
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output + await error);
    }
}
