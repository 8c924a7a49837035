using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Review;

namespace GetInvoices.Tests;

/// <summary>Which invoices an export holds: by status, by the day each is filed under, and per line item.</summary>
public class ExportFilterTests : ExportTestBed
{
    private async Task<List<string>> ExportedIdsAsync(string query)
    {
        var response = await ExportAsync(query);
        Assert.Equal(200, response.StatusCode);
        return [.. ParseCsv(response.Body!).Rows.Select(r => r["invoiceId"])];
    }

    [Fact]
    public async Task Only_the_named_statuses_are_exported_and_every_status_without_the_parameter()
    {
        var completed = await SeedReadAsync(Alice, Fields("A", "1", new DateOnly(2026, 11, 2), 1m));
        var review = await SeedReadAsync(Alice, Fields("B", "2", new DateOnly(2026, 11, 3), 2m), InvoiceStatus.NeedsReview,
            reasons: [new ReviewReason("TOTAL_MISMATCH", "sums differ")]);
        Clock.Advance(TimeSpan.FromMinutes(1));
        var failed = InvoiceId.New(Clock.Now);
        await SeedAsync(Alice, failed, InvoiceStatus.Failed);
        Clock.Advance(TimeSpan.FromMinutes(1));
        var waiting = InvoiceId.New(Clock.Now);
        await SeedAsync(Alice, waiting);

        Assert.Equal([completed, review], await ExportedIdsAsync("status=COMPLETED,NEEDS_REVIEW"));
        Assert.Equal([completed, review], await ExportedIdsAsync("status=needs_review&status=completed"));
        Assert.Equal([failed], await ExportedIdsAsync("status=FAILED"));
        Assert.Equal([completed, review, failed, waiting], await ExportedIdsAsync(""));
    }

    [Fact]
    public async Task From_and_to_are_inclusive_on_the_invoice_date_as_corrected()
    {
        await SeedReadAsync(Alice, Fields("before", "1", new DateOnly(2026, 10, 31), 1m));
        var first = await SeedReadAsync(Alice, Fields("first day", "2", new DateOnly(2026, 11, 1), 1m));
        var last = await SeedReadAsync(Alice, Fields("last day", "3", new DateOnly(2026, 11, 30), 1m));
        var after = await SeedReadAsync(Alice, Fields("after", "4", new DateOnly(2026, 12, 1), 1m));
        // The engine read October; a person corrected it to November: the export files it as it now reads.
        var corrected = await SeedReadAsync(Alice, Fields("corrected", "5", new DateOnly(2026, 10, 15), 1m));
        await ChangeAsync(Alice, corrected, i => i with { Corrections = [new FieldCorrection("invoiceDate", "\"2026-11-15\"", Alice, Clock.Now)] });
        // And the other way round: read as November, corrected to December.
        var movedOut = await SeedReadAsync(Alice, Fields("moved out", "6", new DateOnly(2026, 11, 16), 1m));
        await ChangeAsync(Alice, movedOut, i => i with { Corrections = [new FieldCorrection("invoiceDate", "\"2026-12-16\"", Alice, Clock.Now)] });

        var november = await ExportAsync("from=2026-11-01&to=2026-11-30");

        var rows = ParseCsv(november.Body!).Rows;
        Assert.Equal([first, last, corrected], rows.Select(r => r["invoiceId"]));
        Assert.Equal("2026-11-15", rows[2]["invoiceDate"]);
        Assert.Equal([after, movedOut], await ExportedIdsAsync("from=2026-12-01"));
    }

    [Fact]
    public async Task Without_an_invoice_date_the_upload_day_in_utc_counts()
    {
        // 00:30 in UTC+2 is still the 23rd in UTC.
        Clock.Now = new DateTimeOffset(2026, 11, 24, 0, 29, 0, TimeSpan.FromHours(2));
        var undated = await SeedReadAsync(Alice, Fields("undated", "1", null, 5m));
        Clock.Advance(TimeSpan.FromMinutes(1));
        var unread = InvoiceId.New(Clock.Now);
        await SeedAsync(Alice, unread);
        var dated = await SeedReadAsync(Alice, Fields("dated", "2", new DateOnly(2026, 11, 1), 5m));

        Assert.Equal([undated, unread], await ExportedIdsAsync("from=2026-11-23&to=2026-11-23"));
        Assert.Empty(await ExportedIdsAsync("from=2026-11-24"));
        Assert.Equal([dated], await ExportedIdsAsync("to=2026-11-22"));
    }

    [Fact]
    public async Task Lines_true_writes_one_row_per_line_item_and_an_invoice_without_lines_none()
    {
        var withLines = await SeedReadAsync(Alice, Fields("ACME", "RE-9", new DateOnly(2026, 11, 20), 23.80m), lines:
        [
            new LineItem(1)
            {
                LineId = F("10"), Description = F("Paper A4"), Quantity = F(2m), UnitCode = F("H87"), UnitPrice = F(5.00m), GrossPrice = F(5.50m),
                Amount = F(10.00m), TaxCategory = F("S"), TaxRate = F(19m), ProductCode = F("P-1"), BuyerItemId = F("B-1"), Note = F("recycled"),
                PeriodStart = F(new DateOnly(2026, 11, 1)), PeriodEnd = F(new DateOnly(2026, 11, 30)),
            },
            new LineItem(2) { Description = F("Toner"), Amount = F(10.00m) },
        ]);
        await SeedReadAsync(Alice, Fields("No lines", "RE-10", new DateOnly(2026, 11, 21), 5m));

        var response = await ExportAsync("lines=true");

        var (header, rows) = ParseCsv(response.Body!);
        Assert.Equal(
            ["invoiceId", "invoiceNumber", "vendorName", "currency", "index", "lineId", "description", "quantity", "unit", "unitPrice",
                "grossPrice", "amount", "vatCategory", "vatRate", "productCode", "buyerItemId", "periodStart", "periodEnd", "note", "page"],
            header);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal((withLines, "RE-9", "ACME", "EUR"), (r["invoiceId"], r["invoiceNumber"], r["vendorName"], r["currency"])));
        var first = rows[0];
        Assert.Equal(["0", "10", "Paper A4", "2", "H87", "5.00", "5.50", "10.00", "S", "19", "P-1", "B-1", "2026-11-01", "2026-11-30", "recycled", "1"],
            header[4..].Select(c => first[c]));
        Assert.Equal(("1", "Toner", "", "2"), (rows[1]["index"], rows[1]["description"], rows[1]["quantity"], rows[1]["page"]));
    }
}
