using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace InvoiceScanner.Bench;

public static class BenchConfig
{
    /// <summary>
    /// A short job so a full run takes minutes on 2 noisy cores: one launch, in process (no per-run project build),
    /// fixed warmup and iteration counts, MemoryDiagnoser for allocations per operation.
    /// </summary>
    public static IConfig Create(bool quick)
    {
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(quick ? 2 : 4)
            .WithIterationCount(quick ? 5 : 12)
            .WithIterationTime(TimeInterval.FromMilliseconds(quick ? 100 : 250))
            .WithId(quick ? "Quick" : "Short");

        return ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(StatisticColumn.Median, StatisticColumn.Min, StatisticColumn.Max)
            .AddColumn(PerPageColumn.Time, PerPageColumn.Allocated)
            .WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(50));
    }
}

/// <summary>Mean time or allocated bytes per operation divided by the pages of the case's input.</summary>
public sealed class PerPageColumn : IColumn
{
    public static readonly PerPageColumn Time = new(allocated: false);
    public static readonly PerPageColumn Allocated = new(allocated: true);

    private readonly bool _allocated;

    private PerPageColumn(bool allocated) => _allocated = allocated;

    public string Id => _allocated ? "AllocatedPerPage" : "MedianPerPage";
    public string ColumnName => _allocated ? "Alloc/page" : "Median/page";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => _allocated ? 1 : 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => _allocated ? "Allocated bytes per operation / pages of the input" : "Median time per operation / pages of the input (median: robust to load from other processes)";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => Pages(c) is not null);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var pages = Pages(benchmarkCase);
        var report = summary[benchmarkCase];
        if (pages is not > 0 || report?.ResultStatistics is null) return "-";
        if (!_allocated) return $"{report.ResultStatistics.Median / pages.Value / 1e6:0.000} ms";
        var bytes = report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase);
        return bytes is null ? "-" : $"{bytes.Value / (double)pages.Value / 1024:0.0} KB";
    }

    private static int? Pages(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Parameters.Items.Select(p => p.Value).OfType<IHasPages>().FirstOrDefault()?.Pages;
}
