using System.Diagnostics;
using System.Text.Json;
using InvoiceScanner.SampleInvoices;
using InvoiceScanner.TestSupport;

namespace InvoiceScanner.IntegrationTests;

/// <summary>
/// scripts/smoke.sh — the check a deployed stack is given — run against the local stack: the sample invoices go through
/// the real flow and read as printed; a sample whose expected values are wrong makes it fail, naming the field.
/// </summary>
public sealed class SmokeScriptTests(ProductStackFixture fixture) : IClassFixture<ProductStackFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("invoicescanner-smoke-").FullName;

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private void Write(SampleInvoice sample, ExpectedInvoice expected)
    {
        File.WriteAllBytes(Path.Combine(_dir, sample.Name + ".pdf"), sample.RenderPdf());
        File.WriteAllBytes(Path.Combine(_dir, sample.Name + ".expected.json"), JsonSerializer.SerializeToUtf8Bytes(expected, SampleInvoiceJsonContext.Default.ExpectedInvoice));
    }

    private async Task<(int ExitCode, string Output)> RunAsync()
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(SharedFolder.RepositoryRoot, "scripts", "smoke.sh"), fixture.Stack.ApiUrl!, fixture.Stack.CreateToken("smoke-user"), _dir])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Cancellation);
        var errors = process.StandardError.ReadToEndAsync(Cancellation);
        await process.WaitForExitAsync(Cancellation);
        return (process.ExitCode, await output + await errors);
    }

    [Fact]
    public async Task The_samples_read_as_printed_through_the_script_and_a_wrong_expectation_fails_it()
    {
        var samples = SampleInvoiceCatalog.All.Take(2).ToList();
        foreach (var sample in samples)
            Write(sample, sample.Expected);

        var (passed, passOutput) = await RunAsync();
        Write(samples[0], samples[0].Expected with { Total = samples[0].Expected.Total + 1 });
        var (failed, failOutput) = await RunAsync();

        Assert.True(passed == 0, passOutput);
        Assert.Contains("2 of 2 read right", passOutput);
        Assert.Equal(1, failed);
        Assert.Contains($"want {samples[0].Expected.Total + 1}", failOutput);
        Assert.Contains("1 of 2 read right", failOutput);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
