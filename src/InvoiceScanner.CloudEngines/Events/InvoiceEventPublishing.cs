using InvoiceScanner.Core.Events;
using InvoiceScanner.Core.Ports;

namespace InvoiceScanner.CloudEngines.Events;

/// <summary>How a function's repository comes to publish invoice events.</summary>
public static class InvoiceEventPublishing
{
    /// <summary>
    /// <paramref name="invoices"/> publishing to the EventBridge bus <paramref name="busName"/>; unchanged when no bus is
    /// configured (EVENT_BUS_NAME unset: tests, tools).
    /// </summary>
    public static IInvoiceRepository WithEvents(this IInvoiceRepository invoices, string? busName, Action<InvoiceEvent, Exception> unpublished) =>
        busName is null ? invoices
            : new PublishingInvoiceRepository(invoices, EventBridgeEventBus.FromEnvironment(busName), TimeProvider.System, unpublished);
}
