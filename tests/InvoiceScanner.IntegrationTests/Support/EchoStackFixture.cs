using InvoiceScanner.LocalHost;

namespace InvoiceScanner.IntegrationTests.Support;

/// <summary>
/// One local stack for the stack's own tests, shared by the whole assembly: real emulators on free ports and the
/// echo test function standing in for every function. Short timeouts keep the timeout tests quick.
/// </summary>
public sealed class EchoStackFixture() : LocalStackFixture("echo-stack")
{
    public static readonly TimeSpan FunctionTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Set in this (the host's) process only: it must not leak into function processes.</summary>
    public const string HostOnlyVariable = "INVOICESCANNER_TEST_HOST_ONLY";

    public string ApiUrl => Stack.ApiUrl!;

    public override async ValueTask InitializeAsync()
    {
        Environment.SetEnvironmentVariable(HostOnlyVariable, "must-not-leak");
        await StartAsync(
            LocalFleet.Functions.ToDictionary(f => f.LogicalId, _ => StackPaths.EchoFunctionBuild),
            options => options with
            {
                ApiFunctionTimeout = FunctionTimeout,
                S3FunctionTimeout = FunctionTimeout,
                AsyncRetryDelay = TimeSpan.FromMilliseconds(100),
                ExtraEnvironment = new Dictionary<string, string> { ["ECHO_MARKER"] = "from-extra-env" },
            },
            TimeSpan.FromMinutes(2));
    }
}
