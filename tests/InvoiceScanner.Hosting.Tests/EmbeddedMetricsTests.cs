using System.Text;
using System.Text.Json;
using InvoiceScanner.Hosting.Metrics;

namespace InvoiceScanner.Hosting.Tests;

/// <summary>Metric lines in CloudWatch's embedded metric format, written through the function's logger.</summary>
public class EmbeddedMetricsTests
{
    [Fact]
    public void A_metric_line_declares_its_metrics_and_dimensions_and_carries_their_values_at_the_top_level()
    {
        using var output = new MemoryStream();
        var logger = new LambdaLogger("process-invoice", LogLevel.Information, output);
        var at = new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

        logger.Emit(at, [("Function", "process-invoice"), ("Code", "TOO_LARGE")],
            [new Metric("Failures", 1), new Metric("OcrSeconds", 2.5, "Seconds")]);

        using var line = JsonDocument.Parse(Encoding.UTF8.GetString(output.ToArray()));
        var root = line.RootElement;
        var aws = root.GetProperty("_aws");
        Assert.Equal(at.ToUnixTimeMilliseconds(), aws.GetProperty("Timestamp").GetInt64());
        var declaration = aws.GetProperty("CloudWatchMetrics")[0];
        Assert.Equal("InvoiceScanner", declaration.GetProperty("Namespace").GetString());
        Assert.Equal(["Function", "Code"], declaration.GetProperty("Dimensions")[0].EnumerateArray().Select(d => d.GetString()));
        Assert.Equal([("Failures", "Count"), ("OcrSeconds", "Seconds")],
            declaration.GetProperty("Metrics").EnumerateArray().Select(m => (m.GetProperty("Name").GetString(), m.GetProperty("Unit").GetString())));
        // Every declared name must be a member of the same object, or CloudWatch drops the metric.
        Assert.Equal(("process-invoice", "TOO_LARGE"), (root.GetProperty("Function").GetString(), root.GetProperty("Code").GetString()));
        Assert.Equal((1.0, 2.5), (root.GetProperty("Failures").GetDouble(), root.GetProperty("OcrSeconds").GetDouble()));
    }

    [Fact]
    public void No_metrics_no_line()
    {
        using var output = new MemoryStream();
        var logger = new LambdaLogger("f", LogLevel.Information, output);

        logger.Emit(DateTimeOffset.UnixEpoch, [("Function", "f")], []);

        Assert.Equal(0, output.Length);
    }
}
