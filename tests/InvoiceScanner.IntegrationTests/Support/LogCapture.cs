using System.Collections.Concurrent;
using System.Text;

namespace InvoiceScanner.IntegrationTests.Support;

/// <summary>Collects what the stack logs (its own lines and the functions' output), in memory and in a file for post-mortems.</summary>
public sealed class LogCapture(string filePath) : TextWriter
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly StreamWriter _file = new(filePath, append: false) { AutoFlush = true };
    private readonly StringBuilder _partial = new();

    public string FilePath { get; } = filePath;

    public override Encoding Encoding => Encoding.UTF8;

    public IReadOnlyList<string> Lines => [.. _lines];

    public override void Write(char value)
    {
        lock (_partial)
        {
            if (value == '\n')
            {
                AddLine(_partial.ToString());
                _partial.Clear();
            }
            else if (value != '\r')
            {
                _partial.Append(value);
            }
        }
    }

    public override void WriteLine(string? value)
    {
        lock (_partial)
            AddLine(value ?? "");
    }

    /// <summary>Process output is read asynchronously, so a line can trail the event it reports: wait for it (bounded).</summary>
    public async Task<bool> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!_lines.Any(predicate))
        {
            try
            {
                await Task.Delay(50, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                return _lines.Any(predicate);
            }
        }
        return true;
    }

    private void AddLine(string line)
    {
        _lines.Enqueue(line);
        _file.WriteLine(line);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _file.Dispose();
        base.Dispose(disposing);
    }
}
