namespace InvoiceScanner.Hosting;

/// <summary>The context the host builds for each invocation.</summary>
public sealed class LambdaContext(
    RuntimeInvocation invocation,
    LambdaEnvironment environment,
    ILambdaLogger logger,
    TimeProvider timeProvider,
    CancellationToken cancellationToken) : ILambdaContext
{
    public string AwsRequestId => invocation.RequestId;

    public string FunctionName => environment.FunctionName;

    public string InvokedFunctionArn => invocation.InvokedFunctionArn;

    public int MemoryLimitInMB => environment.MemoryLimitInMB;

    public DateTimeOffset Deadline => invocation.Deadline;

    public TimeSpan RemainingTime
    {
        get
        {
            var remaining = Deadline - timeProvider.GetUtcNow();
            return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
        }
    }

    public string? TraceId => invocation.TraceId;

    public ILambdaLogger Logger => logger;

    public CancellationToken CancellationToken => cancellationToken;

    /// <summary>Raw Lambda-Runtime-Client-Context header (mobile SDK callers), if any.</summary>
    public string? ClientContext => invocation.ClientContext;

    /// <summary>Raw Lambda-Runtime-Cognito-Identity header, if any.</summary>
    public string? CognitoIdentity => invocation.CognitoIdentity;
}
