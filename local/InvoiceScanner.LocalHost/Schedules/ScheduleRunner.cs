using System.Globalization;
using InvoiceScanner.LocalHost.Runtime;

namespace InvoiceScanner.LocalHost.Schedules;

/// <summary>
/// EventBridge schedules, as template.yaml declares them (<see cref="LocalFleet.Schedules"/>): every interval the
/// function is invoked asynchronously with a scheduled event, retried like any asynchronous invocation.
/// </summary>
public sealed class ScheduleRunner : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];

    /// <param name="every">Overrides every schedule's interval (tests); null keeps the template's.</param>
    public ScheduleRunner(IReadOnlyList<FunctionSchedule> schedules, IReadOnlyDictionary<string, FunctionRuntime> functions, string region,
        TimeSpan? every, TimeSpan retryDelay, StackLog log)
    {
        foreach (var schedule in schedules)
        {
            if (!functions.TryGetValue(schedule.FunctionLogicalId, out var function))
                continue;
            _loops.Add(RunAsync(function, region, every ?? schedule.Every, retryDelay, log));
        }
    }

    private async Task RunAsync(FunctionRuntime function, string region, TimeSpan every, TimeSpan retryDelay, StackLog log)
    {
        using var timer = new PeriodicTimer(every);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
                await AsyncInvocation.DeliverAsync(function, Tick(function, region), InvocationSource.Schedule, "scheduled event", retryDelay, log, _stopping.Token);
        }
        catch (OperationCanceledException)
        {
            // The stack is stopping.
        }
    }

    /// <summary>EventBridge's scheduled event, as a deployed schedule delivers it.</summary>
    private static byte[] Tick(FunctionRuntime function, string region)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("version", "0");
            json.WriteString("id", Guid.NewGuid().ToString());
            json.WriteString("detail-type", "Scheduled Event");
            json.WriteString("source", "aws.events");
            json.WriteString("account", FunctionRuntime.AccountId);
            json.WriteString("time", DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            json.WriteString("region", region);
            json.WriteStartArray("resources");
            json.WriteStringValue($"arn:aws:events:{region}:{FunctionRuntime.AccountId}:rule/{function.Name}Schedule");
            json.WriteEndArray();
            json.WriteStartObject("detail");
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_loops);
        _stopping.Dispose();
    }
}
