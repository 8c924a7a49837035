using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using InvoiceScanner.Core.Api;
using InvoiceScanner.Core.Review;
using InvoiceScanner.LocalHost.Emulators;

namespace InvoiceScanner.LocalHost.Reliability;

/// <summary>
/// 4. S3 events as S3 may deliver them: duplicated while the file is read, replayed after the result (also with an
/// event time past the upload URL's expiry), early (before the object exists, with and without a later upload), out
/// of order (a batch's events again, newest first, the OCR stage's before the upload's), and for keys no invoice
/// owns (an object beside a pending upload, an object of no invoice, malformed keys, an OCR key of a pending invoice).
/// </summary>
public sealed class EventProbe(ProbeContext context, S3EventInjector events, IAmazonS3 s3)
{
    private static readonly TimeSpan HandlingTimeout = TimeSpan.FromSeconds(90);

    private readonly ProbeTally _tally = new("4. S3 events",
        "duplicated, replayed and out-of-order events change nothing (one claim per stage, the same version and history after a replay); an early event waits for its upload or ends FAILED FILE_MISSING, which the upload's own event reopens; a foreign object is removed unread, the invoice beside it still takes its own file; an event for a malformed or unowned key is answered without a function error.");

    private int _sequence;

    public async Task<ProbeTally> RunAsync(CancellationToken cancellationToken)
    {
        var rounds = context.Quick ? 1 : 5;
        Func<int, CancellationToken, Task>[] cases = [DuplicateAsync, ReplayAsync, EarlyAsync, EarlyNeverUploadedAsync, OutOfOrderAsync,
            BesideAsync, OrphanAsync, MalformedAsync, OcrKeyOfPendingAsync];
        var work = Enumerable.Range(0, rounds).SelectMany(round => cases.Select(run => (Run: run, Round: round))).ToList();
        await Parallel.ForEachAsync(work, context.Options(cancellationToken), async (item, token) => await item.Run(item.Round, token));
        return _tally;
    }

    private async Task DuplicateAsync(int round, CancellationToken cancellationToken)
    {
        var (pending, content) = await NewInvoiceAsync("duplicate", round, cancellationToken);
        if (pending is null)
            return;
        // Three more deliveries of the upload's event while the real one is on its way.
        var put = context.Client.UploadAsync(pending.Upload, content, cancellationToken);
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => events.DeliverAsync(pending.UploadKey, DateTime.UtcNow, content.Length, cancellationToken)));
        if (await put != HttpStatusCode.OK)
        {
            _tally.Wrong($"duplicate {pending.InvoiceId}: PUT {(int)await put}");
            return;
        }
        await JudgeReadOnceAsync("duplicate", pending, cancellationToken);
    }

    private async Task ReplayAsync(int round, CancellationToken cancellationToken)
    {
        var (pending, content) = await NewInvoiceAsync("replay", round, cancellationToken);
        if (pending is null || !await UploadAndFollowAsync("replay", pending, content, cancellationToken))
            return;
        var before = await SnapshotAsync(pending, cancellationToken);
        var since = DateTimeOffset.UtcNow;
        await events.DeliverAsync(pending.UploadKey, DateTime.UtcNow, content.Length, cancellationToken);
        await events.DeliverAsync(pending.OcrKey, DateTime.UtcNow, 0, cancellationToken);
        // The original event time of a replay a week later is past the URL's expiry: still not a late upload.
        await events.DeliverAsync(pending.UploadKey, pending.Upload.ExpiresAt.UtcDateTime.AddHours(1), content.Length, cancellationToken);
        await JudgeUnchangedAsync("replay", pending, before, since, deliveries: 3, cancellationToken);
    }

    private async Task EarlyAsync(int round, CancellationToken cancellationToken)
    {
        var (pending, content) = await NewInvoiceAsync("early", round, cancellationToken);
        if (pending is null)
            return;
        await events.DeliverAsync(pending.UploadKey, DateTime.UtcNow, content.Length, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(1.5), cancellationToken);
        if (await UploadAndFollowAsync("early", pending, content, cancellationToken))
            Pass();
    }

    private async Task EarlyNeverUploadedAsync(int round, CancellationToken cancellationToken)
    {
        var (pending, content) = await NewInvoiceAsync("early-then-late-upload", round, cancellationToken);
        if (pending is null)
            return;
        await events.DeliverAsync(pending.UploadKey, DateTime.UtcNow, content.Length, cancellationToken);
        var failed = await ProbeScanner.FollowAsync(context.Client, pending.Token, pending.InvoiceId, ProbeContext.Timeout, cancellationToken);
        _tally.Count($"early, no object: {failed.Status} {failed.FailureCode}".TrimEnd());
        if (failed.End != ScanEnd.Terminal || failed.FailureCode != "FILE_MISSING")
        {
            Judge("early-then-late-upload (before the upload)", pending, failed, expectFailure: "FILE_MISSING");
            return;
        }
        if (await UploadAndFollowAsync("early-then-late-upload", pending, content, cancellationToken, leaving: "FAILED"))
            Pass();
    }

    private async Task OutOfOrderAsync(int round, CancellationToken cancellationToken)
    {
        var batch = new List<(PendingUpload Pending, int Size, InvoiceSnapshot Before)>();
        for (var i = 0; i < 4; i++)
        {
            var (pending, content) = await NewInvoiceAsync("out-of-order", round, cancellationToken);
            if (pending is null || !await UploadAndFollowAsync("out-of-order", pending, content, cancellationToken))
                continue;
            batch.Add((pending, content.Length, await SnapshotAsync(pending, cancellationToken)));
        }
        var since = DateTimeOffset.UtcNow;
        foreach (var (pending, size, _) in Enumerable.Reverse(batch))
        {
            var stale = DateTime.UtcNow.AddMinutes(-5);
            await events.DeliverAsync(pending.OcrKey, stale, 0, cancellationToken);
            await events.DeliverAsync(pending.UploadKey, stale, size, cancellationToken);
        }
        foreach (var (pending, _, before) in batch)
            await JudgeUnchangedAsync("out-of-order", pending, before, since, deliveries: 2, cancellationToken);
    }

    /// <summary>An object written straight to the invoice's folder (not through its URL) is removed; the real upload still works.</summary>
    private async Task BesideAsync(int round, CancellationToken cancellationToken)
    {
        var (pending, content) = await NewInvoiceAsync("beside", round, cancellationToken);
        if (pending is null)
            return;
        var marker = Marker();
        var foreign = $"uploads/{pending.UserId}/{pending.InvoiceId}/beside-{marker}.pdf";
        var since = DateTimeOffset.UtcNow;
        await PutObjectAsync(foreign, HostileFiles.TextPdf("FOREIGN-1", 999.99m), cancellationToken);
        var handling = await events.HandlingAsync(marker, since, HandlingTimeout, cancellationToken);
        _tally.Count($"object beside a pending upload: {handling.Kinds}");
        var view = await context.Client.GetAsync(pending.Token, pending.InvoiceId, cancellationToken);
        var left = await ExistsAsync(foreign, cancellationToken);
        if (!handling.Clean || left || view.Body?.Status != "AWAITING_UPLOAD")
        {
            _tally.Try();
            _tally.Wrong($"beside {pending.InvoiceId}: handled {handling.Kinds}, object {(left ? "still there" : "removed")}, invoice {view.Body?.Status ?? ((int)view.Status).ToString(CultureInfo.InvariantCulture)}");
            return;
        }
        if (!await UploadAndFollowAsync("beside", pending, content, cancellationToken))
            return;
        var after = await context.Client.GetAsync(pending.Token, pending.InvoiceId, cancellationToken);
        _tally.Try();
        if (after.Body?.Document?.Sha256 == Convert.ToHexStringLower(SHA256.HashData(content)))
            _tally.Right();
        else
            _tally.Wrong($"beside {pending.InvoiceId}: the stored document's hash is not the uploaded file's ({after.Body?.Document?.Sha256})");
    }

    /// <summary>An object under a user and invoice id that no POST made: removed, and the user has no invoice.</summary>
    private async Task OrphanAsync(int round, CancellationToken cancellationToken)
    {
        _tally.Try();
        var who = $"events-orphan-{round}";
        var marker = Marker();
        var key = $"uploads/{context.UserId(who)}/{Guid.NewGuid():N}/orphan-{marker}.pdf";
        var since = DateTimeOffset.UtcNow;
        await PutObjectAsync(key, HostileFiles.TextPdf("ORPHAN-1", 10m), cancellationToken);
        var handling = await events.HandlingAsync(marker, since, HandlingTimeout, cancellationToken);
        _tally.Count($"object of no invoice: {handling.Kinds}");
        var list = await context.Client.ListAsync(context.Token(who), "limit=100", cancellationToken);
        var count = list.Body?.Items.Count ?? -1;
        if (handling.Clean && !await ExistsAsync(key, cancellationToken) && count == 0)
            _tally.Right();
        else
            _tally.Wrong($"orphan {key}: handled {handling.Kinds}, the user lists {count} invoices (none expected)");
    }

    /// <summary>Events for keys that are not an invoice's (no object behind them): answered, not retried.</summary>
    private async Task MalformedAsync(int round, CancellationToken cancellationToken)
    {
        var marker = Marker();
        string[] keys =
        [
            $"uploads/{marker}", $"uploads/../../etc/{marker}", $"uploads/u/{marker}/", $"uploads/u/{marker}/" + new string('a', 900),
            $"uploads/%ZZ{marker}/i/x.pdf", $"ocr/{marker}.json", $"ocr/nobody-{marker}/none.json", $"ocr/u/../{marker}.json",
        ];
        foreach (var (key, index) in keys.Select((k, i) => (k, i)))
        {
            _tally.Try();
            var since = DateTimeOffset.UtcNow;
            await events.DeliverAsync(key, DateTime.UtcNow, 100, cancellationToken);
            var handling = await events.HandlingAsync(marker, since, HandlingTimeout, cancellationToken);
            _tally.Count($"malformed key {index + 1}: {handling.Kinds}");
            if (handling.Clean && handling.Attempts.Count == 1)
                _tally.Right();
            else
                _tally.Wrong($"malformed key {Shorten(key)}: {handling.Attempts.Count} attempts, {handling.Kinds}");
        }
    }

    /// <summary>An OCR-stage event for an invoice still waiting for its file: it must not end the invoice.</summary>
    private async Task OcrKeyOfPendingAsync(int round, CancellationToken cancellationToken)
    {
        var (pending, content) = await NewInvoiceAsync("ocr-key-of-pending", round, cancellationToken);
        if (pending is null)
            return;
        var since = DateTimeOffset.UtcNow;
        await events.DeliverAsync(pending.OcrKey, DateTime.UtcNow, 100, cancellationToken);
        var handling = await events.HandlingAsync(pending.InvoiceId, since, HandlingTimeout, cancellationToken);
        _tally.Count($"OCR key of a pending invoice: {handling.Kinds}");
        if (await UploadAndFollowAsync("ocr-key-of-pending", pending, content, cancellationToken))
            Pass();
    }

    private async Task<(PendingUpload? Pending, byte[] Content)> NewInvoiceAsync(string kind, int round, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _sequence);
        var content = HostileFiles.TextPdf($"EV-{n:D4}", 100 + n);
        var (pending, answer) = await context.CreateAsync(context.Token($"events-{kind}-{round}"), $"{kind}.pdf", "application/pdf", content, cancellationToken);
        if (pending is null)
        {
            _tally.Try();
            _tally.Lose($"{kind}: {answer}");
        }
        return (pending, content);
    }

    /// <summary>
    /// PUTs the file and follows the invoice to COMPLETED or NEEDS_REVIEW (past <paramref name="leaving"/>): true then
    /// (the caller counts the try), false after counting and judging anything else.
    /// </summary>
    private async Task<bool> UploadAndFollowAsync(string kind, PendingUpload pending, byte[] content, CancellationToken cancellationToken, string? leaving = null)
    {
        var put = await context.Client.UploadAsync(pending.Upload, content, cancellationToken);
        if (put != HttpStatusCode.OK)
        {
            _tally.Try();
            _tally.Wrong($"{kind} {pending.InvoiceId}: PUT {(int)put}");
            return false;
        }
        var outcome = await FollowPastAsync(pending, leaving, cancellationToken);
        if (outcome.End == ScanEnd.Terminal && outcome.Status is "COMPLETED" or "NEEDS_REVIEW")
        {
            _tally.Seconds.Add(outcome.Seconds);
            return true;
        }
        Judge(kind, pending, outcome, expectFailure: null);
        return false;
    }

    private async Task<ScanOutcome> FollowPastAsync(PendingUpload pending, string? leaving, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + ProbeContext.Timeout;
        while (true)
        {
            var outcome = await ProbeScanner.FollowAsync(context.Client, pending.Token, pending.InvoiceId, deadline - DateTime.UtcNow, cancellationToken);
            if (outcome.End != ScanEnd.Terminal || outcome.Status != leaving || DateTime.UtcNow >= deadline)
                return outcome;
            await Task.Delay(ProbeScanner.PollInterval, cancellationToken);
        }
    }

    private void Pass()
    {
        _tally.Try();
        _tally.Right();
    }

    private void Judge(string kind, PendingUpload pending, ScanOutcome outcome, string? expectFailure)
    {
        _tally.Try();
        var where = $"{kind} {pending.InvoiceId}";
        if (_tally.Ended(outcome, where))
            _tally.Wrong($"{where}: {outcome.Status} {outcome.FailureCode}{(expectFailure is null ? "" : $" (expected {expectFailure})")}");
    }

    private async Task JudgeReadOnceAsync(string kind, PendingUpload pending, CancellationToken cancellationToken)
    {
        var outcome = await ProbeScanner.FollowAsync(context.Client, pending.Token, pending.InvoiceId, ProbeContext.Timeout, cancellationToken);
        if (outcome.End != ScanEnd.Terminal || outcome.Status is not ("COMPLETED" or "NEEDS_REVIEW"))
        {
            Judge(kind, pending, outcome, expectFailure: null);
            return;
        }
        _tally.Try();
        _tally.Seconds.Add(outcome.Seconds);
        var history = await context.Client.HistoryAsync(pending.Token, pending.InvoiceId, cancellationToken);
        var claims = Claims(history.Body);
        _tally.Count($"{kind}: claims {claims}");
        if (claims == "PROCESSING×1 EXTRACTING×1")
            _tally.Right();
        else
            _tally.Wrong($"{kind} {pending.InvoiceId}: the pipeline claimed {claims} (once each expected)");
    }

    private async Task JudgeUnchangedAsync(string kind, PendingUpload pending, InvoiceSnapshot before, DateTimeOffset since, int deliveries,
        CancellationToken cancellationToken)
    {
        _tally.Try();
        var handling = await events.HandlingAsync(pending.InvoiceId, since, HandlingTimeout, cancellationToken, deliveries);
        _tally.Count($"{kind}: {handling.Kinds}");
        var after = await SnapshotAsync(pending, cancellationToken);
        if (after == before && handling.Clean)
            _tally.Right();
        else
            _tally.Wrong($"{kind} {pending.InvoiceId}: {before} → {after}, deliveries {handling.Kinds}");
    }

    private sealed record InvoiceSnapshot(string? Status, long Version, int HistoryEntries, string Claims);

    private async Task<InvoiceSnapshot> SnapshotAsync(PendingUpload pending, CancellationToken cancellationToken)
    {
        var view = await context.Client.GetAsync(pending.Token, pending.InvoiceId, cancellationToken);
        var history = await context.Client.HistoryAsync(pending.Token, pending.InvoiceId, cancellationToken);
        return new InvoiceSnapshot(view.Body?.Status, view.Body?.Version ?? -1, history.Body?.Items.Count ?? -1, Claims(history.Body));
    }

    /// <summary>How often each pipeline stage claimed the invoice, e.g. "PROCESSING×1 EXTRACTING×1".</summary>
    private static string Claims(HistoryResponse? history) => string.Join(" ", (history?.Items ?? [])
        .Where(e => e.Kind == HistoryKinds.Status && e.Status is "PROCESSING" or "EXTRACTING")
        .GroupBy(e => e.Status!).OrderByDescending(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}×{g.Count()}"));

    private async Task PutObjectAsync(string key, byte[] content, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(content);
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = context.Stack.Options.BucketName, Key = key, InputStream = stream, ContentType = "application/pdf",
        }, cancellationToken);
    }

    private async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await s3.GetObjectMetadataAsync(context.Stack.Options.BucketName, key, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private static string Marker() => "m" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    private static string Shorten(string key) => key.Length <= 60 ? key : key[..60] + $"…({key.Length} chars)";

    public static IAmazonS3 CreateS3Client(LocalStack stack) => StackProvisioner.CreateS3Client(stack.Endpoints.S3, stack.Options.Region);
}
