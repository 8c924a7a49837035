using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using InvoiceScanner.Hosting.Tests.Support;
using InvoiceScanner.TestSupport;

namespace InvoiceScanner.Hosting.Tests;

public sealed class LambdaLoggerTests
{
    private readonly LogCapture output = new();

    [Fact]
    public void Each_entry_is_one_json_line_with_timestamp_level_message_and_function_name()
    {
        var logger = new LambdaLogger("extract-data", LogLevel.Information, output);

        logger.Info("first");
        logger.Warn("second\nwith a newline");

        var lines = output.Lines;
        Assert.Equal(2, lines.Count);
        var first = JsonDocument.Parse(lines[0]).RootElement;
        Assert.Equal("INFO", first.GetProperty("level").GetString());
        Assert.Equal("first", first.GetProperty("message").GetString());
        Assert.Equal("extract-data", first.GetProperty("functionName").GetString());
        var timestamp = first.GetProperty("timestamp").GetString()!;
        Assert.EndsWith("Z", timestamp);
        var parsed = DateTimeOffset.Parse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        Assert.Equal(TimeSpan.Zero, parsed.Offset);
        Assert.False(first.TryGetProperty("requestId", out _));
        Assert.False(first.TryGetProperty("traceId", out _));

        var second = JsonDocument.Parse(lines[1]).RootElement;
        Assert.Equal("WARN", second.GetProperty("level").GetString());
        Assert.Equal("second\nwith a newline", second.GetProperty("message").GetString());
    }

    [Fact]
    public void Properties_are_written_as_native_json_values()
    {
        var logger = new LambdaLogger("f", LogLevel.Trace, output);
        var when = new DateTimeOffset(2026, 11, 23, 17, 53, 1, TimeSpan.Zero);
        var id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

        logger.Info("typed",
            ("invoiceId", "inv-1"),
            ("pages", 3),
            ("bytes", 12_345_678_901L),
            ("total", 1234.5m),
            ("confidence", 0.97),
            ("ocr", true),
            ("vendor", null),
            ("receivedAt", when),
            ("correlationId", id),
            ("notANumber", double.NaN),
            ("money", new Money(12.5m, "EUR")));

        var line = JsonDocument.Parse(Assert.Single(output.Lines)).RootElement;
        Assert.Equal("inv-1", line.GetProperty("invoiceId").GetString());
        Assert.Equal(3, line.GetProperty("pages").GetInt32());
        Assert.Equal(12_345_678_901L, line.GetProperty("bytes").GetInt64());
        Assert.Equal(1234.5m, line.GetProperty("total").GetDecimal());
        Assert.Equal(0.97, line.GetProperty("confidence").GetDouble());
        Assert.Equal(JsonValueKind.True, line.GetProperty("ocr").ValueKind);
        Assert.Equal(JsonValueKind.Null, line.GetProperty("vendor").ValueKind);
        Assert.Equal(when, line.GetProperty("receivedAt").GetDateTimeOffset());
        Assert.Equal(id, line.GetProperty("correlationId").GetGuid());
        Assert.Equal("NaN", line.GetProperty("notANumber").GetString());
        Assert.Equal("12.5 EUR", line.GetProperty("money").GetString());
    }

    [Fact]
    public void Exceptions_are_written_with_type_message_stack_trace_and_inner_exception()
    {
        var logger = new LambdaLogger("f", LogLevel.Information, output);
        Exception caught;
        try
        {
            ThrowWrapped();
            throw new UnreachableException();
        }
        catch (Exception ex)
        {
            caught = ex;
        }

        logger.Error("extraction failed", caught, ("invoiceId", "inv-9"));

        var line = JsonDocument.Parse(Assert.Single(output.Lines)).RootElement;
        Assert.Equal("ERROR", line.GetProperty("level").GetString());
        Assert.Equal("inv-9", line.GetProperty("invoiceId").GetString());
        var exception = line.GetProperty("exception");
        Assert.Equal(typeof(InvalidOperationException).FullName, exception.GetProperty("type").GetString());
        Assert.Equal("outer", exception.GetProperty("message").GetString());
        Assert.Contains(nameof(ThrowWrapped), exception.GetProperty("stackTrace").GetString());
        var inner = exception.GetProperty("innerException");
        Assert.Equal(typeof(TimeoutException).FullName, inner.GetProperty("type").GetString());
        Assert.Equal("inner", inner.GetProperty("message").GetString());
    }

    [Fact]
    public void Entries_below_the_minimum_level_are_not_written()
    {
        var logger = new LambdaLogger("f", LogLevel.Warning, output);

        logger.Trace("t");
        logger.Debug("d");
        logger.Info("i");
        logger.Warn("w");
        logger.Error("e");
        logger.Critical("c");

        var levels = output.Lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("level").GetString());
        Assert.Equal(["WARN", "ERROR", "FATAL"], levels);
        Assert.False(logger.IsEnabled(LogLevel.Information));
        Assert.True(logger.IsEnabled(LogLevel.Warning));
    }

    [Fact]
    public async Task Request_and_trace_id_appear_only_inside_an_invocation_scope_and_only_on_its_async_flow()
    {
        var logger = new LambdaLogger("f", LogLevel.Information, output);
        var otherFlowMayLog = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var otherFlow = Task.Run(async () =>
        {
            await otherFlowMayLog.Task;
            logger.Info("other flow");
        }, TestContext.Current.CancellationToken);

        logger.Info("before");
        using (logger.BeginInvocation("req-42", "Root=1-xyz"))
        {
            logger.Info("inside");
            otherFlowMayLog.SetResult();
            await otherFlow;
            await Task.Yield();
            logger.Info("inside after await");
        }
        logger.Info("after");

        var byMessage = output.Lines.Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(e => e.GetProperty("message").GetString()!);
        Assert.Equal("req-42", byMessage["inside"].GetProperty("requestId").GetString());
        Assert.Equal("Root=1-xyz", byMessage["inside"].GetProperty("traceId").GetString());
        Assert.Equal("req-42", byMessage["inside after await"].GetProperty("requestId").GetString());
        Assert.False(byMessage["before"].TryGetProperty("requestId", out _));
        Assert.False(byMessage["after"].TryGetProperty("requestId", out _));
        Assert.False(byMessage["other flow"].TryGetProperty("requestId", out _));
    }

    [Fact]
    public void A_property_named_like_an_envelope_field_cannot_overwrite_it()
    {
        var logger = new LambdaLogger("real-function", LogLevel.Information, output);

        logger.Info("the message", ("message", "spoofed"), ("level", "DEBUG"), ("functionName", "other"));

        var line = JsonDocument.Parse(Assert.Single(output.Lines)).RootElement;
        Assert.Equal("the message", line.GetProperty("message").GetString());
        Assert.Equal("INFO", line.GetProperty("level").GetString());
        Assert.Equal("real-function", line.GetProperty("functionName").GetString());
        Assert.Equal("spoofed", line.GetProperty("_message").GetString());
        Assert.Equal(1, line.EnumerateObject().Count(p => p.Name == "message"));
    }

    [Fact]
    public async Task Concurrent_writers_never_interleave_lines()
    {
        var logger = new LambdaLogger("f", LogLevel.Information, output);
        const int writers = 8;
        const int perWriter = 250;

        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < perWriter; i++)
                logger.Info("entry", ("writer", w), ("index", i), ("padding", new string('p', 200)));
        }, TestContext.Current.CancellationToken)));

        var lines = output.Lines;
        Assert.Equal(writers * perWriter, lines.Count);
        var keys = lines.Select(l => JsonDocument.Parse(l).RootElement)
            .Select(e => (e.GetProperty("writer").GetInt32(), e.GetProperty("index").GetInt32()))
            .ToHashSet();
        Assert.Equal(writers * perWriter, keys.Count);
    }

    [Fact]
    public void Logging_never_throws_even_when_a_property_cannot_be_formatted()
    {
        var logger = new LambdaLogger("f", LogLevel.Information, output);

        logger.Info("with a broken property", ("bad", new ThrowingToString()));

        var line = JsonDocument.Parse(Assert.Single(output.Lines)).RootElement;
        Assert.Equal("with a broken property", line.GetProperty("message").GetString());
        Assert.Contains("threw", line.GetProperty("bad").GetString());
    }

    [Theory]
    [InlineData("DEBUG", null, LogLevel.Debug)]
    [InlineData("warn", "ERROR", LogLevel.Warning)] // AWS_LAMBDA_LOG_LEVEL wins over LOG_LEVEL
    [InlineData(null, "ERROR", LogLevel.Error)]
    [InlineData(null, "Critical", LogLevel.Critical)]
    [InlineData("", "trace", LogLevel.Trace)]
    [InlineData(null, null, LogLevel.Information)]
    [InlineData("nonsense", null, LogLevel.Information)]
    public void Minimum_level_comes_from_AWS_LAMBDA_LOG_LEVEL_then_LOG_LEVEL(string? lambdaLogLevel, string? logLevel, LogLevel expected)
    {
        var variables = new Dictionary<string, string>();
        if (lambdaLogLevel is not null)
            variables["AWS_LAMBDA_LOG_LEVEL"] = lambdaLogLevel;
        if (logLevel is not null)
            variables["LOG_LEVEL"] = logLevel;

        Assert.Equal(expected, LambdaEnvironment.FromVariables(variables).MinimumLogLevel);
    }

    [Fact]
    public void Environment_reads_function_name_memory_and_runtime_api()
    {
        var environment = LambdaEnvironment.FromVariables(new Dictionary<string, string>
        {
            ["AWS_LAMBDA_FUNCTION_NAME"] = "process-invoice",
            ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "1024",
            ["AWS_LAMBDA_RUNTIME_API"] = "127.0.0.1:9001",
            ["AWS_REGION"] = "eu-west-1",
        });

        Assert.Equal("process-invoice", environment.FunctionName);
        Assert.Equal(1024, environment.MemoryLimitInMB);
        Assert.Equal("127.0.0.1:9001", environment.RuntimeApi);
        Assert.Equal("eu-west-1", environment.Region);
        Assert.Null(LambdaEnvironment.FromVariables(new Dictionary<string, string>()).RuntimeApi);
    }

    [Fact]
    public void Test_context_logger_captures_entries_for_handler_tests()
    {
        var context = new TestLambdaContext { AwsRequestId = "req-t", RemainingTime = TimeSpan.FromMinutes(1) };

        context.Logger.Info("saved", ("invoiceId", "inv-1"));
        ((ILambdaContext)context).Logger.Error("failed", new InvalidOperationException("x"), ("attempt", 2));

        Assert.Collection(context.Logger.Entries,
            e =>
            {
                Assert.Equal((LogLevel.Information, "saved"), (e.Level, e.Message));
                Assert.Equal("inv-1", e.Property("invoiceId"));
            },
            e =>
            {
                Assert.Equal(LogLevel.Error, e.Level);
                Assert.IsType<InvalidOperationException>(e.Exception);
                Assert.Equal(2, e.Property("attempt"));
            });
        Assert.InRange(context.RemainingTime, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Equal(TimeSpan.Zero, new TestLambdaContext { Deadline = DateTimeOffset.UtcNow.AddSeconds(-5) }.RemainingTime);
    }

    private static void ThrowWrapped()
    {
        try
        {
            throw new TimeoutException("inner");
        }
        catch (TimeoutException ex)
        {
            throw new InvalidOperationException("outer", ex);
        }
    }

    private sealed record Money(decimal Amount, string Currency)
    {
        public override string ToString() => $"{Amount.ToString(CultureInfo.InvariantCulture)} {Currency}";
    }

    private sealed class ThrowingToString
    {
        public override string ToString() => throw new InvalidOperationException("no text");
    }
}
