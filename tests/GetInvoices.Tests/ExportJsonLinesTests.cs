using System.Text.Json;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Invoices;

namespace GetInvoices.Tests;

/// <summary>GET /invoices/export?format=jsonl: one JSON object a line, the CSV's columns as names, typed values.</summary>
public class ExportJsonLinesTests : ExportTestBed
{
    private static List<JsonElement> ParseLines(string body)
    {
        Assert.EndsWith("\n", body, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', body);
        return [.. body[..^1].Split('\n').Select(line => JsonDocument.Parse(line).RootElement.Clone())];
    }

    [Fact]
    public async Task Each_line_is_an_object_with_the_csv_names_numbers_as_numbers_and_reasons_as_an_array()
    {
        var read = await SeedReadAsync(Alice, new InvoiceFields
        {
            VendorName = F("ACME \"Office\""),
            InvoiceNumber = F("=RE-17"),
            InvoiceDate = F(new DateOnly(2026, 11, 20)),
            Currency = F("EUR"),
            Subtotal = F(-10.50m),
            Total = F(119.00m),
        });
        var review = await SeedReadAsync(Alice, Fields("Paper", "2", new DateOnly(2026, 11, 21), 5m), InvoiceStatus.NeedsReview,
            reasons: [new ReviewReason("TOTAL_MISMATCH", "sums differ"), new ReviewReason("MISSING_DUE_DATE", "none")]);

        var response = await ExportAsync("format=jsonl");
        var csvHeader = ParseCsv((await ExportAsync("format=csv")).Body!).Header;

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Headers!["content-type"]);
        Assert.Equal("attachment; filename=invoices-2026-11-23.jsonl", response.Headers["content-disposition"]);
        var lines = ParseLines(response.Body!);
        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.Equal(csvHeader, l.EnumerateObject().Select(p => p.Name)));
        var first = lines[0];
        Assert.Equal(read, first.GetProperty("invoiceId").GetString());
        // JSON carries text as it is: no spreadsheet runs it, so nothing is neutralised.
        Assert.Equal(("ACME \"Office\"", "=RE-17"), (first.GetProperty("vendorName").GetString(), first.GetProperty("invoiceNumber").GetString()));
        Assert.Equal(JsonValueKind.Number, first.GetProperty("total").ValueKind);
        Assert.Equal((119.00m, -10.50m), (first.GetProperty("total").GetDecimal(), first.GetProperty("net").GetDecimal()));
        Assert.Equal("2026-11-20", first.GetProperty("invoiceDate").GetString());
        Assert.Equal("2026-11-23T18:01:00Z", first.GetProperty("createdAt").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("dueDate").ValueKind);
        Assert.Equal(JsonValueKind.Array, first.GetProperty("reviewReasons").ValueKind);
        Assert.Empty(first.GetProperty("reviewReasons").EnumerateArray());
        Assert.Equal(review, lines[1].GetProperty("invoiceId").GetString());
        Assert.Equal(["TOTAL_MISMATCH", "MISSING_DUE_DATE"], lines[1].GetProperty("reviewReasons").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Line_items_as_json_lines_carry_their_index_and_amounts_as_numbers()
    {
        var id = await SeedReadAsync(Alice, Fields("ACME", "RE-9", new DateOnly(2026, 11, 20), 20m), lines:
        [
            new LineItem(1) { Description = F("Paper"), Quantity = F(2m), Amount = F(10.00m), TaxRate = F(19m) },
            new LineItem(1) { Description = F("Toner"), Amount = F(10.00m) },
        ]);
        await SeedReadAsync(Alice, Fields("No lines", "RE-10", new DateOnly(2026, 11, 21), 5m));

        var lines = ParseLines((await ExportAsync("format=jsonl&lines=true")).Body!);

        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.Equal(id, l.GetProperty("invoiceId").GetString()));
        Assert.Equal([0, 1], lines.Select(l => l.GetProperty("index").GetInt32()));
        Assert.Equal((2m, 10.00m, 19m), (lines[0].GetProperty("quantity").GetDecimal(), lines[0].GetProperty("amount").GetDecimal(),
            lines[0].GetProperty("vatRate").GetDecimal()));
        Assert.Equal(JsonValueKind.Null, lines[1].GetProperty("quantity").ValueKind);
    }
}
