using System.Diagnostics;
using System.Globalization;
using System.Net;
using InvoiceScanner.LocalHost.Demo;
using InvoiceScanner.LocalHost.Emulators;

namespace InvoiceScanner.LocalHost.Reliability;

/// <summary>
/// 5. The stores fail mid-flight: DynamoDB Local is killed (SIGKILL) and started again on its data, then the S3
/// emulator drops every connection and comes back, each while uploads are in every stage (created, uploading,
/// read, extracted). The client retries what failed, as a 5xx or a dropped connection asks it to; once the store is
/// back, every invoice must end read and carry its own file — nothing lost, nothing left in work.
/// </summary>
public sealed class OutageProbe(ProbeContext context)
{
    private static readonly TimeSpan CallBudget = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private int _retried;

    public async Task<ProbeTally> RunAsync(IReadOnlyList<MixedDocument> documents, TimeSpan down, CancellationToken cancellationToken)
    {
        var tally = new ProbeTally("5. Stores killed mid-flight",
            $"with DynamoDB Local killed and restarted (down {down.TotalSeconds:0} s), then S3 down {down.TotalSeconds:0} s, during {documents.Count} uploads each: every invoice COMPLETED or NEEDS_REVIEW with its own file's hash within {ProbeContext.Timeout.TotalMinutes:0} min of the restart (the client retries 5xx answers and dropped connections; counted in the outcomes).");
        foreach (var service in new[] { EmulatorService.DynamoDb, EmulatorService.S3 })
        {
            var scans = new List<Task>();
            Task? outage = null;
            for (var i = 0; i < documents.Count; i++)
            {
                var token = context.Token($"outage-{service}-{i / 20}");
                scans.Add(ScanThroughAsync(service, documents[i], token, tally, cancellationToken));
                // Half the uploads are under way (some read, some still uploading) when the store goes; the rest start while it is down.
                if (i == documents.Count / 2)
                    outage = context.Stack.OutageAsync(service, down, cancellationToken);
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }
            await (outage ?? Task.CompletedTask);
            await Task.WhenAll(scans);
        }
        tally.Count($"API calls retried after a 5xx or a dropped connection: {_retried}");
        return tally;
    }

    private async Task ScanThroughAsync(EmulatorService service, MixedDocument document, string token, ProbeTally tally, CancellationToken cancellationToken)
    {
        tally.Try();
        var where = $"{service}: {document.Name} ({document.Kind})";
        var created = await RetryAsync(() => context.Client.CreateAsync(token, document.Name, document.ContentType, document.Content.Length, cancellationToken),
            reply => (int)reply.Status < 500, reply => (int)reply.Status >= 500, cancellationToken);
        if (created?.Body is not { } invoice)
        {
            tally.Lose($"{where}: POST {(created is null ? "never answered" : $"{(int)created.Status} {ProbeContext.Excerpt(created.Text)}")}");
            return;
        }
        context.Created.Add(new CreatedInvoice(invoice.InvoiceId, token));
        // 412 on a retry: an earlier attempt stored the file and its answer was lost.
        var attempts = 0;
        var put = await RetryAsync<HttpStatusCode?>(async () =>
            {
                attempts++;
                return await context.Client.UploadAsync(invoice.Upload, document.Content, cancellationToken);
            }, status => (int)status! < 500, status => (int)status! >= 500, cancellationToken);
        if (put is not (HttpStatusCode.OK or HttpStatusCode.PreconditionFailed) || put == HttpStatusCode.PreconditionFailed && attempts == 1)
        {
            tally.Wrong($"{where} {invoice.InvoiceId}: PUT {(put is { } status ? ((int)status).ToString(CultureInfo.InvariantCulture) : "never answered")}");
            return;
        }
        var clock = Stopwatch.StartNew();
        var view = await RetryAsync(() => context.Client.GetAsync(token, invoice.InvoiceId, cancellationToken),
            reply => (int)reply.Status is >= 400 and < 500 || reply.Status == HttpStatusCode.OK && InvoiceApiClient.IsTerminal(reply.Body?.Status),
            reply => (int)reply.Status >= 500, cancellationToken, ProbeContext.Timeout, PollInterval);
        tally.Count($"{service}: {view?.Body?.Status ?? (view is null ? "no answer" : $"GET {(int)view.Status}")} {view?.Body?.Failure?.Code}".TrimEnd());
        if (view is null || view.Status != HttpStatusCode.OK)
        {
            (view?.Status == HttpStatusCode.NotFound || view is null ? (Action<string>)tally.Lose : tally.Wrong)(
                $"{where} {invoice.InvoiceId}: GET {(view is null ? "never answered" : $"{(int)view.Status} {ProbeContext.Excerpt(view.Text)}")}");
            return;
        }
        if (!InvoiceApiClient.IsTerminal(view.Body?.Status))
        {
            tally.Stick($"{where} {invoice.InvoiceId}: still {view.Body?.Status} after {clock.Elapsed.TotalSeconds:0} s");
            return;
        }
        tally.Seconds.Add(clock.Elapsed.TotalSeconds);
        if (view.Body!.Status is "COMPLETED" or "NEEDS_REVIEW" && document.IsStoredIn(view.Text))
            tally.Right();
        else
            tally.Wrong($"{where} {invoice.InvoiceId}: {view.Body.Status} {view.Body.Failure?.Code} {view.Body.Failure?.Message}, stored file {view.Body.Document?.Sha256 ?? "none"}, uploaded {document.Sha256}");
    }

    /// <summary>
    /// Calls until <paramref name="done"/> holds for the answer, with a growing pause (to <paramref name="interval"/>);
    /// a dropped connection or an answer <paramref name="failed"/> calls a failure is counted as a retried call. The
    /// last answer when the budget runs out, null if none came.
    /// </summary>
    private async Task<T?> RetryAsync<T>(Func<Task<T>> call, Func<T, bool> done, Func<T, bool> failed, CancellationToken cancellationToken,
        TimeSpan? budget = null, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + (budget ?? CallBudget);
        var pause = TimeSpan.FromMilliseconds(250);
        T? last = default;
        while (true)
        {
            var failure = true;
            try
            {
                last = await call();
                if (done(last))
                    return last;
                failure = failed(last);
            }
            catch (HttpRequestException)
            {
                // The store or the API dropped the connection: retried below.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The HTTP client's timeout: retried below.
            }
            if (DateTime.UtcNow >= deadline)
                return last;
            if (failure)
                Interlocked.Increment(ref _retried);
            await Task.Delay(pause, cancellationToken);
            pause = TimeSpan.FromTicks(Math.Min((interval ?? TimeSpan.FromSeconds(2)).Ticks, pause.Ticks * 2));
        }
    }
}
