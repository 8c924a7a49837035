using InvoiceScanner.Core.Downloads;
using InvoiceScanner.Core.Export;
using InvoiceScanner.TestSupport.Fakes;

namespace GetInvoices.Tests;

/// <summary>The handler as Program.cs wires it, over the in-memory table and bucket.</summary>
internal static class TestHandlers
{
    public static GetInvoicesHandler Get(InMemoryInvoiceRepository invoices, InMemoryObjectStore objects, ManualClock clock,
        FakeDownloadUrlSigner? signer = null, ExportSettings? settings = null, int pageSize = 100,
        Func<string, string?>? environment = null) =>
        Wired(invoices, objects, clock, signer ?? new FakeDownloadUrlSigner(), settings, pageSize, environment);

    private static GetInvoicesHandler Wired(InMemoryInvoiceRepository invoices, InMemoryObjectStore objects, ManualClock clock,
        FakeDownloadUrlSigner signer, ExportSettings? settings, int pageSize, Func<string, string?>? environment) =>
        new(invoices,
            new InvoiceExport(invoices, objects, signer, clock, settings ?? new ExportSettings()) { PageSize = pageSize },
            new InvoiceDownloads(invoices, objects, signer, clock),
            new HealthEndpoint(clock, environment ?? (_ => null)));
}
