using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using InvoiceScanner.LocalHost;

namespace InvoiceScanner.IntegrationTests;

/// <summary>The `invoke` and `token` commands, run as separate processes.</summary>
public sealed class CommandTests(EchoStackFixture fixture) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("invoicescanner-commands-").FullName;

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Invoke_with_its_own_stack_seeds_objects_and_prints_the_response_json()
    {
        using var functions = EchoFunctions();
        var eventFile = Write("event.json", """{"action":"echo","hello":"world"}""");
        var seeded = Write("seed.pdf", "%PDF-1.4 seed");

        var result = await HostCommand.RunAsync(
            ["invoke", LocalFleet.ProcessInvoiceFunction, eventFile, "--functions", functions.Path, "--put", $"uploads/u/i/seed.pdf={seeded}"],
            Environment(), TimeSpan.FromMinutes(2), Cancellation);

        Assert.True(result.ExitCode == 0, result.StandardError);
        using var response = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal("world", response.RootElement.GetProperty("event").GetProperty("hello").GetString());
        Assert.Equal(LocalFleet.ProcessInvoiceFunction, response.RootElement.GetProperty("function").GetString());
        Assert.Contains("put s3://invoicescanner-local/uploads/u/i/seed.pdf", result.StandardError, StringComparison.Ordinal);
        Assert.Contains($"[{LocalFleet.ProcessInvoiceFunction}] echo: handling", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_against_a_running_stack_exits_non_zero_with_the_error_body_when_the_function_fails()
    {
        using var functions = EchoFunctions();
        var eventFile = Write("error.json", """{"action":"error"}""");

        var result = await HostCommand.RunAsync(
            ["invoke", LocalFleet.GetInvoicesFunction, eventFile, "--functions", functions.Path, "--no-stack",
             "--s3-port", fixture.Stack.Endpoints.S3.Port.ToString(), "--dynamodb-port", fixture.Stack.Endpoints.DynamoDb.Port.ToString()],
            Environment(), TimeSpan.FromMinutes(1), Cancellation);

        Assert.Equal(1, result.ExitCode);
        using var error = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal("EchoError", error.RootElement.GetProperty("errorType").GetString());
        Assert.Equal("failed on purpose", error.RootElement.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task Invoke_rejects_an_unknown_function()
    {
        var eventFile = Write("event.json", "{}");

        var result = await HostCommand.RunAsync(["invoke", "NoSuchFunction", eventFile], Environment(), TimeSpan.FromMinutes(1), Cancellation);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Unknown function 'NoSuchFunction'", result.StandardError, StringComparison.Ordinal);
        Assert.Equal("", result.StandardOutput);
    }

    [Fact]
    public async Task Token_prints_a_JWT_that_the_HTTP_API_accepts_for_that_user_with_its_groups()
    {
        // Same state folder = same signing key as the running stack.
        var result = await HostCommand.RunAsync(["token", "cli-user", "--ttl-minutes", "5", "--group", "operators", "--group", "auditors"],
            new Dictionary<string, string> { ["INVOICESCANNER_STATE_DIR"] = fixture.Stack.Options.StateDirectory },
            TimeSpan.FromMinutes(1), Cancellation);
        Assert.True(result.ExitCode == 0, result.StandardError);
        var token = result.StandardOutput.Trim();

        using var request = new HttpRequestMessage(HttpMethod.Get, $"{fixture.ApiUrl}/invoices");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await fixture.Http.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echoed = await JwtAuthorizerTests.EchoedRequestAsync(response);
        Assert.Equal("cli-user", echoed.GetClaim("sub"));
        // API Gateway's flattening of the groups array, which RequireActor reads as an operator.
        Assert.Equal("[operators auditors]", echoed.GetClaim("cognito:groups"));
        Assert.True(InvoiceScanner.Triggers.Http.ApiRequests.RequireActor(echoed).IsOperator);
    }

    private Dictionary<string, string> Environment() => new() { ["INVOICESCANNER_STATE_DIR"] = Path.Combine(_root, "state") };

    private static FunctionsFolder EchoFunctions() =>
        new(LocalFleet.Functions.ToDictionary(f => f.LogicalId, _ => StackPaths.EchoFunctionBuild));

    private string Write(string name, string content)
    {
        var path = Path.Combine(_root, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
