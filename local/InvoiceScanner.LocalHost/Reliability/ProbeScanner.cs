using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using InvoiceScanner.LocalHost.Demo;

namespace InvoiceScanner.LocalHost.Reliability;

/// <summary>How one upload ended, as the client saw it.</summary>
public enum ScanEnd { Refused, Terminal, Lost, Stuck, Failed }

public sealed record ScanOutcome(ScanEnd End, string? InvoiceId, string? Status, string? FailureCode, string Text, double Seconds, string Detail);

/// <summary>Uploads one file through the API as a user would and follows it to a terminal status, never throwing for what the API answers.</summary>
public static partial class ProbeScanner
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public static async Task<ScanOutcome> ScanAsync(InvoiceApiClient client, string token, string name, string contentType, byte[] content,
        TimeSpan timeout, CancellationToken cancellationToken, TimeSpan? pollInterval = null)
    {
        var created = await client.CreateAsync(token, name, contentType, content.Length, cancellationToken);
        if (created.Status == HttpStatusCode.BadRequest)
            return new(ScanEnd.Refused, null, null, null, created.Text, 0, "POST 400");
        if ((int)created.Status >= 500)
            return new(ScanEnd.Lost, null, null, null, created.Text, 0, $"POST {(int)created.Status}");
        if (created.Body is null)
            return new(ScanEnd.Failed, null, null, null, created.Text, 0, $"POST {(int)created.Status}");
        var id = created.Body.InvoiceId;
        var put = await client.UploadAsync(created.Body.Upload, content, cancellationToken);
        if (put != HttpStatusCode.OK)
            return new(ScanEnd.Failed, id, null, null, "", 0, $"PUT {(int)put}");
        return await FollowAsync(client, token, id, timeout, cancellationToken, pollInterval);
    }

    public static async Task<ScanOutcome> FollowAsync(InvoiceApiClient client, string token, string id, TimeSpan timeout, CancellationToken cancellationToken,
        TimeSpan? pollInterval = null)
    {
        var clock = Stopwatch.StartNew();
        string? lastStatus = null;
        var lastText = "";
        while (clock.Elapsed < timeout)
        {
            var view = await client.GetAsync(token, id, cancellationToken);
            lastText = view.Text;
            if (view.Status == HttpStatusCode.NotFound || (int)view.Status >= 500)
                return new(ScanEnd.Lost, id, lastStatus, null, view.Text, clock.Elapsed.TotalSeconds, $"GET {(int)view.Status}");
            lastStatus = view.Body?.Status ?? lastStatus;
            if (InvoiceApiClient.IsTerminal(view.Body?.Status))
                return new(ScanEnd.Terminal, id, view.Body!.Status, view.Body.Failure?.Code, view.Text, clock.Elapsed.TotalSeconds, view.Body.Status);
            await Task.Delay(pollInterval ?? PollInterval, cancellationToken);
        }
        return new(ScanEnd.Stuck, id, lastStatus, null, lastText, clock.Elapsed.TotalSeconds, $"still {lastStatus ?? "unknown"}");
    }

    /// <summary>
    /// Why a reply leaks, or null: a .NET exception name or stack frame (internals a client must not see), or the
    /// content of a local file an XXE entity pointed at.
    /// </summary>
    public static string? Leak(string text)
    {
        if (text.Contains(HostileFiles.CanaryContent, StringComparison.Ordinal))
            return "the XXE canary file's content";
        if (text.Contains(HostileFiles.PasswdMarker, StringComparison.Ordinal))
            return "/etc/passwd content";
        if (ExceptionName().Match(text) is { Success: true } exception)
            return $"exception name {exception.Value}";
        return StackFrame().IsMatch(text) ? "a stack trace" : null;
    }

    [GeneratedRegex(@"\b[A-Z]\w+Exception\b")]
    private static partial Regex ExceptionName();

    [GeneratedRegex(@"\bat [\w.`<>\[\]]+\.[\w<>]+\(")]
    private static partial Regex StackFrame();
}
