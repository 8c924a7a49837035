namespace InvoiceScanner.LocalHost.Runtime;

/// <summary>
/// Lambda's asynchronous invocation, as S3 and SNS use it: a function error is retried, twice, after a delay; after the
/// last attempt the event is given up (in AWS it goes to the on-failure destination).
/// </summary>
public static class AsyncInvocation
{
    public const int MaxAttempts = 3;

    /// <summary>Runs <paramref name="payload"/> on <paramref name="function"/> until it succeeds, attempts run out or the stack stops.</summary>
    /// <param name="what">Names the event in log lines, e.g. the object key or the notice id.</param>
    public static async Task DeliverAsync(
        FunctionRuntime function, byte[] payload, InvocationSource source, string what, TimeSpan retryDelay, StackLog log, CancellationToken stopping)
    {
        await Task.Yield();
        for (var attempt = 1; attempt <= MaxAttempts && !stopping.IsCancellationRequested; attempt++)
        {
            InvocationResult result;
            try
            {
                result = await function.InvokeAsync(payload, source, attempt, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (result.Succeeded || result.Outcome == InvocationOutcome.Cancelled)
                return;
            var next = attempt < MaxAttempts
                ? $"retrying in {(retryDelay * attempt).TotalSeconds:0.#} s"
                : "giving up (Lambda would send it to the on-failure destination)";
            log.Info($"{function.Name}: {what} attempt {attempt} failed ({result.ErrorType}); {next}");
            if (attempt == MaxAttempts)
                return;
            // Lambda backs off between async retries (about 1 and 2 minutes); the local stack uses a short, growing delay.
            try
            {
                await Task.Delay(retryDelay * attempt, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
