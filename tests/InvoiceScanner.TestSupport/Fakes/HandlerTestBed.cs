using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Storage;
using InvoiceScanner.Hosting.Events;

namespace InvoiceScanner.TestSupport.Fakes;

/// <summary>What every handler test starts from: a clock, in-memory table and bucket, and a Lambda context.</summary>
public abstract class HandlerTestBed
{
    /// <summary>The invoice id the sample events in events/ name.</summary>
    public const string SampleInvoiceId = "01KAQ4N0Z6X8F0M6TV2C9R7B3D";
    public const string SampleUploadKey = "uploads/user-alice/01KAQ4N0Z6X8F0M6TV2C9R7B3D/My Invoice (2).pdf";
    public const string LocalBucket = "invoicescanner-local";

    protected ManualClock Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 18, 0, 0, TimeSpan.Zero));
    protected InMemoryInvoiceRepository Invoices { get; } = new();
    protected InMemoryObjectStore Objects { get; } = new(LocalBucket);
    protected TestLambdaContext Context { get; } = new();

    protected static T Body<T>(APIGatewayHttpApiV2ProxyResponse response, JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(response.Body!, type)!;

    protected async Task SeedAsync(string user, string id, InvoiceStatus status = InvoiceStatus.AwaitingUpload, string fileName = "My Invoice (2).pdf")
    {
        await Invoices.CreateAsync(new InvoiceRecord(user, id, InvoiceStatus.AwaitingUpload, Clock.Now, Clock.Now, fileName,
            ObjectKeys.Upload(user, id, fileName), "application/pdf"), CancellationToken.None);
        if (status != InvoiceStatus.AwaitingUpload)
            await Invoices.TransitionAsync(user, id, new StatusUpdate(status, Clock.Now), CancellationToken.None);
    }
}
