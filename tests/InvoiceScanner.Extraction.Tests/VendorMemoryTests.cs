using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Memory;
using InvoiceScanner.Core.Validation;
using InvoiceScanner.Extraction.Memory;

namespace InvoiceScanner.Extraction.Tests;

/// <summary>
/// Learning from corrections: a vendor's approved invoice teaches where that vendor prints each field (the label and the
/// place), and the next invoice of the vendor is read there — never given the remembered values themselves.
/// </summary>
public sealed class VendorMemoryTests
{
    private const string Seller = "Kowalski Druckerei GmbH";

    /// <summary>A printer's invoice whose number and total labels ("Vorgang", "Endsumme") the rules do not know.</summary>
    private static OcrDocument PrinterInvoice(string number, string date, string total, params (string Item, string Amount)[] items)
    {
        var builder = new DocumentBuilder().Line("KOWALSKI DRUCKEREI").Line("Hafenstraße 12, 20457 Hamburg").Gap()
            .Row((0.05, "Vorgang"), (0.3, number))
            .Row((0.05, "Datum"), (0.3, date))
            .Gap();
        foreach (var (item, amount) in items)
            builder.Row((0.05, item), (0.7, amount));
        return builder.Gap().Row((0.05, "Endsumme"), (0.7, total)).Build();
    }

    private static OcrDocument Approved() => PrinterInvoice("KD-5531", "01.03.2024", "100,00", ("Visitenkarten", "80,00"), ("Porto", "20,00"));

    private static VendorMemory Memory() => new("alice", "name:kowalskidruckereigmbh", "01APPROVED", "ocr/alice/01APPROVED.json", DateTimeOffset.UnixEpoch)
    {
        VendorName = Seller,
        Currency = "EUR",
        Fields = new Dictionary<string, string>
        {
            ["invoiceNumber"] = "\"KD-5531\"",
            ["invoiceDate"] = "\"2024-03-01\"",
            ["total"] = "100.00",
        },
    };

    private static (ExtractionResult Draft, ExtractionResult WithMemory) Read(OcrDocument next)
    {
        var draft = new LocalInvoiceExtractor().Extract(next);
        return (draft, VendorPrior.Apply(next, draft, Memory(), Approved(), ExtractionOptions.Default));
    }

    [Fact]
    public void The_learner_finds_each_approved_value_under_its_label()
    {
        var hints = VendorLearner.Learn(Approved(), Memory());

        var number = Assert.Single(hints, h => h.Field == FieldNames.InvoiceNumber);
        Assert.Equal(("Vorgang", HintDirection.Beside, 1), (number.Label, number.Direction, number.Page));
        Assert.Contains(hints, h => h.Field == FieldNames.Total && h.Label == "Endsumme");
        Assert.Contains(hints, h => h.Field == FieldNames.InvoiceDate && h.Label == "Datum");
    }

    [Theory]
    [InlineData("1.234,56")]
    [InlineData("1,234.56")]
    [InlineData("1234.56")]
    public void An_amount_is_found_whichever_way_it_is_printed(string printed)
    {
        var approved = PrinterInvoice("KD-5531", "01.03.2024", printed, ("Visitenkarten", printed));
        var memory = Memory() with { Fields = new Dictionary<string, string> { ["total"] = "1234.56" } };

        var hints = VendorLearner.Learn(approved, memory);

        Assert.Contains(hints, h => h.Field == FieldNames.Total && h.Label == "Endsumme" && h.Direction == HintDirection.Beside);
    }

    [Fact]
    public void A_value_under_its_heading_is_learnt_as_read_below_it()
    {
        var approved = new DocumentBuilder().Line("KOWALSKI DRUCKEREI").Row((0.6, "Beleg-Kennung")).Row((0.6, "KD-5531")).Build();
        var memory = Memory() with { Fields = new Dictionary<string, string> { ["invoiceNumber"] = "\"KD-5531\"" } };

        var hint = Assert.Single(VendorLearner.Learn(approved, memory));

        Assert.Equal(("Beleg-Kennung", HintDirection.Below), (hint.Label, hint.Direction));
    }

    [Fact]
    public void The_next_invoice_is_read_where_the_vendor_prints_its_number_and_total()
    {
        var next = PrinterInvoice("KD-5602", "05.04.2024", "250,00", ("Flyer A5", "150,00"), ("Plakate", "80,00"), ("Porto", "20,00"));

        var (draft, result) = Read(next);

        Assert.NotEqual("KD-5602", draft.Fields.InvoiceNumber?.Value);
        Assert.Equal("KD-5602", result.Fields.InvoiceNumber?.Value);
        Assert.Equal(250.00m, result.Fields.Total?.Value);
        Assert.Equal(new DateOnly(2024, 4, 5), result.Fields.InvoiceDate?.Value);
        Assert.Contains(result.Fields.InvoiceNumber!.Trace, t => t.StartsWith(VendorPrior.TracePrefix, StringComparison.Ordinal) && t.Contains("Vorgang", StringComparison.Ordinal));
        Assert.DoesNotContain(result.ReviewReasons, r => r.Code is ReviewCodes.MissingTotal or ReviewCodes.MissingCurrency);
    }

    [Fact]
    public void The_vendor_is_named_as_approved_and_its_currency_is_remembered()
    {
        var (draft, result) = Read(PrinterInvoice("KD-5602", "05.04.2024", "250,00", ("Flyer A5", "250,00")));

        Assert.Null(draft.Fields.Currency);
        Assert.Equal(Seller, result.Fields.VendorName?.Value);
        Assert.StartsWith(VendorPrior.TracePrefix, result.Fields.VendorName!.Trace[0], StringComparison.Ordinal);
        Assert.Equal("EUR", result.Fields.Currency?.Value);
    }

    [Fact]
    public void A_value_printed_under_another_label_is_not_taken()
    {
        var next = new DocumentBuilder().Line("KOWALSKI DRUCKEREI").Gap()
            .Row((0.05, "Auftrag"), (0.3, "KD-5602"))
            .Row((0.05, "Datum"), (0.3, "05.04.2024"))
            .Gap().Row((0.05, "Flyer A5"), (0.7, "250,00"))
            .Gap().Row((0.05, "Zwischenwert"), (0.7, "250,00")).Build();

        var (draft, result) = Read(next);

        Assert.Equal(draft.Fields.InvoiceNumber?.Value, result.Fields.InvoiceNumber?.Value);
        Assert.Equal(draft.Fields.Total?.Value, result.Fields.Total?.Value);
        Assert.DoesNotContain(result.Fields.InvoiceNumber?.Trace ?? [], t => t.StartsWith(VendorPrior.TracePrefix, StringComparison.Ordinal));
        Assert.DoesNotContain(result.Fields.Total?.Trace ?? [], t => t.StartsWith(VendorPrior.TracePrefix, StringComparison.Ordinal));
    }

    [Fact]
    public void A_document_without_the_remembered_labels_keeps_its_fields_and_never_gets_remembered_values()
    {
        var other = new DocumentBuilder().Line("Harbour Joinery Ltd").Gap()
            .Row((0.05, "Invoice No: HJ-2201"), (0.6, "Date: 07/02/2024"))
            .Row((0.05, "Oak staircase, fitted"), (0.8, "£2,450.00"))
            .Row((0.05, "Invoice Total"), (0.8, "£2,450.00")).Build();

        var (draft, result) = Read(other);

        Assert.Same(draft.Fields.InvoiceNumber, result.Fields.InvoiceNumber);
        Assert.Same(draft.Fields.InvoiceDate, result.Fields.InvoiceDate);
        Assert.Same(draft.Fields.Total, result.Fields.Total);
        Assert.Same(draft.Fields.Currency, result.Fields.Currency);
    }

    [Fact]
    public void A_remembered_label_with_no_value_beside_it_gives_nothing()
    {
        var next = new DocumentBuilder().Line("KOWALSKI DRUCKEREI").Gap().Row((0.05, "Vorgang")).Gap(3)
            .Row((0.05, "Endsumme")).Build();

        var (_, result) = Read(next);

        Assert.Null(result.Fields.InvoiceNumber);
        Assert.Null(result.Fields.Total);
        Assert.Null(result.Fields.InvoiceDate);
        Assert.Contains(result.ReviewReasons, r => r.Code == ReviewCodes.MissingTotal);
    }

    [Fact]
    public void Without_the_approved_document_only_the_name_and_currency_apply()
    {
        var next = PrinterInvoice("KD-5602", "05.04.2024", "250,00", ("Flyer A5", "250,00"));
        var draft = new LocalInvoiceExtractor().Extract(next);

        var result = VendorPrior.Apply(next, draft, Memory(), remembered: null, ExtractionOptions.Default);

        Assert.Equal(Seller, result.Fields.VendorName?.Value);
        Assert.Same(draft.Fields.InvoiceNumber, result.Fields.InvoiceNumber);
    }

    [Fact]
    public void A_heading_over_a_column_of_amounts_is_a_table_and_reads_nothing()
    {
        static OcrDocument Order(params string[] grosses)
        {
            var builder = new DocumentBuilder().Line("WXYZ-TV").Row((0.05, "Time Period"), (0.5, "Gross Sum"));
            foreach (var gross in grosses)
                builder.Row((0.05, "01/06/20 - 01/12/20"), (0.5, gross));
            return builder.Build();
        }
        var memory = Memory() with { Fields = new Dictionary<string, string> { ["total"] = "900.00" } };
        var next = Order("$500.00", "$700.00");
        var draft = new LocalInvoiceExtractor().Extract(next);

        var result = VendorPrior.Apply(next, draft, memory, Order("$900.00"), ExtractionOptions.Default);

        Assert.DoesNotContain(result.Fields.Total?.Trace ?? [], t => t.StartsWith(VendorPrior.TracePrefix, StringComparison.Ordinal));
        Assert.Equal(draft.Fields.Total?.Value, result.Fields.Total?.Value);
    }

    [Fact]
    public void The_vendors_day_month_order_settles_an_ambiguous_date()
    {
        static OcrDocument Order(string date) => new DocumentBuilder().Line("WXYZ-TV").Row((0.05, "Date of Order"), (0.4, date))
            .Row((0.05, "Gross Amount"), (0.4, "1,200.00")).Build();
        var memory = Memory() with { Fields = new Dictionary<string, string> { ["invoiceDate"] = "\"2020-03-04\"" } };
        var next = Order("04/06/20");
        var draft = new LocalInvoiceExtractor().Extract(next);

        var result = VendorPrior.Apply(next, draft, memory, Order("03/04/20"), ExtractionOptions.Default);

        Assert.Equal(new DateOnly(2020, 4, 6), result.Fields.InvoiceDate?.Value);
        Assert.DoesNotContain(result.ReviewReasons, r => r.Code == ReviewCodes.AmbiguousDate);
    }
}
