using System.Text;
using InvoiceScanner.FakeAws;
using InvoiceScanner.LocalHost.Runtime;

namespace InvoiceScanner.LocalHost.Sns;

/// <summary>
/// The SNS subscription of Textract's completion topic: every notice the fake Textract publishes becomes the event SNS
/// delivers to a subscribed Lambda function (one record, <see cref="SnsNotification.ToLambdaEventJson"/>), invoked
/// asynchronously the way the S3 bridge invokes functions: at least once, retried twice after a function error.
/// </summary>
public sealed class SnsNotificationBridge(
    string functionLogicalId,
    IReadOnlyDictionary<string, FunctionRuntime> functions,
    int duplicates,
    TimeSpan retryDelay,
    StackLog log) : IAsyncDisposable
{
    private readonly PendingDeliveries _deliveries = new("SNS deliveries", log);

    /// <summary>Every notice published to the topic, in order (also those that arrived while the stack was stopping).</summary>
    public WaitableLog<SnsNotification> Received { get; } = new();

    /// <summary>The function subscribed to the topic.</summary>
    public string FunctionLogicalId { get; } = functionLogicalId;

    /// <summary>Schedules the deliveries of one notice; returns how many invocations were scheduled (0 once stopping).</summary>
    public int Accept(SnsNotification notification)
    {
        Received.Add(notification);
        if (_deliveries.Stopped)
        {
            log.Info($"{notification.TopicArn}: notice {notification.MessageId} arrived while stopping; not delivered");
            return 0;
        }
        if (!functions.TryGetValue(FunctionLogicalId, out var function))
        {
            log.Warn($"{notification.TopicArn}: {FunctionLogicalId} is not running; notice {notification.MessageId} dropped");
            return 0;
        }
        var payload = Encoding.UTF8.GetBytes(notification.ToLambdaEventJson());
        var copies = Math.Max(1, duplicates);
        for (var copy = 0; copy < copies; copy++)
            _deliveries.Track(DeliverAsync(function, payload, notification.MessageId));
        return copies;
    }

    private Task DeliverAsync(FunctionRuntime function, byte[] payload, string messageId) =>
        AsyncInvocation.DeliverAsync(function, payload, InvocationSource.SnsNotification, $"SNS notice {messageId}", retryDelay, log, _deliveries.Stopping);

    public async ValueTask DisposeAsync() => await _deliveries.StopAsync();
}
