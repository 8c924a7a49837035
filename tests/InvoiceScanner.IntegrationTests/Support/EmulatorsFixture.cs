using Amazon.DynamoDBv2;
using Amazon.S3;
using InvoiceScanner.LocalHost;
using InvoiceScanner.LocalHost.Emulators;

namespace InvoiceScanner.IntegrationTests.Support;

/// <summary>
/// Just the emulators (s3rver and DynamoDB Local) on free ports, with one bucket and one table of the product's
/// schema, for adapter contract tests. Tests keep out of each other's way with their own user ids and keys.
/// </summary>
public sealed class EmulatorsFixture : IAsyncLifetime
{
    public const string Region = "us-east-1";
    public const string BucketName = "contract-tests";
    public const string TableName = "contract-tests-invoices";

    private readonly string _root = Directory.CreateTempSubdirectory("invoicescanner-emulators-").FullName;
    private EmulatorsProcess? _emulators;
    private LogCapture? _log;

    public EmulatorEndpoints Endpoints => _emulators!.Endpoints;
    public IAmazonS3 S3 { get; private set; } = null!;
    public IAmazonDynamoDB DynamoDb { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await StackPaths.EnsureNpmPackagesAsync(CancellationToken.None);
        _log = new LogCapture(Path.Combine(_root, "emulators.log"));
        using var startup = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        _emulators = await EmulatorsProcess.StartAsync(
            Path.Combine(StackPaths.RepositoryRoot, "local", "emulators.js"), s3Port: 0, dynamoDbPort: 0,
            Path.Combine(_root, "s3"), BucketName, sinkUrl: null, new StackLog(_log, _log), startup.Token);
        S3 = StackProvisioner.CreateS3Client(Endpoints.S3, Region);
        DynamoDb = StackProvisioner.CreateDynamoDbClient(Endpoints.DynamoDb, Region);
        await StackProvisioner.EnsureBucketAsync(S3, BucketName, startup.Token);
        await StackProvisioner.CreateTableAsync(DynamoDb, TableName, startup.Token);
    }

    public async ValueTask DisposeAsync()
    {
        S3?.Dispose();
        DynamoDb?.Dispose();
        if (_emulators is not null)
            await _emulators.DisposeAsync();
        _log?.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
