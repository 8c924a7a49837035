using System.Text.Json.Serialization;

namespace InvoiceScanner.Hosting.Events;

// Shaped like Amazon.Lambda.SNSEvents (flattened). SNS's Lambda payload uses PascalCase member names.

/// <summary>An SNS notification delivered to Lambda (e.g. Textract's async job completion).</summary>
public class SNSEvent
{
    [JsonPropertyName("Records")]
    public List<SNSRecord> Records { get; set; } = [];
}

public class SNSRecord
{
    [JsonPropertyName("EventSource")]
    public string? EventSource { get; set; }

    [JsonPropertyName("EventSubscriptionArn")]
    public string? EventSubscriptionArn { get; set; }

    [JsonPropertyName("EventVersion")]
    public string? EventVersion { get; set; }

    [JsonPropertyName("Sns")]
    public SNSMessage Sns { get; set; } = new();
}

public class SNSMessage
{
    /// <summary>"Notification".</summary>
    [JsonPropertyName("Type")]
    public string? Type { get; set; }

    [JsonPropertyName("MessageId")]
    public string? MessageId { get; set; }

    [JsonPropertyName("TopicArn")]
    public string? TopicArn { get; set; }

    [JsonPropertyName("Subject")]
    public string? Subject { get; set; }

    /// <summary>The published text; for Textract a JSON document (JobId, Status, API, DocumentLocation …).</summary>
    [JsonPropertyName("Message")]
    public string Message { get; set; } = "";

    [JsonPropertyName("Timestamp")]
    public DateTime Timestamp { get; set; }

    [JsonPropertyName("SignatureVersion")]
    public string? SignatureVersion { get; set; }

    [JsonPropertyName("Signature")]
    public string? Signature { get; set; }

    [JsonPropertyName("SigningCertUrl")]
    public string? SigningCertUrl { get; set; }

    [JsonPropertyName("UnsubscribeUrl")]
    public string? UnsubscribeUrl { get; set; }

    [JsonPropertyName("MessageAttributes")]
    public Dictionary<string, SNSMessageAttribute>? MessageAttributes { get; set; }
}

public class SNSMessageAttribute
{
    [JsonPropertyName("Type")]
    public string? Type { get; set; }

    [JsonPropertyName("Value")]
    public string? Value { get; set; }
}
