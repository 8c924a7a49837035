namespace InvoiceScanner.LocalHost;

/// <summary>
/// Where the stack's own messages and the functions' output go. Function lines get a "[FunctionName]" prefix,
/// like `sam local`; writers are synchronized because every child process reports from its own thread.
/// </summary>
public sealed class StackLog
{
    private readonly TextWriter _host;
    private readonly TextWriter _functions;

    public StackLog(TextWriter host, TextWriter functions)
    {
        _host = TextWriter.Synchronized(host);
        _functions = ReferenceEquals(host, functions) ? _host : TextWriter.Synchronized(functions);
    }

    /// <summary>Everything to standard error, so standard output stays free for results (tokens, responses).</summary>
    public static StackLog StandardError() => new(Console.Error, Console.Error);

    public void Info(string message) => _host.WriteLine($"[local] {message}");

    public void Warn(string message) => _host.WriteLine($"[local] warning: {message}");

    public void Function(string functionName, string line) => _functions.WriteLine($"[{functionName}] {line}");

    public void Emulators(string line) => _functions.WriteLine(line.StartsWith('[') ? line : $"[emulators] {line}");
}
