using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace InvoiceScanner.LocalHost.Reliability;

/// <summary>One probe's counts, added to from many uploads at once; findings are what was not correct, kept for the report.</summary>
public sealed class ProbeTally(string name, string correctMeans)
{
    private int _tried, _correct, _lost, _stuck, _leaked;

    public string Name { get; } = name;
    public string CorrectMeans { get; } = correctMeans;
    public ConcurrentBag<double> Seconds { get; } = [];
    public ConcurrentQueue<string> Findings { get; } = new();
    public ConcurrentDictionary<string, int> Outcomes { get; } = new(StringComparer.Ordinal);

    public int Tried => _tried;
    public int Correct => _correct;
    public int Lost => _lost;
    public int Stuck => _stuck;
    public int Leaked => _leaked;
    public bool Clean => _correct == _tried && _lost == 0 && _stuck == 0 && _leaked == 0 && Findings.IsEmpty;

    public void Try() => Interlocked.Increment(ref _tried);
    public void Right() => Interlocked.Increment(ref _correct);
    public void Lose(string finding) => Add(ref _lost, finding);
    public void Stick(string finding) => Add(ref _stuck, finding);
    public void Leak(string finding) => Add(ref _leaked, finding);
    public void Wrong(string finding) => Findings.Enqueue(finding);
    public void Count(string outcome) => Outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);

    /// <summary>
    /// Counts a scan that did not end (lost, stuck) as such and returns false; a terminal one adds its time and returns
    /// true for the caller to judge; a refused one returns true too.
    /// </summary>
    public bool Ended(ScanOutcome outcome, string where)
    {
        switch (outcome.End)
        {
            case ScanEnd.Lost:
                Lose($"{where}: lost ({outcome.Detail}): {ProbeContext.Excerpt(outcome.Text)}");
                return false;
            case ScanEnd.Stuck:
                Stick($"{where}: {outcome.Detail} after {outcome.Seconds:0} s");
                return false;
            case ScanEnd.Terminal:
                Seconds.Add(outcome.Seconds);
                return true;
            default:
                return true;
        }
    }

    private void Add(ref int counter, string finding)
    {
        Interlocked.Increment(ref counter);
        Findings.Enqueue(finding);
    }

    public string Row()
    {
        var times = Seconds.Order().ToList();
        var p50 = times.Count == 0 ? "–" : Percentile(times, 0.50).ToString("0.0", CultureInfo.InvariantCulture);
        var p95 = times.Count == 0 ? "–" : Percentile(times, 0.95).ToString("0.0", CultureInfo.InvariantCulture);
        return $"| {Name} | {Tried} | {Correct} | {Lost} | {Stuck} | {Leaked} | {p50} | {p95} |";
    }

    public string Details(int maxFindings)
    {
        var text = new StringBuilder();
        text.AppendLine($"### {Name}").AppendLine().AppendLine($"Correct: {CorrectMeans}").AppendLine();
        if (!Outcomes.IsEmpty)
        {
            text.AppendLine("| Outcome | Count |").AppendLine("|---|---:|");
            foreach (var (outcome, count) in Outcomes.OrderBy(o => o.Key, StringComparer.Ordinal))
                text.AppendLine($"| {outcome} | {count} |");
            text.AppendLine();
        }
        var findings = Findings.Order(StringComparer.Ordinal).ToList();
        text.AppendLine(findings.Count == 0 ? "No findings." : $"Findings ({findings.Count}):").AppendLine();
        foreach (var finding in findings.Take(maxFindings))
            text.AppendLine($"- {finding}");
        if (findings.Count > maxFindings)
            text.AppendLine($"- … and {findings.Count - maxFindings} more");
        return text.AppendLine().ToString();
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
