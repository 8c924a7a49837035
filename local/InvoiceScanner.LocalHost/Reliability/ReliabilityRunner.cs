using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using InvoiceScanner.LocalHost.Demo;

namespace InvoiceScanner.LocalHost.Reliability;

/// <summary>
/// `reliability`: hostile uploads, cross-tenant access and card numbers through the running stack, as a client sees
/// it; writes one table row per probe. Exit code 1 when a probe has findings.
/// </summary>
public static class ReliabilityRunner
{
    public const int Seed = 20261206;
    private const int Parallelism = 8;
    private const int UploadsPerUser = 25; // under the 30-a-minute quota, however fast the uploads go

    private sealed record Created(string InvoiceId, string Token);

    public static async Task<int> RunAsync(LocalStack stack, bool quick, string outPath, TextWriter output, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(HostileFiles.CanaryPath, HostileFiles.CanaryContent, cancellationToken);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var client = new InvoiceApiClient(http, stack.ApiUrl!);
        var run = Guid.NewGuid().ToString("N")[..8];
        var timeout = TimeSpan.FromMinutes(3);
        var created = new ConcurrentBag<Created>();
        var started = DateTime.UtcNow;

        var corpus = HostileCorpus.Generate(Seed, quick);
        output.WriteLine($"reliability: {corpus.Count} hostile files…");
        var hostile = await HostileAsync(stack, client, corpus, run, timeout, created, cancellationToken);
        var receipts = PanCorpus.Generate(Seed, 20);
        output.WriteLine($"reliability: {receipts.Count} card receipts…");
        var pan = await PanAsync(stack, client, receipts, run, timeout, created, cancellationToken);
        output.WriteLine($"reliability: cross-tenant access to {created.Count} invoices…");
        var tenants = await CrossTenantAsync(client, stack.CreateToken($"reliability-{run}-intruder"), created, cancellationToken);

        ProbeTally[] probes = [hostile, tenants, pan];
        var report = Report(probes, corpus.Count, quick, started, DateTime.UtcNow);
        await File.WriteAllTextAsync(outPath, report, cancellationToken);
        output.WriteLine(report);
        return probes.All(p => p.Clean) ? 0 : 1;
    }

    private static async Task<ProbeTally> HostileAsync(LocalStack stack, InvoiceApiClient client, IReadOnlyList<CorpusFile> corpus, string run,
        TimeSpan timeout, ConcurrentBag<Created> created, CancellationToken cancellationToken)
    {
        var tally = new ProbeTally("1. Hostile corpus",
            "POST refused with 400, or a terminal status within 3 min: FAILED with a code, or COMPLETED/NEEDS_REVIEW for a file still readable; the 10 MB + 1 file must be refused.");
        await Parallel.ForEachAsync(Enumerable.Range(0, corpus.Count), Options(cancellationToken), async (index, token) =>
        {
            var file = corpus[index];
            var user = stack.CreateToken($"reliability-{run}-hostile-{index / UploadsPerUser}");
            var outcome = await ProbeScanner.ScanAsync(client, user, file.Name, file.ContentType, file.Content, timeout, token);
            if (outcome.InvoiceId is not null)
                created.Add(new Created(outcome.InvoiceId, user));
            var history = outcome.InvoiceId is null ? "" : (await client.HistoryAsync(user, outcome.InvoiceId, token)).Text;
            Judge(tally, file, outcome, history);
        });
        await CheckNothingElseAsync(stack, client, run, (corpus.Count + UploadsPerUser - 1) / UploadsPerUser, created, tally, cancellationToken);
        return tally;
    }

    /// <summary>Each user lists exactly the invoices we saw created: a refused POST (the 10 MB + 1 file) made none.</summary>
    private static async Task CheckNothingElseAsync(LocalStack stack, InvoiceApiClient client, string run, int users,
        ConcurrentBag<Created> created, ProbeTally tally, CancellationToken cancellationToken)
    {
        var ours = created.Select(c => c.InvoiceId).ToHashSet(StringComparer.Ordinal);
        for (var user = 0; user < users; user++)
        {
            var token = stack.CreateToken($"reliability-{run}-hostile-{user}");
            var list = await client.ListAsync(token, "limit=100", cancellationToken);
            var unknown = list.Body?.Items.Select(i => i.InvoiceId).Where(id => !ours.Contains(id)).ToList();
            if (unknown is null)
                tally.Wrong($"GET /invoices of hostile user {user}: {(int)list.Status} {Excerpt(list.Text)}");
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
            tally.Leak($"{where}: the reply carries {leak}: {Excerpt(outcome.Text + history)}");
        switch (outcome.End)
        {
            case ScanEnd.Lost:
                tally.Lose($"{where}: lost ({outcome.Detail}): {Excerpt(outcome.Text)}");
                return;
            case ScanEnd.Stuck:
                tally.Stick($"{where}: {outcome.Detail} after {outcome.Seconds:0} s");
                return;
            case ScanEnd.Terminal:
                tally.Seconds.Add(outcome.Seconds);
                break;
        }
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

    private static async Task<ProbeTally> PanAsync(LocalStack stack, InvoiceApiClient client, IReadOnlyList<PanReceipt> receipts, string run,
        TimeSpan timeout, ConcurrentBag<Created> created, CancellationToken cancellationToken)
    {
        var tally = new ProbeTally("3. Card numbers (PAN)",
            "a terminal status showing the receipt's total (its text was read), and neither GET /invoices/{id} nor its /history contains the card's full digits (leaked = such responses).");
        var user = stack.CreateToken($"reliability-{run}-pan");
        await Parallel.ForEachAsync(receipts, Options(cancellationToken), async (receipt, token) =>
        {
            tally.Try();
            var outcome = await ProbeScanner.ScanAsync(client, user, receipt.Name, "application/pdf", receipt.Content, timeout, token);
            if (outcome.InvoiceId is not null)
                created.Add(new Created(outcome.InvoiceId, user));
            tally.Count($"{receipt.Format}: {outcome.Detail} {outcome.FailureCode}".Trim());
            if (outcome.End != ScanEnd.Terminal)
            {
                (outcome.End == ScanEnd.Stuck ? (Action<string>)tally.Stick : tally.Lose)($"{receipt.Name}: {outcome.Detail}");
                return;
            }
            tally.Seconds.Add(outcome.Seconds);
            var history = await client.HistoryAsync(user, outcome.InvoiceId!, token);
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

    private static async Task<ProbeTally> CrossTenantAsync(InvoiceApiClient client, string intruder, ConcurrentBag<Created> created,
        CancellationToken cancellationToken)
    {
        var tally = new ProbeTally("2. Cross-tenant",
            "another user's GET /invoices/{id}, GET …/history, PATCH, POST …/approve and POST …/reprocess all answer 404 (a non-404 is counted as leaked, a 5xx as lost).");
        await Parallel.ForEachAsync(created.Select(c => c.InvoiceId).Distinct(), Options(cancellationToken), async (id, token) =>
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
                    tally.Lose($"{route} {id}: {(int)status} {Excerpt(text)}");
                else
                    tally.Leak($"{route} {id}: {(int)status} {Excerpt(text)}");
            }
        });
        return tally;
    }

    private static ParallelOptions Options(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };

    /// <summary>Where a reply shows the printed number (which JSON property), when it shows it as printed.</summary>
    private static string Around(string text, string printed)
    {
        var at = text.IndexOf(printed, StringComparison.Ordinal);
        return at < 0 ? "" : $", after `{text[Math.Max(0, at - 80)..at].Replace('`', '\'')}`";
    }

    private static string Excerpt(string text) => text.Length <= 200 ? text : text[..200] + "…";

    private static string Report(IReadOnlyList<ProbeTally> probes, int files, bool quick, DateTime started, DateTime finished)
    {
        var text = new StringBuilder();
        text.AppendLine("# Reliability").AppendLine();
        text.AppendLine("Generated by `make reliability` (`dotnet run --project local/InvoiceScanner.LocalHost -c Release -- reliability`): the local");
        text.AppendLine("stack, driven through its HTTP API as a client would. Do not edit by hand; run it again.").AppendLine();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"- Run: {started:yyyy-MM-dd HH:mm} – {finished:HH:mm} UTC{(quick ? " (--quick)" : "")}, seed {Seed}, {files} hostile files, {Parallelism} uploads at once"));
        text.AppendLine($"- Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}").AppendLine();
        text.AppendLine("Lost: the API lost track (404 for our invoice, or a 5xx). Stuck: not terminal after 3 minutes. Leaked: a reply with a");
        text.AppendLine(".NET exception name, a stack trace, a local file's content (XXE), another user's invoice, or a card number.");
        text.AppendLine($"Times: seconds from the end of the upload to a terminal status, polled every {ProbeScanner.PollInterval.TotalMilliseconds:0} ms.").AppendLine();
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
