using System.Globalization;

namespace InvoiceScanner.Bench;

/// <summary>
/// Peaks sampled on a thread of its own while a document is read: the managed heap (GC.GetTotalMemory without
/// collecting) and the resident memory of this process together with its children. GNU time reports the largest
/// single process only, while the tools pipeline runs pdftoppm, ImageMagick and tesseract beside .NET and Lambda
/// counts them all. Short-lived peaks between samples are missed, so these are lower bounds.
/// </summary>
public sealed class MemorySampler : IDisposable
{
    // Walking /proc costs a fraction of a millisecond per look: every few samples keeps the sampler's CPU small.
    private const int TreeEvery = 2;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(5);
    private readonly Thread _thread;
    private volatile bool _stopped;

    public MemorySampler()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "memory sampler" };
        _thread.Start();
    }

    public long GcHeapPeakBytes { get; private set; }

    /// <summary>Summed RSS of this process and its descendants; 0 where /proc is not there.</summary>
    public long ProcessTreeRssPeakBytes { get; private set; }

    /// <summary>Stops sampling (after one last sample) so the peaks can be read.</summary>
    public void Stop()
    {
        if (_stopped) return;
        _stopped = true;
        _thread.Join();
        Sample(tree: true);
    }

    public void Dispose() => Stop();

    private void Run()
    {
        for (var n = 0; !_stopped; n++)
        {
            Sample(tree: n % TreeEvery == 0);
            Thread.Sleep(Interval);
        }
    }

    private void Sample(bool tree)
    {
        GcHeapPeakBytes = Math.Max(GcHeapPeakBytes, GC.GetTotalMemory(forceFullCollection: false));
        if (tree) ProcessTreeRssPeakBytes = Math.Max(ProcessTreeRssPeakBytes, TreeRss(Environment.ProcessId));
    }

    private static long TreeRss(int pid)
    {
        long total = 0;
        var self = Executable(pid);
        var pending = new Stack<int>([pid]);
        while (pending.TryPop(out var current))
        {
            // A child not yet past exec still runs our program in our memory (.NET starts tools with vfork): its RSS
            // is ours, and counting it would double this process.
            if (current == pid || Executable(current) != self) total += Rss(current);
            foreach (var child in Children(current)) pending.Push(child);
        }

        return total;
    }

    private static string? Executable(int pid)
    {
        try
        {
            return new FileInfo($"/proc/{pid}/exe").LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    // Processes come and go between reads: a vanished one counts as nothing.
    private static long Rss(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
                var kilobytes = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return 0;
    }

    private static IEnumerable<int> Children(int pid)
    {
        var children = new List<int>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                var text = File.ReadAllText(Path.Combine(task, "children"));
                children.AddRange(text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(c => int.Parse(c, CultureInfo.InvariantCulture)));
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return children;
    }
}
