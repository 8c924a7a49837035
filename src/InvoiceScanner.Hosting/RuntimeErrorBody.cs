namespace InvoiceScanner.Hosting;

/// <summary>
/// The body the Runtime API expects on /runtime/init/error and /runtime/invocation/{id}/error
/// (content type application/vnd.aws.lambda.error+json).
/// </summary>
public sealed record RuntimeErrorBody(string ErrorMessage, string ErrorType, IReadOnlyList<string> StackTrace)
{
    private const int MaxInnerExceptionDepth = 5;

    /// <summary>errorType is the exception's short type name (as the managed .NET runtime reports it).</summary>
    public static RuntimeErrorBody FromException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var lines = new List<string>();
        AppendFrames(lines, exception.StackTrace);
        var inner = exception.InnerException;
        for (var depth = 0; inner is not null && depth < MaxInnerExceptionDepth; depth++, inner = inner.InnerException)
        {
            lines.Add($"--- inner exception: {inner.GetType().FullName}: {inner.Message}");
            AppendFrames(lines, inner.StackTrace);
        }
        return new RuntimeErrorBody(exception.Message, exception.GetType().Name, lines);
    }

    private static void AppendFrames(List<string> lines, string? stackTrace)
    {
        if (string.IsNullOrEmpty(stackTrace))
            return;
        foreach (var line in stackTrace.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.Length > 0)
                lines.Add(trimmed);
        }
    }
}
