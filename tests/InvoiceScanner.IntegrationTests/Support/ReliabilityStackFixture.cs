using InvoiceScanner.LocalHost;
using InvoiceScanner.LocalHost.Cli;
using InvoiceScanner.LocalHost.Reliability;

namespace InvoiceScanner.IntegrationTests.Support;

/// <summary>The product set up as `reliability` sets it up: DynamoDB Local on disk (so it can be killed), Lambda-paced retries.</summary>
public sealed class ReliabilityStackFixture() : RealFunctionsStackFixture("reliability-stack")
{
    private readonly TemporaryDirectory _tables = new("invoicescanner-test-reliability-dynamodb-");

    protected override LocalStackOptions Configure(LocalStackOptions options) => ReliabilityRunner.Configure(options, _tables.Path);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _tables.Dispose();
    }
}
