using System.Globalization;
using System.Net;
using System.Text;
using InvoiceScanner.LocalHost.Demo;

namespace InvoiceScanner.LocalHost.Reliability;

/// <summary>
/// `reliability`: hostile uploads, cross-tenant access, card numbers, S3 events as S3 may deliver them, stores killed
/// mid-flight and many uploads at once, through the running stack as a client sees it; writes one table row per probe.
/// Exit code 1 when a probe has findings.
/// </summary>
public static class ReliabilityRunner
{
    public const int Seed = 20261206;
    private const int UploadsPerUser = 25; // under the 30-a-minute quota, however fast the uploads go

    /// <summary>How long the outage probe keeps each store down (Lambda's own retries of the S3 events come later than that).</summary>
    public static TimeSpan OutageLength(bool quick) => TimeSpan.FromSeconds(quick ? 4 : 10);

    /// <summary>
    /// The stack the probes need: DynamoDB Local on disk in <paramref name="dynamoDbDirectory"/> (an in-memory one loses
    /// every table when killed), and retries of failed S3-triggered invocations paced like Lambda's, after the outage
    /// rather than within it (Lambda waits about 1 and 2 minutes; here 15 and 30 s).
    /// </summary>
    public static LocalStackOptions Configure(LocalStackOptions options, string dynamoDbDirectory) =>
        options with { DynamoDbDataDirectory = dynamoDbDirectory, AsyncRetryDelay = TimeSpan.FromSeconds(15) };

    /// <summary>`--only 4,5`: the probes to run (null: all).</summary>
    public static HashSet<int>? ParseProbes(string? list)
    {
        if (list is null)
            return null;
        var numbers = new HashSet<int>();
        foreach (var item in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 6)
                throw new Cli.UsageException($"--only takes probe numbers from 1 to 6 separated by commas, not '{list}'.");
            numbers.Add(number);
        }
        return numbers;
    }

    /// <param name="only">The probes to run by number (1–6; null: all). Cross-tenant access (2) tries the invoices the others made.</param>
    public static async Task<int> RunAsync(LocalStack stack, bool quick, string outPath, TextWriter output, CancellationToken cancellationToken,
        IReadOnlySet<int>? only = null)
    {
        await File.WriteAllTextAsync(HostileFiles.CanaryPath, HostileFiles.CanaryContent, cancellationToken);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var context = new ProbeContext(stack, new InvoiceApiClient(http, stack.ApiUrl!), http, Guid.NewGuid().ToString("N")[..8], quick);
        var started = DateTime.UtcNow;
        var withPictures = Processes.ExecutableSearch.Find("pdftoppm") is not null;
        if (!withPictures)
            output.WriteLine("reliability: poppler's pdftoppm is not installed: no scanned or photographed documents (local/install.sh installs it)");
        bool Runs(int probe) => only is null || only.Contains(probe);

        var probes = new List<ProbeTally>();
        var corpus = HostileCorpus.Generate(Seed, quick);
        if (Runs(1))
        {
            output.WriteLine($"reliability: {corpus.Count} hostile files…");
            probes.Add(await HostileAsync(context, corpus, cancellationToken));
        }
        if (Runs(3))
        {
            var receipts = await PanReceiptsAsync(quick, withPictures, cancellationToken);
            output.WriteLine($"reliability: {receipts.Count} card receipts…");
            probes.Add(await PanAsync(context, receipts, cancellationToken));
        }
        if (Runs(4))
        {
            output.WriteLine("reliability: S3 events duplicated, replayed, early, out of order and foreign…");
            using var s3 = EventProbe.CreateS3Client(stack);
            probes.Add(await new EventProbe(context, new S3EventInjector(stack, http), s3).RunAsync(cancellationToken));
        }
        if (Runs(6))
            probes.Add(await LoadAsync(context, quick ? 20 : 200, withPictures, output, cancellationToken));
        if (Runs(5))
        {
            output.WriteLine($"reliability: DynamoDB and S3 down {OutageLength(quick).TotalSeconds:0} s each, mid-flight…");
            var documents = await LoadProbe.MixAsync(quick ? 6 : 24, withPictures, cancellationToken);
            probes.Add(await new OutageProbe(context).RunAsync(documents, OutageLength(quick), cancellationToken));
        }
        if (Runs(2))
        {
            output.WriteLine($"reliability: cross-tenant access to {context.Created.Count} invoices…");
            probes.Add(await CrossTenantAsync(context, context.Token("intruder"), cancellationToken));
        }

        probes.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        var report = Report(probes, stack.Options, corpus.Count, quick, withPictures, started, DateTime.UtcNow);
        await File.WriteAllTextAsync(outPath, report, cancellationToken);
        output.WriteLine(report);
        return probes.All(p => p.Clean) ? 0 : 1;
    }

    private static async Task<ProbeTally> LoadAsync(ProbeContext context, int count, bool withPictures, TextWriter output, CancellationToken cancellationToken)
    {
        var documents = await LoadProbe.MixAsync(count, withPictures, cancellationToken);
        output.WriteLine($"reliability: {documents.Count} uploads at once ({string.Join(", ", documents.GroupBy(d => d.Kind).Select(g => $"{g.Count()} {g.Key}"))})…");
        return await new LoadProbe(context).RunAsync(documents, cancellationToken);
    }

    /// <summary>Text-layer receipts in every card format, the first eight again as pictures (when they can be drawn) and as CII XML.</summary>
    private static async Task<IReadOnlyList<PanReceipt>> PanReceiptsAsync(bool quick, bool withPictures, CancellationToken cancellationToken)
    {
        var text = PanCorpus.Generate(Seed, quick ? 8 : 20);
        var images = withPictures ? await PanCorpus.AsImagesAsync(text.Take(8), cancellationToken) ?? [] : [];
        return [.. text, .. images, .. PanCorpus.AsEInvoices(text.Take(8))];
    }

    private static async Task<ProbeTally> HostileAsync(ProbeContext context, IReadOnlyList<CorpusFile> corpus, CancellationToken cancellationToken)
    {
        var tally = new ProbeTally("1. Hostile corpus",
            "POST refused with 400, or a terminal status within 3 min: FAILED with a code, or COMPLETED/NEEDS_REVIEW for a file still readable; the 10 MB + 1 file must be refused.");
        await Parallel.ForEachAsync(Enumerable.Range(0, corpus.Count), context.Options(cancellationToken), async (index, token) =>
        {
            var file = corpus[index];
            var user = context.Token($"hostile-{index / UploadsPerUser}");
            var outcome = await ProbeScanner.ScanAsync(context.Client, user, file.Name, file.ContentType, file.Content, ProbeContext.Timeout, token);
            if (outcome.InvoiceId is not null)
                context.Created.Add(new CreatedInvoice(outcome.InvoiceId, user));
            var history = outcome.InvoiceId is null ? "" : (await context.Client.HistoryAsync(user, outcome.InvoiceId, token)).Text;
            Judge(tally, file, outcome, history);
        });
        await CheckNothingElseAsync(context, (corpus.Count + UploadsPerUser - 1) / UploadsPerUser, tally, cancellationToken);
        return tally;
    }

    /// <summary>Each user lists exactly the invoices we saw created: a refused POST (the 10 MB + 1 file) made none.</summary>
    private static async Task CheckNothingElseAsync(ProbeContext context, int users, ProbeTally tally, CancellationToken cancellationToken)
    {
        var ours = context.Created.Select(c => c.InvoiceId).ToHashSet(StringComparer.Ordinal);
        for (var user = 0; user < users; user++)
        {
            var list = await context.Client.ListAsync(context.Token($"hostile-{user}"), "limit=100", cancellationToken);
            var unknown = list.Body?.Items.Select(i => i.InvoiceId).Where(id => !ours.Contains(id)).ToList();
            if (unknown is null)
                tally.Wrong($"GET /invoices of hostile user {user}: {(int)list.Status} {ProbeContext.Excerpt(list.Text)}");
            else if (unknown.Count > 0)
                tally.Wrong($"hostile user {user} lists {unknown.Count} invoices no POST answered with: {string.Join(", ", unknown)}");
        }
    }

    private static void Judge(ProbeTally tally, CorpusFile file, ScanOutcome outcome, string history)
    {
        tally.Try();
        var label = outcome.End == ScanEnd.Terminal ? $"{outcome.Status} {outcome.FailureCode}".Trim() : outcome.Detail;
        tally.Count($"{file.Kind}: {label}");
        var where = $"{file.Name} ({file.Kind}, {file.Content.Length} B, {file.ContentType})";
        if ((ProbeScanner.Leak(outcome.Text) ?? ProbeScanner.Leak(history)) is { } leak)
            tally.Leak($"{where}: the reply carries {leak}: {ProbeContext.Excerpt(outcome.Text + history)}");
        if (!tally.Ended(outcome, where))
            return;
        var right = outcome.End switch
        {
            ScanEnd.Refused => true,
            ScanEnd.Terminal when file.ExpectRefused => false,
            ScanEnd.Terminal when outcome.Status == "FAILED" => !string.IsNullOrEmpty(outcome.FailureCode),
            ScanEnd.Terminal => file.MayComplete && outcome.Status is "COMPLETED" or "NEEDS_REVIEW",
            _ => false,
        };
        if (right)
            tally.Right();
        else
            tally.Wrong($"{where}: {label}{(file.ExpectRefused ? " (expected POST 400)" : "")}");
    }

    private static async Task<ProbeTally> PanAsync(ProbeContext context, IReadOnlyList<PanReceipt> receipts, CancellationToken cancellationToken)
    {
        var tally = new ProbeTally("3. Card numbers (PAN)",
            "a terminal status showing the receipt's total (its text was read), and neither GET /invoices/{id} nor its /history contains the card's full digits (leaked = such responses).");
        await Parallel.ForEachAsync(receipts.Select((receipt, index) => (receipt, index)), context.Options(cancellationToken), async (item, token) =>
        {
            var (receipt, index) = item;
            tally.Try();
            var user = context.Token($"pan-{index / UploadsPerUser}");
            var outcome = await ProbeScanner.ScanAsync(context.Client, user, receipt.Name, receipt.ContentType, receipt.Content, ProbeContext.Timeout, token);
            if (outcome.InvoiceId is not null)
                context.Created.Add(new CreatedInvoice(outcome.InvoiceId, user));
            tally.Count($"{receipt.Medium}, {receipt.Format}: {outcome.Detail} {outcome.FailureCode}".Trim());
            if (outcome.End != ScanEnd.Terminal)
            {
                (outcome.End == ScanEnd.Stuck ? (Action<string>)tally.Stick : tally.Lose)($"{receipt.Name}: {outcome.Detail}");
                return;
            }
            tally.Seconds.Add(outcome.Seconds);
            var history = await context.Client.HistoryAsync(user, outcome.InvoiceId!, token);
            var leaks = 0;
            foreach (var (route, text) in new[] { ("GET /invoices/{id}", outcome.Text), ("GET …/history", history.Text) })
            {
                if (!PanCorpus.Shows(text, receipt.Digits))
                    continue;
                leaks++;
                tally.Leak($"{receipt.Name} ({receipt.Format}, printed \"{receipt.Printed}\"): the full number is in {route} ({outcome.Status}){Around(text, receipt.Printed)}");
            }
            if (leaks == 0 && receipt.ShowsTotal(outcome.Text))
                tally.Right();
            else if (leaks == 0)
                tally.Wrong($"{receipt.Name} ({receipt.Format}): {outcome.Status} {outcome.FailureCode} without the total {receipt.Total}: the text may not have been read");
        });
        return tally;
    }

    private static async Task<ProbeTally> CrossTenantAsync(ProbeContext context, string intruder, CancellationToken cancellationToken)
    {
        var tally = new ProbeTally("2. Cross-tenant",
            "another user's GET /invoices/{id}, GET …/history, PATCH, POST …/approve and POST …/reprocess all answer 404 (a non-404 is counted as leaked, a 5xx as lost).");
        var client = context.Client;
        await Parallel.ForEachAsync(context.Created.Select(c => c.InvoiceId).Distinct(), context.Options(cancellationToken), async (id, token) =>
        {
            var replies = new (string Route, HttpStatusCode Status, string Text)[5];
            var get = await client.GetAsync(intruder, id, token);
            replies[0] = ("GET", get.Status, get.Text);
            var history = await client.HistoryAsync(intruder, id, token);
            replies[1] = ("GET history", history.Status, history.Text);
            var patch = await client.CorrectAsync(intruder, id, """{"fields":{"total":1.00}}""", "\"0\"", token);
            replies[2] = ("PATCH", patch.Status, patch.Text);
            var approve = await client.ApproveAsync(intruder, id, "{}", token);
            replies[3] = ("POST approve", approve.Status, approve.Text);
            var reprocess = await client.ReprocessAsync(intruder, id, """{"ocr":true}""", null, token);
            replies[4] = ("POST reprocess", reprocess.Status, reprocess.Text);
            foreach (var (route, status, text) in replies)
            {
                tally.Try();
                tally.Count($"{route}: {(int)status}");
                if (status == HttpStatusCode.NotFound)
                    tally.Right();
                else if ((int)status >= 500)
                    tally.Lose($"{route} {id}: {(int)status} {ProbeContext.Excerpt(text)}");
                else
                    tally.Leak($"{route} {id}: {(int)status} {ProbeContext.Excerpt(text)}");
            }
        });
        return tally;
    }

    /// <summary>Where a reply shows the printed number (which JSON property), when it shows it as printed.</summary>
    private static string Around(string text, string printed)
    {
        var at = text.IndexOf(printed, StringComparison.Ordinal);
        return at < 0 ? "" : $", after `{text[Math.Max(0, at - 80)..at].Replace('`', '\'')}`";
    }

    private static string Report(IReadOnlyList<ProbeTally> probes, LocalStackOptions options, int files, bool quick, bool withPictures, DateTime started,
        DateTime finished)
    {
        var text = new StringBuilder();
        text.AppendLine("# Reliability").AppendLine();
        text.AppendLine("Generated by `make reliability` (`dotnet run --project local/InvoiceScanner.LocalHost -c Release -- reliability`): the local");
        text.AppendLine("stack, driven through its HTTP API as a client would. Do not edit by hand; run it again.").AppendLine();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"- Run: {started:yyyy-MM-dd HH:mm} – {finished:HH:mm} UTC{(quick ? " (--quick)" : "")}, seed {Seed}, {files} hostile files, {ProbeContext.Parallelism} uploads at once in probes 1–4"));
        text.AppendLine($"- Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"- Stack: up to {options.FunctionInstances} instances per function; a failed S3-triggered invocation is retried twice, {options.AsyncRetryDelay.TotalSeconds:0} and {2 * options.AsyncRetryDelay.TotalSeconds:0} s later (Lambda: about 1 and 2 minutes); DynamoDB Local {(options.DynamoDbDataDirectory is null ? "in memory" : "on disk, so that it can be killed and restarted")}"));
        if (!withPictures)
            text.AppendLine("- Without scans and photos: poppler's pdftoppm, which draws them, is not installed");
        text.AppendLine().AppendLine("Lost: the API lost track (404 for our invoice, or a 5xx). Stuck: not terminal in time (3 minutes; 10 for probe 6). Leaked: a reply with a");
        text.AppendLine(".NET exception name, a stack trace, a local file's content (XXE), another user's invoice, or a card number.");
        text.AppendLine($"Times: seconds from the end of the upload to a terminal status, polled every {ProbeScanner.PollInterval.TotalMilliseconds:0} ms (probe 5: 0.5 s, probe 6: 1 s).").AppendLine();
        text.AppendLine("| Probe | Tried | Correct | Lost | Stuck | Leaked | p50 s | p95 s |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var probe in probes)
            text.AppendLine(probe.Row());
        text.AppendLine().AppendLine("## Details").AppendLine();
        foreach (var probe in probes)
            text.Append(probe.Details(60));
        return text.ToString();
    }
}
