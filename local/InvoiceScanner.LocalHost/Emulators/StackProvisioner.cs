using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using InvoiceScanner.Storage.DynamoDb;

namespace InvoiceScanner.LocalHost.Emulators;

/// <summary>Creates what template.yaml would: the bucket and the invoices table (idempotent).</summary>
public static class StackProvisioner
{
    /// <summary>s3rver's fixed credentials; DynamoDB Local accepts any, so every local client uses these.</summary>
    public static readonly BasicAWSCredentials Credentials = new("S3RVER", "S3RVER");

    public static AmazonS3Client CreateS3Client(Uri endpoint, string region) => new(Credentials, new AmazonS3Config
    {
        ServiceURL = endpoint.ToString(),
        AuthenticationRegion = region,
        ForcePathStyle = true,
        UseHttp = true,
        MaxErrorRetry = 2,
    });

    public static AmazonDynamoDBClient CreateDynamoDbClient(Uri endpoint, string region) => new(Credentials, new AmazonDynamoDBConfig
    {
        ServiceURL = endpoint.ToString(),
        AuthenticationRegion = region,
        MaxErrorRetry = 2,
    });

    public static async Task ProvisionAsync(EmulatorEndpoints endpoints, LocalStackOptions options, CancellationToken cancellationToken)
    {
        using (var s3 = CreateS3Client(endpoints.S3, options.Region))
            await EnsureBucketAsync(s3, options.BucketName, cancellationToken);

        using var dynamoDb = CreateDynamoDbClient(endpoints.DynamoDb, options.Region);
        await CreateTableAsync(dynamoDb, options.TableName, cancellationToken);
    }

    /// <summary>Creates the bucket unless it exists already.</summary>
    public static async Task EnsureBucketAsync(IAmazonS3 s3, string bucketName, CancellationToken cancellationToken)
    {
        var buckets = await s3.ListBucketsAsync(new ListBucketsRequest(), cancellationToken);
        if (buckets.Buckets?.Any(b => b.BucketName == bucketName) != true)
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucketName }, cancellationToken);
        // The web app (served by the gateway on another port) PUTs files to presigned URLs and follows a large export's link.
        await s3.PutCORSConfigurationAsync(new PutCORSConfigurationRequest
        {
            BucketName = bucketName,
            Configuration = new CORSConfiguration
            {
                Rules =
                [
                    new CORSRule
                    {
                        AllowedMethods = ["PUT", "GET"],
                        AllowedOrigins = ["http://127.0.0.1:*", "http://localhost:*"],
                        AllowedHeaders = ["*"],
                        ExposeHeaders = ["ETag"],
                        MaxAgeSeconds = 600,
                    },
                ],
            },
        }, cancellationToken);
    }

    /// <summary>The table as the product defines it (InvoiceTableDefinition), unless it exists already.</summary>
    public static async Task CreateTableAsync(IAmazonDynamoDB dynamoDb, string tableName, CancellationToken cancellationToken)
    {
        try
        {
            await dynamoDb.CreateTableAsync(InvoiceTableDefinition.Create(tableName), cancellationToken);
        }
        catch (ResourceInUseException)
        {
            return; // exists (an `invoke --no-stack` against a running `up`)
        }
        // DynamoDB Local creates tables synchronously; still wait for ACTIVE as against AWS (bounded).
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var description = await dynamoDb.DescribeTableAsync(tableName, cancellationToken);
            if (description.Table.TableStatus == TableStatus.ACTIVE)
                return;
            await Task.Delay(200, cancellationToken);
        }
        throw new InvalidOperationException($"Table {tableName} did not become ACTIVE.");
    }
}
