using System.Text.Json.Serialization;

namespace InvoiceScanner.Hosting.Events;

// Shaped and named like Amazon.Lambda.S3Events (flattened to top-level types) so the official package can replace
// these later. Wire names are the S3 notification's own (camelCase, with a few irregular ones pinned explicitly).

/// <summary>An S3 event notification (Lambda trigger, or the body of an SQS/SNS message).</summary>
public class S3Event
{
    [JsonPropertyName("Records")]
    public List<S3EventNotificationRecord> Records { get; set; } = [];
}

public class S3EventNotificationRecord
{
    /// <summary>"2.1", "2.2", "2.3" … — don't pin it.</summary>
    public string? EventVersion { get; set; }

    /// <summary>"aws:s3".</summary>
    public string? EventSource { get; set; }

    public string? AwsRegion { get; set; }

    public DateTime EventTime { get; set; }

    /// <summary>e.g. "ObjectCreated:Put", "ObjectRemoved:Delete".</summary>
    public string EventName { get; set; } = "";

    public S3UserIdentity? UserIdentity { get; set; }

    public S3RequestParameters? RequestParameters { get; set; }

    public S3ResponseElements? ResponseElements { get; set; }

    public S3Entity S3 { get; set; } = new();
}

public class S3UserIdentity
{
    public string? PrincipalId { get; set; }
}

public class S3RequestParameters
{
    [JsonPropertyName("sourceIPAddress")]
    public string? SourceIPAddress { get; set; }
}

public class S3ResponseElements
{
    [JsonPropertyName("x-amz-request-id")]
    public string? XAmzRequestId { get; set; }

    [JsonPropertyName("x-amz-id-2")]
    public string? XAmzId2 { get; set; }
}

public class S3Entity
{
    [JsonPropertyName("s3SchemaVersion")]
    public string? S3SchemaVersion { get; set; }

    public string? ConfigurationId { get; set; }

    public S3BucketEntity Bucket { get; set; } = new();

    public S3ObjectEntity Object { get; set; } = new();
}

public class S3BucketEntity
{
    public string Name { get; set; } = "";

    public S3UserIdentity? OwnerIdentity { get; set; }

    public string? Arn { get; set; }
}

public class S3ObjectEntity
{
    /// <summary>URL-encoded as S3 sends it (spaces as '+'): use <see cref="S3NotificationKeys.Decode"/> before GetObject.</summary>
    public string Key { get; set; } = "";

    public long Size { get; set; }

    [JsonPropertyName("eTag")]
    public string? ETag { get; set; }

    /// <summary>Null unless the bucket is versioned.</summary>
    public string? VersionId { get; set; }

    /// <summary>Hex string ordering events for one key; compare with <see cref="S3NotificationKeys.CompareSequencers"/>.</summary>
    public string? Sequencer { get; set; }
}
