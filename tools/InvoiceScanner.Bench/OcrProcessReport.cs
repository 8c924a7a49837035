using System.Globalization;
using System.Text.RegularExpressions;

namespace InvoiceScanner.Bench;

/// <summary>
/// The markdown table of the ocr-process runs scripts/bench.sh makes: per input and pipeline the cold wall time and the
/// peak RSS from GNU time, what the process itself saw, and the in-process/tools ratios, against ProcessInvoice's
/// memory target. Reads DIR/INPUT.PIPELINE.runN.out (ocr-process's output) and .time (GNU time's "%e %M").
/// </summary>
public static partial class OcrProcessReport
{
    /// <summary>ProcessInvoice's target: the whole read fits a 1 GB Lambda.</summary>
    private const double RssTargetMb = 1024;

    private static readonly string[] Pipelines = ["tools", "inprocess"];

    private sealed record ProcessRun(string Input, string Pipeline, string File, IReadOnlyDictionary<string, string>? Result, double? WallSeconds, double? RssMb);

    public static int Run(string[] args)
    {
        if (args.Length != 1 || !Directory.Exists(args[0]))
        {
            Console.Error.WriteLine("usage: ocr-process-report DIR (the folder scripts/bench.sh writes the ocr-process runs to)");
            return 2;
        }

        var runs = Directory.EnumerateFiles(args[0], "*.out").Select(Read).OfType<ProcessRun>().ToList();
        if (runs.Count == 0)
        {
            Console.Error.WriteLine($"no ocr-process runs in {args[0]}");
            return 1;
        }

        PrintTitle(runs);
        Console.WriteLine("| Input | Bytes | Pages | Pipeline | Engine | Runs | Wall s, cold (median [min–max]) | First result s, in process | GC heap peak MB | Process-tree RSS peak MB (sampled) | Peak RSS MB (GNU time, max) | in-process/tools wall | in-process/tools RSS | RSS ≤ 1 GB |");
        Console.WriteLine("|---|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        var inputs = runs.Select(r => r.Input).Distinct()
            .OrderBy(i => OcrInputs.Kinds.Contains(i) ? OcrInputs.Kinds.ToList().IndexOf(i) : int.MaxValue).ThenBy(i => i, StringComparer.Ordinal);
        var failed = false;
        foreach (var input in inputs)
        {
            foreach (var pipeline in Pipelines)
            {
                var group = runs.Where(r => r.Input == input && r.Pipeline == pipeline).ToList();
                if (group.Count == 0) continue;
                var tools = pipeline == "inprocess" ? runs.Where(r => r.Input == input && r.Pipeline == "tools").ToList() : null;
                failed |= !PrintRow(input, pipeline, group, tools);
            }
        }

        Console.WriteLine();
        Console.WriteLine("Wall: the whole process (runtime start, engine, model load, the read), median of the runs. Peak RSS: GNU time's, the largest of the runs; it is the largest single process, so for the tools pipeline the process-tree column (this process and its pdftoppm/convert/tesseract children, sampled every few ms) is the closer figure for a Lambda's memory.");
        return failed ? 1 : 0;
    }

    private static void PrintTitle(List<ProcessRun> runs)
    {
        var scanPages = runs.Where(r => r.Input == "scan50" && r.Result is not null).Select(r => r.Result!["pages"]).FirstOrDefault();
        var quick = BenchSettings.Quick && scanPages is not null && scanPages != "50" ? $" (--quick: scan50 has {scanPages} pages, not 50)" : "";
        Console.WriteLine($"Cold OCR, one document per process: tools vs in-process pipeline{quick}; ProcessInvoice target: peak RSS ≤ {RssTargetMb:0} MB (1 GB)");
        Console.WriteLine();
    }

    /// <summary>One table row; false when a run of the group failed.</summary>
    private static bool PrintRow(string input, string pipeline, List<ProcessRun> group, List<ProcessRun>? tools)
    {
        var ok = group.Where(r => r.Result is not null && r.WallSeconds is not null && r.RssMb is not null).ToList();
        if (ok.Count < group.Count)
        {
            var bad = group.First(r => !ok.Contains(r));
            Console.WriteLine($"| {input} | | | {pipeline} | failed: {group.Count - ok.Count} of {group.Count} run(s), see {Path.GetFileName(bad.File)} | | | | | | | | | NOT MET |");
            return false;
        }

        var first = ok[0].Result!;
        var walls = ok.Select(r => r.WallSeconds!.Value).ToList();
        var rss = ok.Max(r => r.RssMb!.Value);
        var toolsOk = tools?.Where(r => r.WallSeconds is not null && r.RssMb is not null && r.Result is not null).ToList();
        var wallRatio = toolsOk is { Count: > 0 } ? $"{OcrTiming.Median(walls) / OcrTiming.Median(toolsOk.Select(r => r.WallSeconds!.Value).ToList()):0.00}×" : "-";
        var rssRatio = toolsOk is { Count: > 0 } ? $"{rss / toolsOk.Max(r => r.RssMb!.Value):0.00}×" : "-";
        var treeRss = ok.Max(r => Number(r.Result!, "tree_rss_peak_mb"));
        // The target is judged on the larger of the two RSS figures: the tools pipeline's children count too.
        var met = Math.Max(rss, treeRss) <= RssTargetMb ? "MET" : "NOT MET";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {input} | {long.Parse(first["bytes"], CultureInfo.InvariantCulture):N0} | {first["pages"]} | {pipeline} | {first["engine"]} | {ok.Count} | {OcrTiming.Median(walls):0.00} [{walls.Min():0.00}–{walls.Max():0.00}] | {OcrTiming.Median(ok.Select(r => Number(r.Result!, "first_result_s")).ToList()):0.00} | {ok.Max(r => Number(r.Result!, "gc_heap_peak_mb")):0} | {treeRss:0} | {rss:0} | {wallRatio} | {rssRatio} | {met} |"));
        return true;
    }

    private static ProcessRun? Read(string outFile)
    {
        var match = RunFileName().Match(Path.GetFileName(outFile));
        if (!match.Success) return null;
        var result = File.ReadLines(outFile).LastOrDefault(l => l.StartsWith(OcrProcess.ResultPrefix, StringComparison.Ordinal)) is { } line
            ? line[OcrProcess.ResultPrefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(f => f.Split('=', 2)).Where(kv => kv.Length == 2).ToDictionary(kv => kv[0], kv => kv[1])
            : null;
        var timeFile = Path.ChangeExtension(outFile, ".time");
        // GNU time writes "Command exited with non-zero status N" before the format line when the command fails.
        var time = File.Exists(timeFile) ? File.ReadLines(timeFile).LastOrDefault()?.Split(' ', StringSplitOptions.RemoveEmptyEntries) : null;
        double? wall = time is [var e, _] && double.TryParse(e, CultureInfo.InvariantCulture, out var w) ? w : null;
        double? rss = time is [_, var m] && double.TryParse(m, CultureInfo.InvariantCulture, out var kb) ? kb / 1024 : null;
        return new ProcessRun(match.Groups["input"].Value, match.Groups["pipeline"].Value, outFile, result, wall, rss);
    }

    private static double Number(IReadOnlyDictionary<string, string> result, string key) =>
        result.TryGetValue(key, out var text) && double.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value : 0;

    [GeneratedRegex(@"^(?<input>[\w-]+)\.(?<pipeline>tools|inprocess)\.run\d+\.out$")]
    private static partial Regex RunFileName();
}
