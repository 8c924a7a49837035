using System.Net;
using System.Text;
using System.Text.Json;
using InvoiceScanner.LocalHost;
using InvoiceScanner.LocalHost.Runtime;

namespace InvoiceScanner.IntegrationTests;

/// <summary>
/// Several execution environments per function: a busy function starts another process on demand (up to the limit),
/// overlapping invocations then run side by side, each process keeps its own Runtime API, and one crashing leaves the
/// other's invocation alone.
/// </summary>
public sealed class FunctionInstancesTests(EchoStackFixture fixture) : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    /// <summary>Invocations of the echo "wait" action stay in flight until this file exists.</summary>
    private readonly string _gate = Path.Combine(Path.GetTempPath(), $"invoicescanner-gate-{Guid.NewGuid():N}");

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_two_instances_two_slow_invocations_run_at_the_same_time_in_two_processes()
    {
        await using var function = await StartEchoAsync(maxInstances: 2);
        Assert.Equal(1, function.InstanceCount); // idle: one process, as before any scale-out

        var invocations = new[] { InvokeAsync(function, Held("a")), InvokeAsync(function, Held("b")) };

        // Both are taken while neither can finish: they run side by side.
        Assert.True(await Journal.WaitUntilAsync(j => j.Count(r => r.StartedAt is not null) == 2, Wait, Cancellation), "the second invocation did not start");
        Assert.All(Journal.Snapshot(), r => Assert.Null(r.CompletedAt));
        Release();
        var results = await Task.WhenAll(invocations);
        Assert.All(results, r => Assert.Equal(InvocationOutcome.Success, r.Outcome));
        Assert.NotEqual(Pid(results[0]), Pid(results[1]));
        Assert.Equal(new[] { 1, 2 }, Journal.Snapshot().Select(r => r.Instance!.Value).Order());
        Assert.Equal(2, function.InstanceCount);
    }

    [Fact]
    public async Task With_one_instance_slow_invocations_run_one_after_the_other_in_one_process()
    {
        await using var function = await StartEchoAsync(maxInstances: 1);

        var results = await Task.WhenAll(InvokeAsync(function, Sleep("a", 1000)), InvokeAsync(function, Sleep("b", 1000)));

        Assert.All(results, r => Assert.Equal(InvocationOutcome.Success, r.Outcome));
        var records = Journal.Snapshot().OrderBy(r => r.StartedAt).ToList();
        Assert.Equal(2, records.Count);
        Assert.True(records[1].StartedAt >= records[0].CompletedAt, "the second invocation should start after the first finished");
        Assert.Equal(Pid(results[0]), Pid(results[1]));
        Assert.Equal(1, function.InstanceCount);
    }

    [Fact]
    public async Task A_crashing_instance_fails_only_its_own_invocation_and_is_replaced()
    {
        await using var function = await StartEchoAsync(maxInstances: 2);
        var held = InvokeAsync(function, Held("survivor"));
        Assert.True(await Journal.WaitUntilAsync(j => j.Any(r => r.StartedAt is not null), Wait, Cancellation));

        var crashed = await InvokeAsync(function, """{"action":"crash"}""");
        Release();
        var survived = await held;

        Assert.Equal(InvocationOutcome.RuntimeExit, crashed.Outcome);
        Assert.Equal(InvocationOutcome.Success, survived.Outcome);
        Assert.Equal("survivor", Event(survived).GetProperty("tag").GetString());
        var records = Journal.Snapshot();
        Assert.NotEqual(records.Single(r => r.RequestId == crashed.RequestId).Instance, records.Single(r => r.RequestId == survived.RequestId).Instance);
        // The crashed instance gets a new process: two instances, one replacement.
        Assert.True(await EventuallyAsync(() => function.ProcessStarts == 3 && function.ProcessIds.Count == 2), "the crashed instance was not replaced");
        var after = await InvokeAsync(function, """{"action":"echo"}""");
        Assert.Equal(InvocationOutcome.Success, after.Outcome);
    }

    [Fact]
    public async Task Each_instance_has_its_own_Runtime_API_and_cannot_answer_for_another_s_invocation()
    {
        await using var function = await StartEchoAsync(maxInstances: 2);
        var invocations = new[] { InvokeAsync(function, Held("x")), InvokeAsync(function, Held("y")) };
        Assert.True(await Journal.WaitUntilAsync(j => j.Count(r => r.StartedAt is not null) == 2, Wait, Cancellation));
        var onFirst = Journal.Snapshot().Single(r => r.Instance == 1);
        var addresses = function.RuntimeApiAddresses;

        using var http = new HttpClient();
        using var content = new StringContent("{\"forged\":true}", Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(
            $"http://{addresses[1]}/2018-06-01/runtime/invocation/{onFirst.RequestId}/response", content, Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(2, addresses.Distinct().Count());
        Release();
        var results = await Task.WhenAll(invocations);
        Assert.Equal(new[] { "x", "y" }, results.Select(r => Event(r).GetProperty("tag").GetString()));
        var environment = await InvokeAsync(function, """{"action":"env"}""");
        Assert.Contains(Response(environment).GetProperty("environment").GetProperty("AWS_LAMBDA_RUNTIME_API").GetString(), addresses);
    }

    [Theory]
    [InlineData("0", null)]
    [InlineData(null, "many")]
    public async Task A_bad_instance_count_on_the_command_line_or_in_the_environment_is_a_usage_error(string? option, string? variable)
    {
        var arguments = option is null ? new[] { "up" } : ["up", "--function-instances", option];
        var environment = variable is null
            ? new Dictionary<string, string>()
            : new Dictionary<string, string> { ["INVOICESCANNER_FUNCTION_INSTANCES"] = variable };

        var result = await HostCommand.RunAsync(arguments, environment, TimeSpan.FromMinutes(1), Cancellation);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--function-instances must be a whole number from 1 to 32, not '{option ?? variable}'", result.StandardError, StringComparison.Ordinal);
    }

    private InvocationJournal Journal { get; } = new();

    /// <summary>The echo function as GetInvoicesFunction, in its own runtime (not the shared stack's), with a roomy timeout.</summary>
    private async Task<FunctionRuntime> StartEchoAsync(int maxInstances)
    {
        var definition = LocalFleet.Find(LocalFleet.GetInvoicesFunction)!;
        var environment = new Dictionary<string, string> { ["PATH"] = Environment.GetEnvironmentVariable("PATH")! };
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } dotnetRoot)
            environment["DOTNET_ROOT"] = dotnetRoot;
        var function = new FunctionRuntime(definition, FunctionLaunch.Locate(fixture.Stack.Options.FunctionsDirectory, definition.LogicalId),
            TimeSpan.FromSeconds(30), "us-east-1", environment, fixture.Stack.Log, Journal, maxInstances);
        try
        {
            await function.StartAsync(Cancellation);
            return function;
        }
        catch
        {
            await function.DisposeAsync();
            throw;
        }
    }

    private static string Sleep(string tag, int ms) => $$"""{"action":"sleep","ms":{{ms}},"tag":"{{tag}}"}""";

    private string Held(string tag) => JsonSerializer.Serialize(new Dictionary<string, string> { ["action"] = "wait", ["file"] = _gate, ["tag"] = tag });

    private void Release() => File.WriteAllText(_gate, "go");

    private Task<InvocationResult> InvokeAsync(FunctionRuntime function, string json) =>
        function.InvokeAsync(Encoding.UTF8.GetBytes(json), InvocationSource.Direct, cancellationToken: Cancellation)
            .WaitAsync(TimeSpan.FromSeconds(90), Cancellation);

    /// <summary>Process starts are seen asynchronously: waits (bounded) until <paramref name="condition"/> holds.</summary>
    private async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        for (var attempt = 0; attempt < 300 && !condition(); attempt++)
            await Task.Delay(100, Cancellation);
        return condition();
    }

    private static JsonElement Response(InvocationResult result) => JsonDocument.Parse(result.Payload).RootElement.Clone();

    private static JsonElement Event(InvocationResult result) => Response(result).GetProperty("event");

    private static int Pid(InvocationResult result) => Response(result).GetProperty("pid").GetInt32();

    public void Dispose() => File.Delete(_gate);
}
