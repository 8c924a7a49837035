using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace InvoiceScanner.LocalHost.Demo;

/// <summary>
/// `latency FILE…`: how long the fleet takes from the end of an upload to a terminal status, file by file, through
/// the running stack as a client sees it. One warm-up scan of each file first (cold starts are measured elsewhere),
/// then interleaved rounds, so the files share the machine's state; the table gives each file's median against the first's.
/// </summary>
public static class LatencyRunner
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static async Task<int> RunAsync(LocalStack stack, IReadOnlyList<string> files, int rounds, TextWriter output, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var client = new InvoiceApiClient(http, stack.ApiUrl!);
        var inputs = files.Select(f => (Name: Path.GetFileName(f), Type: ContentType(f), Content: File.ReadAllBytes(f))).ToList();
        var timings = inputs.ToDictionary(i => i.Name, _ => new List<double>());
        var outcomes = new Dictionary<string, string>();
        for (var round = -1; round < rounds; round++)
        {
            // A user per round: a fast round must not run into one user's upload quota.
            var token = stack.CreateToken($"latency-user-{round + 1}");
            foreach (var (name, type, content) in inputs)
            {
                var (elapsed, outcome) = await ScanAsync(client, token, name, type, content, cancellationToken);
                outcomes[name] = outcome;
                if (round >= 0)
                    timings[name].Add(elapsed.TotalMilliseconds);
            }
        }

        output.WriteLine($"Upload → terminal status, {rounds} interleaved rounds after one warm-up each (polled every {PollInterval.TotalMilliseconds:0} ms):");
        output.WriteLine();
        output.WriteLine("| File | Outcome | Median ms | Min–max ms | Median ratio to the first |");
        output.WriteLine("|---|---|---:|---:|---:|");
        var first = Median(timings[inputs[0].Name]);
        foreach (var (name, _, _) in inputs)
        {
            var values = timings[name];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {outcomes[name]} | {Median(values):0.0} | {values.Min():0.0}–{values.Max():0.0} | {Median(values) / first:0.00} |"));
        }
        return 0;
    }

    private static async Task<(TimeSpan Elapsed, string Outcome)> ScanAsync(InvoiceApiClient client, string token, string name, string type, byte[] content,
        CancellationToken cancellationToken)
    {
        var created = await client.CreateAsync(token, name, type, content.Length, cancellationToken);
        if (created.Body is null)
            throw new InvalidOperationException($"POST /invoices for {name} answered {(int)created.Status}: {created.Text}");
        if (await client.UploadAsync(created.Body.Upload, content, cancellationToken) != HttpStatusCode.OK)
            throw new InvalidOperationException($"The upload of {name} was refused.");
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Timeout)
        {
            var view = await client.GetAsync(token, created.Body.InvoiceId, cancellationToken);
            if (InvoiceApiClient.IsTerminal(view.Body?.Status))
                return (clock.Elapsed, $"{view.Body!.Status} ({view.Body.Document?.Kind}, {view.Body.Engine})");
            await Task.Delay(PollInterval, cancellationToken);
        }
        throw new TimeoutException($"{name} did not finish within {Timeout.TotalSeconds:0} s.");
    }

    private static string ContentType(string file) => Path.GetExtension(file).ToLowerInvariant() switch
    {
        ".xml" => "application/xml",
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".tif" or ".tiff" => "image/tiff",
        _ => "application/pdf",
    };

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
