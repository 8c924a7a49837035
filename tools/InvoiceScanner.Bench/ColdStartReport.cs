using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace InvoiceScanner.Bench;

/// <summary>
/// Summarises the cold-start measurements scripts/bench.sh takes for each function: hyperfine JSON exports of
/// several rounds, each timing the commands "r2r", "jit" and, where Native AOT could be built, "aot" side by side
/// (coldstart-&lt;Function&gt;.round&lt;N&gt;.json); peak RSS samples in KB, one per line (rss-&lt;Function&gt;-r2r.txt, -jit.txt,
/// -aot.txt); and the runtime's list of the methods it JIT-compiled in one run of each (jitted-&lt;Function&gt;-r2r.txt, -jit.txt).
/// </summary>
public static partial class ColdStartReport
{
    private const double TargetRatio = 0.5;

    private sealed class Samples
    {
        public List<double> WallMs { get; } = [];
        public double CpuMsTotal { get; set; }
    }

    public static int Run(string[] args)
    {
        if (args.Length != 1 || !Directory.Exists(args[0]))
        {
            Console.Error.WriteLine("usage: coldstart-report DIR (the folder scripts/bench.sh wrote coldstart-*.json into)");
            return 2;
        }

        var folder = args[0];
        var functions = Directory.GetFiles(folder, "coldstart-*.json")
            .Select(f => RoundFile().Match(Path.GetFileName(f)))
            .Where(m => m.Success)
            .GroupBy(m => m.Groups[1].Value, m => Path.Combine(folder, m.Value))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        if (functions.Count == 0)
        {
            Console.WriteLine("No cold-start measurements in " + folder);
            return 1;
        }

        Console.WriteLine("Cold start = process start → init (settings, SDK clients, handler) → first /next poll fails on a closed port → exit.");
        Console.WriteLine();
        Console.WriteLine("| Function | ReadyToRun self-contained: wall median (mean ± σ, min–max) | JIT framework-dependent: wall median (mean ± σ, min–max) | **R2R/JIT wall** (medians) | R2R/JIT per round: median [min–max] | CPU user+sys R2R / JIT | R2R/JIT CPU | Methods JIT-compiled R2R / JIT | Peak RSS R2R | Peak RSS JIT |");
        Console.WriteLine("|---|---|---|---:|---:|---:|---:|---:|---:|---:|");
        var verdicts = new List<string>();
        var floors = new Dictionary<string, Samples>(StringComparer.Ordinal);
        var fulls = new Dictionary<string, Samples>(StringComparer.Ordinal);
        var aots = new Dictionary<string, (Samples Aot, Samples Jit, List<double> RoundRatios)>(StringComparer.Ordinal);
        foreach (var function in functions)
        {
            var r2r = new Samples();
            var jit = new Samples();
            var aot = new Samples();
            var roundRatios = new List<double>();
            var aotRoundRatios = new List<double>();
            foreach (var file in function.Order(StringComparer.Ordinal))
            {
                var round = Read(file);
                if (round.TryGetValue("r2r-floor", out var f1) && round.TryGetValue("jit-floor", out var f2))
                {
                    Add(floors.GetValueOrDefault(function.Key + "/r2r") ?? (floors[function.Key + "/r2r"] = new Samples()), f1);
                    Add(floors.GetValueOrDefault(function.Key + "/jit") ?? (floors[function.Key + "/jit"] = new Samples()), f2);
                }

                if (!round.TryGetValue("r2r", out var a) || !round.TryGetValue("jit", out var b)) continue;
                Add(r2r, a);
                Add(jit, b);
                roundRatios.Add(Median(a.Times) / Median(b.Times));
                if (round.TryGetValue("aot", out var c))
                {
                    Add(aot, c);
                    aotRoundRatios.Add(Median(c.Times) / Median(b.Times));
                }
            }

            if (aot.WallMs.Count > 0) aots[function.Key] = (aot, jit, aotRoundRatios);

            if (r2r.WallMs.Count > 0) fulls[function.Key + "/r2r"] = r2r;
            if (jit.WallMs.Count > 0) fulls[function.Key + "/jit"] = jit;

            if (r2r.WallMs.Count == 0 || jit.WallMs.Count == 0)
            {
                Console.WriteLine($"| {function.Key} | (no complete round) | | | | | | | | |");
                continue;
            }

            var ratio = Median(r2r.WallMs) / Median(jit.WallMs);
            var cpuR2r = r2r.CpuMsTotal / r2r.WallMs.Count;
            var cpuJit = jit.CpuMsTotal / jit.WallMs.Count;
            Console.WriteLine(Invariant(
                $"| {function.Key} | {Format(r2r.WallMs)} | {Format(jit.WallMs)} | **{ratio:0.00}** | {Median(roundRatios):0.00} [{roundRatios.Min():0.00}–{roundRatios.Max():0.00}] (n={roundRatios.Count}) | {cpuR2r:0} / {cpuJit:0} ms | {cpuR2r / cpuJit:0.00} | {Jitted(folder, function.Key, "r2r")} / {Jitted(folder, function.Key, "jit")} | {Rss(folder, function.Key, "r2r")} | {Rss(folder, function.Key, "jit")} |"));
            verdicts.Add(Invariant($"{function.Key}: R2R/JIT wall = {ratio:0.00}, CPU = {cpuR2r / cpuJit:0.00} (target ≤ {TargetRatio:0.0}) → {(ratio <= TargetRatio ? "MET" : "NOT MET")}"));
        }

        Console.WriteLine();
        Console.WriteLine("Wall: hyperfine, all rounds pooled; rounds alternate which build runs first. CPU: hyperfine's mean user + system time per run (less sensitive to other load than wall time).");
        Console.WriteLine("Methods JIT-compiled: one run each with DOTNET_JitDisasmSummary=1 (ReadyToRun code is used as is; what it lacks, e.g. some generic instantiations, is still compiled).");
        Console.WriteLine("Peak RSS: median [min–max] of the runs' maximum resident set size (GNU time %M).");
        Console.WriteLine();
        foreach (var verdict in verdicts) Console.WriteLine(verdict);
        PrintFloors(floors, fulls);
        PrintNativeAot(folder, aots);
        return 0;
    }

    /// <summary>The deploy build (Native AOT, PublishAot) against the same JIT runs, when it could be built.</summary>
    private static void PrintNativeAot(string folder, Dictionary<string, (Samples Aot, Samples Jit, List<double> RoundRatios)> aots)
    {
        if (aots.Count == 0) return;
        Console.WriteLine();
        Console.WriteLine("Native AOT (the deploy build, make build-<LogicalId> PUBLISH_MODE=aot), timed in the same rounds as the JIT build above:");
        Console.WriteLine();
        Console.WriteLine("| Function | Native AOT: wall median (mean ± σ, min–max) | **AOT/JIT wall** (medians) | AOT/JIT per round: median [min–max] | CPU user+sys AOT / JIT | AOT/JIT CPU | Peak RSS AOT | Peak RSS JIT |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
        var verdicts = new List<string>();
        foreach (var (name, (aot, jit, roundRatios)) in aots.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            var ratio = Median(aot.WallMs) / Median(jit.WallMs);
            var cpuAot = aot.CpuMsTotal / aot.WallMs.Count;
            var cpuJit = jit.CpuMsTotal / jit.WallMs.Count;
            Console.WriteLine(Invariant(
                $"| {name} | {Format(aot.WallMs)} | **{ratio:0.00}** | {Median(roundRatios):0.00} [{roundRatios.Min():0.00}–{roundRatios.Max():0.00}] (n={roundRatios.Count}) | {cpuAot:0} / {cpuJit:0} ms | {cpuAot / cpuJit:0.00} | {Rss(folder, name, "aot")} | {Rss(folder, name, "jit")} |"));
            verdicts.Add(Invariant($"{name}: AOT/JIT wall = {ratio:0.00}, CPU = {cpuAot / cpuJit:0.00} (target ≤ {TargetRatio:0.0}) → {(ratio <= TargetRatio ? "MET" : "NOT MET")}"));
        }

        Console.WriteLine();
        foreach (var verdict in verdicts) Console.WriteLine(verdict);
    }

    /// <summary>The runtime floor (no Runtime API: exit before init) and what init + the failed poll add above it.</summary>
    private static void PrintFloors(Dictionary<string, Samples> floors, Dictionary<string, Samples> fulls)
    {
        var names = floors.Keys.Select(k => k[..k.LastIndexOf('/')]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (names.Count == 0) return;
        Console.WriteLine();
        Console.WriteLine("Runtime floor (AWS_LAMBDA_RUNTIME_API unset: the host logs one line and exits before building the handler), timed in the same rounds:");
        Console.WriteLine();
        Console.WriteLine("| Function | Floor R2R | Floor JIT | Floor R2R/JIT | Full − floor R2R | Full − floor JIT | (Full − floor) R2R/JIT |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var name in names)
        {
            if (!floors.TryGetValue(name + "/r2r", out var fr) || !floors.TryGetValue(name + "/jit", out var fj)) continue;
            var floorR2r = Median(fr.WallMs);
            var floorJit = Median(fj.WallMs);
            var line = Invariant($"| {name} | {floorR2r:0.0} ms | {floorJit:0.0} ms | {floorR2r / floorJit:0.00} |");
            if (fulls.TryGetValue(name + "/r2r", out var r) && fulls.TryGetValue(name + "/jit", out var j))
            {
                var addedR2r = Median(r.WallMs) - floorR2r;
                var addedJit = Median(j.WallMs) - floorJit;
                line += Invariant($" {addedR2r:0.0} ms | {addedJit:0.0} ms | {addedR2r / addedJit:0.00} |");
            }
            else
            {
                line += " - | - | - |";
            }

            Console.WriteLine(line);
        }
    }

    private sealed record Command(List<double> Times, double UserMs, double SystemMs);

    private static void Add(Samples samples, Command command)
    {
        samples.WallMs.AddRange(command.Times);
        samples.CpuMsTotal += (command.UserMs + command.SystemMs) * command.Times.Count;
    }

    private static Dictionary<string, Command> Read(string file)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(file));
        var result = new Dictionary<string, Command>(StringComparer.Ordinal);
        foreach (var entry in json.RootElement.GetProperty("results").EnumerateArray())
        {
            result[entry.GetProperty("command").GetString()!] = new Command(
                entry.GetProperty("times").EnumerateArray().Select(t => t.GetDouble() * 1000).ToList(),
                entry.GetProperty("user").GetDouble() * 1000,
                entry.GetProperty("system").GetDouble() * 1000);
        }

        return result;
    }

    private static string Format(List<double> ms)
    {
        var mean = ms.Average();
        var sigma = ms.Count > 1 ? Math.Sqrt(ms.Sum(t => (t - mean) * (t - mean)) / (ms.Count - 1)) : 0;
        return Invariant($"{Median(ms):0.0} ms ({mean:0.0} ± {sigma:0.0}, {ms.Min():0.0}–{ms.Max():0.0}; n={ms.Count})");
    }

    private static string Jitted(string folder, string function, string variant)
    {
        var path = Path.Combine(folder, $"jitted-{function}-{variant}.txt");
        return File.Exists(path) ? File.ReadLines(path).Count(l => l.Contains("JIT compiled", StringComparison.Ordinal)).ToString(CultureInfo.InvariantCulture) : "-";
    }

    private static string Rss(string folder, string function, string variant)
    {
        var path = Path.Combine(folder, $"rss-{function}-{variant}.txt");
        if (!File.Exists(path)) return "-";
        var kb = File.ReadAllLines(path)
            .Select(l => double.TryParse(l.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN)
            .Where(double.IsFinite)
            .ToList();
        return kb.Count == 0 ? "-" : Invariant($"{Median(kb) / 1024:0.0} MB [{kb.Min() / 1024:0.0}–{kb.Max() / 1024:0.0}]");
    }

    private static double Median(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^coldstart-(.+)\.round\d+\.json$")]
    private static partial Regex RoundFile();
}
