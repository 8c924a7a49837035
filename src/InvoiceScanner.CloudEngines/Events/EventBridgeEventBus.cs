using System.Text.Json;
using InvoiceScanner.CloudEngines.Aws;
using InvoiceScanner.Core.Events;
using InvoiceScanner.Core.Ports;

namespace InvoiceScanner.CloudEngines.Events;

/// <summary>
/// Invoice events on an EventBridge bus (PutEvents over awsJson1_1, SigV4 service "events"). Throttling and service
/// faults are retried by the transport; entries the bus refused one by one (FailedEntryCount) are sent again with
/// the same backoff, and what is still refused after the last attempt throws, naming the error codes.
/// </summary>
public sealed class EventBridgeEventBus : IInvoiceEventBus
{
    public const string SigningName = "events";
    public const string EndpointVariable = "AWS_ENDPOINT_URL_EVENTS";

    /// <summary>PutEvents takes at most this many entries per call.</summary>
    public const int MaxEntriesPerCall = 10;

    private static readonly AwsJsonOperation PutEvents = new("PutEvents", "/", "application/x-amz-json-1.1", "AWSEvents.PutEvents");

    private readonly AwsJsonTransport _transport;
    private readonly AwsRetryPolicy _retry;

    public EventBridgeEventBus(string busName, AwsClientOptions options, HttpClient? httpClient = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(busName);
        BusName = busName;
        _retry = options.Retry;
        _transport = new AwsJsonTransport(SigningName, options.ServiceUrl ?? AwsClientOptions.DefaultEndpoint("events", options.Region), options, httpClient);
    }

    /// <summary>The bus named <paramref name="busName"/>; region and endpoint from AWS_REGION / AWS_ENDPOINT_URL_EVENTS.</summary>
    public static EventBridgeEventBus FromEnvironment(string busName, Func<string, string?>? read = null) =>
        new(busName, AwsClientOptions.FromEnvironment(EndpointVariable, read));

    public string BusName { get; }

    public async Task PublishAsync(IReadOnlyList<InvoiceEvent> events, CancellationToken cancellationToken)
    {
        foreach (var chunk in events.Chunk(MaxEntriesPerCall))
            await PublishChunkAsync([.. chunk.Select(Entry)], cancellationToken).ConfigureAwait(false);
    }

    private PutEventsRequestEntry Entry(InvoiceEvent invoiceEvent) =>
        new(InvoiceEvents.Source, invoiceEvent.DetailType,
            JsonSerializer.Serialize(invoiceEvent.Detail, InvoiceEventsJsonContext.Default.InvoiceEventDetail), BusName)
        {
            Time = invoiceEvent.Detail.OccurredAt,
        };

    private async Task PublishChunkAsync(IReadOnlyList<PutEventsRequestEntry> entries, CancellationToken cancellationToken)
    {
        var pending = entries;
        for (var attempt = 1; ; attempt++)
        {
            var response = await _transport.SendAsync(PutEvents, new PutEventsRequest(pending),
                EventBridgeJsonContext.Default.PutEventsRequest, EventBridgeJsonContext.Default.PutEventsResponse, cancellationToken).ConfigureAwait(false);
            if (response.FailedEntryCount == 0)
                return;
            var results = response.Entries ?? [];
            // The answer lists one result per entry, in order; an entry without an EventId was not taken.
            var refused = pending.Where((_, i) => i >= results.Count || results[i].EventId is null).ToList();
            if (attempt >= _retry.MaxAttempts)
            {
                var codes = string.Join(", ", results.Where(r => r.ErrorCode is not null).Select(r => r.ErrorCode).Distinct());
                throw new AwsServiceException("PutEventsFailedEntries",
                    $"EventBridge refused {refused.Count} of {pending.Count} events after {attempt} attempts ({codes}).", 200, null);
            }
            pending = refused;
            await _retry.Delay(_retry.BackoffAfter(attempt), cancellationToken).ConfigureAwait(false);
        }
    }
}
