using System.Globalization;
using CsvHelper;
using InvoiceScanner.Core.Export;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Hosting.Events;
using InvoiceScanner.TestSupport;
using InvoiceScanner.TestSupport.Fakes;

namespace GetInvoices.Tests;

/// <summary>Invoices read to an end with the fields given, the export request, and the CSV read back by CsvHelper.</summary>
public abstract class ExportTestBed : HandlerTestBed
{
    protected const string Alice = "user-alice";
    protected const string Bob = "user-bob";

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected FakeDownloadUrlSigner Signer { get; } = new();

    protected GetInvoicesHandler Handler(long inlineMaxBytes = 4L * 1024 * 1024, int pageSize = 100) =>
        TestHandlers.Get(Invoices, Objects, Clock, Signer, new ExportSettings { InlineMaxBytes = inlineMaxBytes }, pageSize);

    /// <summary>GET /invoices/export?{query} as <paramref name="user"/>, shaped as API Gateway delivers it.</summary>
    protected static APIGatewayHttpApiV2ProxyRequest ExportRequest(string query = "", string? user = Alice)
    {
        var request = Events.Http("list-invoices.json").As(user);
        request.RouteKey = "GET /invoices/export";
        request.RawPath = "/invoices/export";
        request.RawQueryString = query;
        request.QueryStringParameters = query.Length == 0 ? null : query.Split('&')
            .Select(p => p.Split('=', 2))
            .GroupBy(p => p[0], p => Uri.UnescapeDataString(p[1]))
            .ToDictionary(g => g.Key, g => string.Join(',', g)); // repeated parameters arrive comma-joined
        return request;
    }

    protected Task<APIGatewayHttpApiV2ProxyResponse> ExportAsync(string query = "", string user = Alice) =>
        Handler().HandleAsync(ExportRequest(query, user), Context);

    protected static Field<T> F<T>(T value) => new(value, Convert.ToString(value, CultureInfo.InvariantCulture)!, 0.9);

    protected static InvoiceFields Fields(string vendor, string number, DateOnly? date, decimal? total, string currency = "EUR") => new()
    {
        VendorName = F(vendor),
        InvoiceNumber = F(number),
        InvoiceDate = date is { } d ? F(d) : null,
        Total = total is { } t ? F(t) : null,
        Currency = F(currency),
    };

    /// <summary>A new invoice of <paramref name="user"/>, uploaded now (the clock moves a minute first), read to <paramref name="status"/>.</summary>
    protected async Task<string> SeedReadAsync(string user, InvoiceFields fields, InvoiceStatus status = InvoiceStatus.Completed,
        IReadOnlyList<LineItem>? lines = null, IReadOnlyList<ReviewReason>? reasons = null, string fileName = "scan.pdf")
    {
        Clock.Advance(TimeSpan.FromMinutes(1));
        var id = InvoiceId.New(Clock.Now);
        await SeedAsync(user, id, InvoiceStatus.Processing, fileName);
        await Invoices.TransitionAsync(user, id, new StatusUpdate(InvoiceStatus.Extracting, Clock.Now), Ct);
        var result = new ExtractionResult(fields, lines ?? [], reasons ?? [], 0.9, "rules");
        await Invoices.TransitionAsync(user, id, new StatusUpdate(status, Clock.Now) { Result = result }, Ct);
        return id;
    }

    /// <summary>Stores a person's change of the invoice (corrections, an approval) as the review loop would.</summary>
    protected async Task ChangeAsync(string user, string id, Func<InvoiceRecord, InvoiceRecord> change)
    {
        var stored = (await Invoices.GetAsync(user, id, Ct))!;
        var outcome = await Invoices.SaveChangeAsync(change(stored) with { Version = stored.Version + 1 }, stored.Version, [], null, Ct);
        Assert.Equal(InvoiceScanner.Core.Ports.ChangeOutcome.Applied, outcome);
    }

    /// <summary>
    /// The CSV as CsvHelper reads it (RFC 4180, comma-separated, strict: bad quoting or a row of another width throws):
    /// the header and every row by column name.
    /// </summary>
    protected static (string[] Header, List<Dictionary<string, string>> Rows) ParseCsv(string csv)
    {
        var options = new CsvReaderOptions
        {
            Separator = ',',
            MalformedData = CsvMalformedDataHandling.Throw,
            FieldCountMismatch = CsvFieldCountHandling.Throw,
        };
        using var reader = CsvReader.FromText(csv, options);
        var header = reader.Headers.ToArray();
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read())
            rows.Add(header.Select((name, i) => (name, i)).ToDictionary(c => c.name, c => reader.GetString(c.i) ?? ""));
        return (header, rows);
    }
}
