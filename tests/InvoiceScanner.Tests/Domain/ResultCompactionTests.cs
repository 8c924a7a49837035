using System.Reflection;
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

    private static readonly Evidence Box = new(1, new BoundingBox(0.1, 0.2, 0.3, 0.01), "printed text");

    /// <summary>The Field&lt;T&gt; properties of a record of the result (found by reflection: only the tests may).</summary>
    private static List<PropertyInfo> FieldProperties(Type type) =>
        type.GetProperties().Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(Field<>)).ToList();

    /// <summary><paramref name="record"/> with every field set, each with a trace, an evidence box and a flag.</summary>
    private static T Filled<T>(T record) where T : notnull
    {
        foreach (var property in FieldProperties(typeof(T)))
        {
            var valueType = property.PropertyType.GetGenericArguments()[0];
            object value = valueType == typeof(string) ? "text" : valueType == typeof(decimal) ? 12.34m
                : valueType == typeof(DateOnly) ? new DateOnly(2024, 3, 15) : throw new NotSupportedException($"{typeof(T).Name}.{property.Name}: Field<{valueType.Name}>");
            var field = Activator.CreateInstance(property.PropertyType, value, "raw", 0.9, Box)!;
            property.PropertyType.GetProperty(nameof(Field<string>.Trace))!.SetValue(field, new[] { "rule", "candidate" });
            property.PropertyType.GetProperty(nameof(Field<string>.Flags))!.SetValue(field, new[] { "FLAG" });
            property.SetValue(record, field);
        }
        return record;
    }

    private static void AssertLean(object record)
    {
        foreach (var property in FieldProperties(record.GetType()))
        {
            var name = $"{record.GetType().Name}.{property.Name}";
            var field = property.GetValue(record);
            Assert.True(field is not null, $"{name} was lost");
            var type = field.GetType();
            Assert.True(((IReadOnlyList<string>)type.GetProperty(nameof(Field<string>.Trace))!.GetValue(field)!).Count == 0, $"{name} keeps its trace");
            Assert.True(type.GetProperty(nameof(Field<string>.Evidence))!.GetValue(field) is null, $"{name} keeps its evidence");
            Assert.Equal(("raw", 0.9), ((string)type.GetProperty(nameof(Field<string>.Raw))!.GetValue(field)!, (double)type.GetProperty(nameof(Field<string>.Confidence))!.GetValue(field)!));
            Assert.Equal(["FLAG"], (IReadOnlyList<string>)type.GetProperty(nameof(Field<string>.Flags))!.GetValue(field)!);
        }
    }

    [Fact]
    public void Lean_drops_the_trace_and_evidence_of_every_field_of_every_record_of_the_result()
    {
        var result = new ExtractionResult(Filled(new InvoiceFields()), [Filled(new LineItem(1))], [], 0.9, "test")
        {
            TaxBreakdown = [Filled(new TaxSubtotal())],
            AllowancesCharges = [Filled(new AllowanceCharge(IsCharge: true)), Filled(new AllowanceCharge(IsCharge: false))],
        };
        Assert.True(FieldProperties(typeof(InvoiceFields)).Count >= 47 && FieldProperties(typeof(LineItem)).Count >= 14);

        var lean = ResultCompaction.Lean(result);

        AssertLean(lean.Fields);
        AssertLean(Assert.Single(lean.LineItems));
        AssertLean(Assert.Single(lean.TaxBreakdown));
        Assert.Equal([true, false], lean.AllowancesCharges.Select(a => a.IsCharge));
        Assert.All(lean.AllowancesCharges, AssertLean);
        Assert.Equal((12.34m, new DateOnly(2024, 3, 15), "text"), (lean.Fields.Total!.Value, lean.Fields.ServicePeriodEnd!.Value, lean.Fields.Iban!.Value));
        Assert.Equal(("test", 0.9), (lean.Engine, lean.Confidence));
    }

    [Fact]
    public void A_result_stored_before_the_VAT_breakdown_existed_reads_with_none()
    {
        var stored = JsonSerializer.Serialize(WithLines(1), InvoiceScannerJsonContext.Default.ExtractionResult)
            .Replace("\"taxBreakdown\":[],", "").Replace("\"allowancesCharges\":[],", "");
        Assert.DoesNotContain("taxBreakdown", stored);

        var read = JsonSerializer.Deserialize(stored, InvoiceScannerJsonContext.Default.ExtractionResult)!;

        Assert.Empty(read.TaxBreakdown);
        Assert.Empty(read.AllowancesCharges);
    }
}
