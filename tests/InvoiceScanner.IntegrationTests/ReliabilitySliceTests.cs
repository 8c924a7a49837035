using System.Globalization;
using System.Text.RegularExpressions;
using InvoiceScanner.LocalHost.Reliability;

namespace InvoiceScanner.IntegrationTests;

/// <summary>
/// `reliability --quick` against the product: a slice of every probe (hostile files, cross-tenant access, card numbers
/// in PDFs, pictures and XML, S3 events as S3 may deliver them, both stores killed mid-flight, uploads at once). The full
/// run is `make reliability`; this keeps each probe and what it guards working in CI.
/// </summary>
public sealed class ReliabilitySliceTests(ReliabilityStackFixture fixture) : IClassFixture<ReliabilityStackFixture>
{
    [Fact]
    public async Task A_slice_of_every_probe_finds_nothing_lost_stuck_leaked_or_wrong()
    {
        var report = Path.Combine(Path.GetTempPath(), $"invoicescanner-reliability-{Guid.NewGuid():N}.md");
        using var output = new StringWriter();
        try
        {
            var exitCode = await ReliabilityRunner.RunAsync(fixture.Stack, quick: true, report, output, TestContext.Current.CancellationToken);

            var text = await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken);
            Assert.True(exitCode == 0, text);
            // Every probe tried something, and got every try right.
            var rows = Regex.Matches(text, @"^\| (?<name>[^|]+) \| (?<tried>\d+) \| (?<correct>\d+) \|", RegexOptions.Multiline);
            Assert.Equal(6, rows.Count);
            Assert.All(rows, row => Assert.True(int.Parse(row.Groups["tried"].Value, CultureInfo.InvariantCulture) > 0, row.Value));
            Assert.All(rows, row => Assert.Equal(row.Groups["tried"].Value, row.Groups["correct"].Value));
        }
        finally
        {
            File.Delete(report);
        }
    }
}
