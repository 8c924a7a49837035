using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using InvoiceScanner.Hosting;
using InvoiceScanner.Hosting.Events;

namespace InvoiceScanner.FakeAws;

/// <summary>
/// What the fake Textract publishes to a job's NotificationChannel.SNSTopicArn when the job ends: the topic, a message
/// id, the subject (Textract sends none), the message (the completion notice JSON) and when it was published.
/// </summary>
public sealed record SnsNotification(string TopicArn, string MessageId, string? Subject, string Message, DateTimeOffset Timestamp)
{
    /// <summary>The Lambda event as JSON, ready to be the body of an invocation.</summary>
    public string ToLambdaEventJson(string? subscriptionArn = null) => SnsLambdaEvents.ToJson(this, subscriptionArn);
}

/// <summary>Builds the event SNS delivers to a Lambda subscriber (one record per notification).</summary>
public static class SnsLambdaEvents
{
    /// <param name="subscriptionArn">Null = "{TopicArn}:{a stable id derived from the topic}", as SNS names subscriptions.</param>
    public static SNSEvent Build(SnsNotification notification, string? subscriptionArn = null) => Build([notification], subscriptionArn);

    public static SNSEvent Build(IEnumerable<SnsNotification> notifications, string? subscriptionArn = null) => new()
    {
        Records = notifications.Select(n => new SNSRecord
        {
            EventSource = "aws:sns",
            EventVersion = "1.0",
            EventSubscriptionArn = subscriptionArn ?? DefaultSubscriptionArn(n.TopicArn),
            Sns = new SNSMessage
            {
                Type = "Notification",
                MessageId = n.MessageId,
                TopicArn = n.TopicArn,
                Subject = n.Subject,
                Message = n.Message,
                Timestamp = n.Timestamp.UtcDateTime,
                SignatureVersion = "1",
                Signature = "EXAMPLE",
                SigningCertUrl = "EXAMPLE",
                UnsubscribeUrl = "EXAMPLE",
                MessageAttributes = [],
            },
        }).ToList(),
    };

    public static string ToJson(SnsNotification notification, string? subscriptionArn = null) =>
        JsonSerializer.Serialize(Build(notification, subscriptionArn), LambdaJsonContext.Default.SNSEvent);

    public static string ToJson(SNSEvent snsEvent) => JsonSerializer.Serialize(snsEvent, LambdaJsonContext.Default.SNSEvent);

    /// <summary>"{topic}:{uuid}" with a uuid derived from the topic, so one topic always has one subscription id.</summary>
    public static string DefaultSubscriptionArn(string topicArn)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("subscription:" + topicArn));
        return $"{topicArn}:{new Guid(hash.AsSpan(0, 16))}";
    }
}
