using InvoiceScanner.Core.Events;

namespace InvoiceScanner.Core.Ports;

/// <summary>Where invoice events go (EventBridge in AWS; the local stack's recorder, an in-memory list in tests).</summary>
public interface IInvoiceEventBus
{
    /// <summary>Publishes every event or throws; a partial failure is retried by the implementation before it throws.</summary>
    Task PublishAsync(IReadOnlyList<InvoiceEvent> events, CancellationToken cancellationToken);
}
