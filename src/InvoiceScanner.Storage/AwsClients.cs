using Amazon;
using Amazon.DynamoDBv2;
using Amazon.S3;
using InvoiceScanner.Core.Configuration;

namespace InvoiceScanner.Storage;

/// <summary>Builds the SDK clients from <see cref="FunctionSettings"/>, pointing them at local stand-ins when configured.</summary>
public static class AwsClients
{
    public static IAmazonS3 CreateS3(FunctionSettings settings)
    {
        var config = new AmazonS3Config { RegionEndpoint = RegionEndpoint.GetBySystemName(settings.Region) };
        if (settings.S3Endpoint is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = settings.Region;
            // Emulators serve buckets by path, not by virtual host.
            config.ForcePathStyle = true;
        }
        return new AmazonS3Client(config);
    }

    public static IAmazonDynamoDB CreateDynamoDb(FunctionSettings settings)
    {
        var config = new AmazonDynamoDBConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(settings.Region) };
        if (settings.DynamoDbEndpoint is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = settings.Region;
        }
        return new AmazonDynamoDBClient(config);
    }
}
