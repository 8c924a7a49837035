using System.Text.Json;
using InvoiceScanner.Core;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.Core.Storage;
using InvoiceScanner.Storage.S3;
using InvoiceScanner.TestSupport.Fakes;

namespace InvoiceScanner.Tests.Domain;

/// <summary>What the extraction service stores of a result too large for an invoice record.</summary>
public class ResultCompactionTests
{
    private static ExtractionResult WithLines(int count)
    {
        var evidence = new Evidence(1, new BoundingBox(0.1, 0.2, 0.3, 0.01), "Widget, blue, size M  2  x  9.99  19.98");
        var lines = Enumerable.Range(1, count).Select(i => new LineItem(1)
        {
            Description = new Field<string>($"Widget number {i}, blue, size M", $"Widget number {i}, blue, size M", 0.9, evidence) { Trace = ["description column", "row " + i] },
            Amount = new Field<decimal>(19.98m, "19.98", 0.9, evidence) { Trace = ["amount column"] },
        }).ToList();
        return Documents.Result(19.98m * count, "EUR") with { LineItems = lines };
    }

    private static int Size(ExtractionResult result) =>
        JsonSerializer.SerializeToUtf8Bytes(result, InvoiceScannerJsonContext.Default.ExtractionResult).Length;

    [Fact]
    public void A_result_that_fits_is_stored_as_it_is()
    {
        var result = WithLines(20);

        Assert.Same(result, ResultCompaction.Fit(result));
    }

    [Fact]
    public void A_result_that_fits_without_traces_and_boxes_keeps_every_line()
    {
        var result = WithLines(200);
        var withoutEvidence = Size(result with { LineItems = result.LineItems.Select(l => l with { Description = l.Description! with { Evidence = null, Trace = [] }, Amount = l.Amount! with { Evidence = null, Trace = [] } }).ToList() });

        var fitted = ResultCompaction.Fit(result, maxBytes: withoutEvidence);

        Assert.Equal(200, fitted.LineItems.Count);
        Assert.All(fitted.LineItems, l => Assert.Null(l.Description!.Evidence));
        Assert.All(fitted.LineItems, l => Assert.Empty(l.Amount!.Trace));
        Assert.DoesNotContain(fitted.ReviewReasons, r => r.Code == "LINE_ITEMS_TRUNCATED");
    }

    [Fact]
    public void A_longer_result_loses_trailing_lines_and_says_so()
    {
        var result = WithLines(5000);
        Assert.True(Size(result) > ResultCompaction.MaxBytes);

        var fitted = ResultCompaction.Fit(result);

        Assert.True(Size(fitted) <= ResultCompaction.MaxBytes);
        Assert.InRange(fitted.LineItems.Count, 1, 4999);
        Assert.Equal(result.LineItems[0].Description!.Value, fitted.LineItems[0].Description!.Value);
        var reason = Assert.Single(fitted.ReviewReasons, r => r.Code == "LINE_ITEMS_TRUNCATED");
        Assert.Contains($"first {fitted.LineItems.Count} of 5000", reason.Message);
        Assert.Equal(result.Fields.Total!.Value, fitted.Fields.Total!.Value);
    }

    [Fact]
    public async Task The_extraction_service_stores_the_fitted_result_with_the_status_of_the_whole_one()
    {
        var invoices = new InMemoryInvoiceRepository();
        var objects = new InMemoryObjectStore();
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero));
        const string user = "alice", id = "01KAQ4N0Z6X8F0M6TV2C9R7B3D";
        await invoices.CreateAsync(new InvoiceRecord(user, id, InvoiceStatus.AwaitingUpload, clock.Now, clock.Now, "a.pdf",
            ObjectKeys.Upload(user, id, "a.pdf"), "application/pdf"), CancellationToken.None);
        await invoices.TransitionAsync(user, id, new StatusUpdate(InvoiceStatus.Processing, clock.Now), CancellationToken.None);
        await invoices.TransitionAsync(user, id, new StatusUpdate(InvoiceStatus.OcrComplete, clock.Now), CancellationToken.None);
        var ocrKey = ObjectKeys.OcrResult(user, id);
        var results = new S3OcrResultStore(objects);
        await results.SaveAsync(ocrKey, Documents.FromLines("Total 99 900.00 EUR"), CancellationToken.None);
        var processor = new ExtractionProcessor(invoices, results, new ScriptedExtractor(_ => WithLines(5000)), ExtractionOptions.Default, clock, new ProcessingSettings());

        var outcome = await processor.ExtractAsync(ocrKey, CancellationToken.None);

        var stored = (await invoices.GetAsync(user, id, CancellationToken.None))!;
        Assert.Equal("COMPLETED", outcome.Status);
        Assert.Equal(InvoiceStatus.Completed, stored.Status);
        Assert.True(Size(stored.Result!) <= ResultCompaction.MaxBytes);
        Assert.Contains(stored.Result!.ReviewReasons, r => r.Code == "LINE_ITEMS_TRUNCATED");
    }
}
