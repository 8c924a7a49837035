using System.Net.Sockets;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.S3;
using Amazon.S3.Model;
using InvoiceScanner.LocalHost;
using InvoiceScanner.LocalHost.Emulators;

namespace InvoiceScanner.IntegrationTests;

/// <summary>
/// The stack crashes an emulator on command and brings it back on the same port (what the reliability suite builds
/// on): requests fail meanwhile with connection errors, afterwards the data is still there and writes work. DynamoDB
/// keeps its tables because this stack gives it a data folder; the in-memory default is what every other test runs.
/// </summary>
public sealed class EmulatorOutageTests(EmulatorOutageTests.OutageStackFixture fixture)
    : IClassFixture<EmulatorOutageTests.OutageStackFixture>, IDisposable
{
    private const string Table = "outage-tests";
    private static readonly TimeSpan Down = TimeSpan.FromSeconds(2);

    private readonly AmazonS3Client _s3 = StackProvisioner.CreateS3Client(fixture.Stack.Endpoints.S3, fixture.Stack.Options.Region);
    private readonly AmazonDynamoDBClient _dynamoDb = StackProvisioner.CreateDynamoDbClient(fixture.Stack.Endpoints.DynamoDb, fixture.Stack.Options.Region);

    // No retries and a short timeout: a request during the outage must fail, not wait it out.
    private readonly AmazonS3Client _s3Probe = new(StackProvisioner.Credentials, new AmazonS3Config
    {
        ServiceURL = fixture.Stack.Endpoints.S3.ToString(), AuthenticationRegion = fixture.Stack.Options.Region,
        ForcePathStyle = true, UseHttp = true, MaxErrorRetry = 0, Timeout = TimeSpan.FromSeconds(5),
    });
    private readonly AmazonDynamoDBClient _dynamoDbProbe = new(StackProvisioner.Credentials, new AmazonDynamoDBConfig
    {
        ServiceURL = fixture.Stack.Endpoints.DynamoDb.ToString(), AuthenticationRegion = fixture.Stack.Options.Region,
        MaxErrorRetry = 0, Timeout = TimeSpan.FromSeconds(5),
    });

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private string Bucket => fixture.Stack.Options.BucketName;

    [Fact]
    public async Task A_DynamoDB_outage_fails_requests_meanwhile_then_the_table_and_its_items_are_back_and_writes_work()
    {
        await EnsureTableAsync();
        var id = NewId();
        await _dynamoDb.PutItemAsync(Table, Item(id, "before"), Cancellation);
        var javaBefore = fixture.Stack.Endpoints.DynamoDbPid!.Value;

        var outage = fixture.Stack.OutageAsync(EmulatorService.DynamoDb, Down, Cancellation);
        var failure = await FirstFailureDuringAsync(outage, () => _dynamoDbProbe.GetItemAsync(Table, Key(id), Cancellation));
        await outage;

        AssertConnectionError(failure);
        var javaAfter = fixture.Stack.Endpoints.DynamoDbPid!.Value;
        Assert.NotEqual(javaBefore, javaAfter);
        Assert.True(ProcessLiveness.IsAlive(javaAfter), $"the new DynamoDB Local ({javaAfter}) should run");
        Assert.Empty(await ProcessLiveness.WaitUntilGoneAsync([javaBefore], TimeSpan.FromSeconds(10)));
        Assert.Equal(javaAfter, fixture.Stack.Status().DynamoDbPid);
        Assert.Equal("before", (await _dynamoDb.GetItemAsync(Table, Key(id), true, Cancellation)).Item["state"].S);
        await _dynamoDb.PutItemAsync(Table, Item(id, "after"), Cancellation);
        Assert.Equal("after", (await _dynamoDb.GetItemAsync(Table, Key(id), true, Cancellation)).Item["state"].S);
    }

    [Fact]
    public async Task An_S3_outage_cuts_connections_meanwhile_then_the_objects_are_back_and_PUT_works()
    {
        var key = $"outage/{NewId()}.txt";
        await PutAsync(key, "kept");

        var outage = fixture.Stack.OutageAsync(EmulatorService.S3, Down, Cancellation);
        var failure = await FirstFailureDuringAsync(outage, () => ReadAsync(_s3Probe, key));
        await outage;

        AssertConnectionError(failure);
        Assert.Equal("kept", await ReadAsync(_s3, key));
        await PutAsync(key + ".new", "new");
        Assert.Equal("new", await ReadAsync(_s3, key + ".new"));
    }

    [Fact]
    public async Task An_unknown_service_is_refused_and_both_emulators_keep_running()
    {
        var javaBefore = fixture.Stack.Endpoints.DynamoDbPid;

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(
            () => fixture.Stack.OutageAsync((EmulatorService)42, Down, Cancellation));

        Assert.Contains("unknown service \"42\"", refused.Message, StringComparison.Ordinal);
        Assert.Equal(javaBefore, fixture.Stack.Endpoints.DynamoDbPid);
        await _dynamoDbProbe.ListTablesAsync(new ListTablesRequest(), Cancellation);
        await _s3Probe.ListBucketsAsync(new ListBucketsRequest(), Cancellation);
    }

    [Fact]
    public async Task A_stack_on_emulators_it_did_not_start_refuses_outages()
    {
        var root = Directory.CreateTempSubdirectory("invoicescanner-outage-external-").FullName;
        try
        {
            using var log = new LogCapture(Path.Combine(root, "stack.log"));
            await using var stack = await LocalStack.StartAsync(fixture.Stack.Options with
            {
                StateDirectory = root,
                StartEmulators = false,
                S3Port = fixture.Stack.Endpoints.S3.Port,
                DynamoDbPort = fixture.Stack.Endpoints.DynamoDb.Port,
            }, new StackLog(log, log), Cancellation);

            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => stack.OutageAsync(EmulatorService.S3, Down, Cancellation));

            Assert.Contains("emulators this stack did not start", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Sends <paramref name="request"/> until one fails (returned) while <paramref name="outage"/> runs.</summary>
    private async Task<Exception> FirstFailureDuringAsync(Task outage, Func<Task> request)
    {
        while (!outage.IsCompleted)
        {
            try
            {
                await request();
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !Cancellation.IsCancellationRequested)
            {
                return ex;
            }
            await Task.Delay(50, Cancellation);
        }
        await outage; // its own error, if it failed
        throw new Xunit.Sdk.XunitException("No request failed during the outage.");
    }

    private static void AssertConnectionError(Exception failure)
    {
        for (var error = failure; error is not null; error = error.InnerException)
        {
            if (error is HttpRequestException or SocketException or IOException)
                return;
        }
        Assert.Fail($"Expected a connection error, got {failure}");
    }

    private async Task EnsureTableAsync()
    {
        try
        {
            await _dynamoDb.CreateTableAsync(new CreateTableRequest
            {
                TableName = Table,
                KeySchema = [new KeySchemaElement("id", KeyType.HASH)],
                AttributeDefinitions = [new AttributeDefinition("id", ScalarAttributeType.S)],
                BillingMode = BillingMode.PAY_PER_REQUEST,
            }, Cancellation);
        }
        catch (ResourceInUseException)
        {
            // Another test created it.
        }
    }

    // s3rver stores aws-chunked bodies as sent: plain PUTs, as the product's S3ObjectStore does.
    private Task PutAsync(string key, string content) =>
        _s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, ContentBody = content, UseChunkEncoding = false }, Cancellation);

    private async Task<string> ReadAsync(IAmazonS3 s3, string key)
    {
        using var response = await s3.GetObjectAsync(Bucket, key, Cancellation);
        using var reader = new StreamReader(response.ResponseStream);
        return await reader.ReadToEndAsync(Cancellation);
    }

    private static string NewId() => Guid.NewGuid().ToString("N");

    private static Dictionary<string, AttributeValue> Key(string id) => new() { ["id"] = new AttributeValue(id) };

    private static Dictionary<string, AttributeValue> Item(string id, string state) =>
        new() { ["id"] = new AttributeValue(id), ["state"] = new AttributeValue(state) };

    public void Dispose()
    {
        _s3.Dispose();
        _dynamoDb.Dispose();
        _s3Probe.Dispose();
        _dynamoDbProbe.Dispose();
    }

    /// <summary>Just the emulators (no functions, no API) with DynamoDB Local on a data folder.</summary>
    public sealed class OutageStackFixture() : LocalStackFixture("emulator-outage")
    {
        private readonly string _dynamoDbDirectory = Directory.CreateTempSubdirectory("invoicescanner-outage-dynamodb-").FullName;

        public override async ValueTask InitializeAsync() =>
            await StartAsync(new Dictionary<string, string>(), options => options with
            {
                OnlyFunctions = [],
                ServeApi = false,
                BridgeS3Events = false,
                DynamoDbDataDirectory = _dynamoDbDirectory,
            }, TimeSpan.FromMinutes(2));

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            Directory.Delete(_dynamoDbDirectory, recursive: true);
        }
    }
}
