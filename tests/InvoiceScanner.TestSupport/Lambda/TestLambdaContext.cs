using InvoiceScanner.Hosting;

namespace InvoiceScanner.TestSupport;

/// <summary>
/// A settable <see cref="ILambdaContext"/> for handler unit tests; its <see cref="Logger"/> captures entries.
/// </summary>
public sealed class TestLambdaContext : ILambdaContext
{
    public string AwsRequestId { get; set; } = "00000000-0000-0000-0000-000000000001";

    public string FunctionName { get; set; } = "test-function";

    public string InvokedFunctionArn { get; set; } = "arn:aws:lambda:us-east-1:123456789012:function:test-function";

    public int MemoryLimitInMB { get; set; } = 512;

    /// <summary>Defaults to five minutes after the context was created.</summary>
    public DateTimeOffset Deadline { get; set; } = DateTimeOffset.UtcNow.AddMinutes(5);

    /// <summary>Derived from <see cref="Deadline"/>; setting it moves the deadline to now + value.</summary>
    public TimeSpan RemainingTime
    {
        get
        {
            var remaining = Deadline - DateTimeOffset.UtcNow;
            return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
        }
        set => Deadline = DateTimeOffset.UtcNow + value;
    }

    public string? TraceId { get; set; }

    public CapturingLogger Logger { get; set; } = new();

    ILambdaLogger ILambdaContext.Logger => Logger;

    public CancellationToken CancellationToken { get; set; }
}
