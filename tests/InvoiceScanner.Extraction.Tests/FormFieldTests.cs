using InvoiceScanner.Core.Extraction;

namespace InvoiceScanner.Extraction.Tests;

/// <summary>
/// Business documents laid out as forms: a service period after its label or under it, the buyer beside its label or
/// under a heading row, the document's type from its title, an order's or a contract's own number.
/// </summary>
public sealed class FormFieldTests
{
    private static ExtractionResult Read(DocumentBuilder builder) => new LocalInvoiceExtractor().Extract(builder.Build());

    [Theory]
    [InlineData("Flight Dates:", "01/28/20 - 02/03/20", "2020-01-28", "2020-02-03")]
    [InlineData("Leistungszeitraum", "01.03.2024 bis 31.03.2024", "2024-03-01", "2024-03-31")]
    [InlineData("Période de prestation du", "1 mars 2024 au 31 mars 2024", "2024-03-01", "2024-03-31")]
    [InlineData("Service period:", "2024-05-01 to 2024-05-31", "2024-05-01", "2024-05-31")]
    public void A_labelled_date_range_is_the_service_period(string label, string range, string start, string end)
    {
        var fields = Read(new DocumentBuilder().Line("ACME Media").Row((0.05, label), (0.45, range)).Line("Total 100.00")).Fields;

        Assert.Equal((DateOnly.Parse(start), DateOnly.Parse(end)), (fields.ServicePeriodStart?.Value, fields.ServicePeriodEnd?.Value));
    }

    [Fact]
    public void A_range_under_a_period_label_counts_and_an_unlabelled_range_in_a_table_does_not()
    {
        var labelAbove = Read(new DocumentBuilder().Line("ACME").Row((0.6, "Contract Dates")).Row((0.6, "05/27/20 - 06/02/20"))).Fields;
        // The range alone in its cell, the station's web address in a cell to its left.
        var besideOtherCells = Read(new DocumentBuilder().Line("ACME").Row((0.05, "(864)242-4404"), (0.6, "Contract Dates"))
            .Row((0.05, "WYFF4.com"), (0.6, "09/29/20 - 10/05/20"), (0.8, "11841"))).Fields;
        var table = Read(new DocumentBuilder().Line("ACME").Row((0.05, "Line"), (0.2, "Dates")).Row((0.05, "1"), (0.2, "05/27/20 - 06/02/20"))).Fields;

        Assert.Equal(new DateOnly(2020, 6, 2), labelAbove.ServicePeriodEnd?.Value);
        Assert.Equal((new DateOnly(2020, 9, 29), new DateOnly(2020, 10, 5)), (besideOtherCells.ServicePeriodStart?.Value, besideOtherCells.ServicePeriodEnd?.Value));
        Assert.Null(table.ServicePeriodStart);
    }

    [Theory]
    [InlineData(0.37, "2020-05-20")] // the value column, half a row under its label
    [InlineData(0.60, null)]         // far from the label column: another form's cell
    public void A_range_half_a_row_under_a_period_label_in_the_label_column_counts(double valueLeft, string? start)
    {
        var fields = Read(new DocumentBuilder().Line("ACME")
            .Row((0.2, "Contract #"), (valueLeft, "1969355"))
            .Row((0.2, "Schedule Dates"))
            .Row((valueLeft, "05/20/20-06/04/20"), (0.8, "Last Modified"))).Fields;

        Assert.Equal(start is null ? null : DateOnly.Parse(start), fields.ServicePeriodStart?.Value);
    }

    [Fact]
    public void A_backwards_range_is_read_in_the_order_that_runs_forwards()
    {
        // Day-first reading of the document would make 02/03 → 01/28 run backwards; month-first runs forwards.
        var fields = Read(new DocumentBuilder().Line("Rechnung").Line("Datum 13.01.2020").Row((0.05, "Flight:"), (0.3, "01/28/20 - 02/03/20"))).Fields;

        Assert.Equal(new DateOnly(2020, 1, 28), fields.ServicePeriodStart?.Value);
    }

    [Fact]
    public void The_buyer_is_the_value_beside_a_form_label()
    {
        var fields = Read(new DocumentBuilder()
            .Row((0.05, "KPTH"), (0.5, "Invoice #"), (0.7, "1336165-2"))
            .Row((0.05, "100 Gold Circle Drive"), (0.5, "Advertiser"), (0.7, "Tom Steyer for President"))
            .Row((0.5, "Product"), (0.7, "STEYER FOR PRESIDENT"))).Fields;

        Assert.Equal("Tom Steyer for President", fields.ReceiverName?.Value);
    }

    [Theory]
    [InlineData("Tomlinson,Mykle", null)]
    [InlineData("Bet,Vonderheid,", null)]
    // A company whose name is written with a comma stays the buyer.
    [InlineData("Acme,Inc", "Acme,Inc")]
    [InlineData("Berryhill for Congress", "Berryhill for Congress")]
    public void A_person_filed_surname_first_beside_Buyer_is_the_media_buyer_not_the_party(string value, string? expected)
    {
        var fields = Read(new DocumentBuilder()
            .Row((0.05, "REMIT TO Sinclair Broadcast"), (0.5, "Invoice"), (0.7, "7432639"))
            .Row((0.05, "PO Box 206270"), (0.5, "Buyer"), (0.7, value))
            .Row((0.05, "Dallas, TX 75320-6270"), (0.5, "Contract"), (0.7, "4365514"))).Fields;

        Assert.Equal(expected, fields.ReceiverName?.Value);
    }

    [Theory]
    [InlineData("REMIT TOSinclair Broadcast Advertiser", "David Wahlberg for 167th District (135075)", "David Wahlberg for 167th District (135075)", "Sinclair Broadcast")]
    [InlineData("REMIT TO Sinclair Broadcast Group Advertiser", "Larry Schlesinger for Mayor", "Larry Schlesinger for Mayor", "Sinclair Broadcast Group")]
    [InlineData("REMIT TOSinclair Broadcast Advertiser", "Tomlinson,Mykle", null, "Sinclair Broadcast")]        // the media buyer
    [InlineData("Standard Advertiser Terms apply", "Larry Schlesinger for Mayor", null, null)] // a word in a text
    public void An_advertiser_label_glued_to_the_remit_to_cell_labels_the_cell_beside_it(string glued, string beside, string? buyer, string? vendor)
    {
        var fields = Read(new DocumentBuilder()
            .Row((0.02, glued), (0.6, beside))
            .Row((0.02, "clo KEYE"), (0.3, "Agency"), (0.4, "Strategy (18851)"), (0.75, "Inv Date"), (0.85, "02/23/2020"))
            .Row((0.02, "PO Box 206270"), (0.75, "Invoice"), (0.85, "7261968"))).Fields;

        Assert.Equal(buyer, fields.ReceiverName?.Value);
        if (vendor is not null)
            Assert.Equal(vendor, fields.VendorName?.Value);
    }

    [Fact]
    public void A_heading_row_gives_its_values_in_the_row_below_and_a_label_is_never_the_name()
    {
        var heading = Read(new DocumentBuilder()
            .Row((0.05, "WWJ-TV"), (0.4, "Advertiser"), (0.7, "Original Date / Revision"))
            .Row((0.05, "(248) 355-7000"), (0.4, "DSCC - Peters for Senate"), (0.7, "05/12/20 / 05/12/20"))).Fields;
        var customerNumber = Read(new DocumentBuilder().Line("Lieferant GmbH").Line("Customer No: 4711").Line("Bill To:").Line("Kunde AG").Line("Hauptstr. 1")).Fields;

        Assert.Equal("DSCC - Peters for Senate", heading.ReceiverName?.Value);
        Assert.Equal("Kunde AG", customerNumber.ReceiverName?.Value);
    }

    [Theory]
    [InlineData("05/12/20 / 05/12/20", "2020-05-12", false)]
    [InlineData("04/15/20 / 04/22/20", "2020-04-15", true)]
    public void A_date_printed_in_both_cells_of_its_heading_is_sure_and_two_dates_are_not(string dates, string expected, bool held)
    {
        var result = new LocalInvoiceExtractor().Extract(new DocumentBuilder()
            .Row((0.05, "CONTRACT"), (0.4, "Contract / Revision"))
            .Row((0.05, "WWJ-TV"), (0.4, "300525  /"))
            .Row((0.05, "26905 West 11 Mile Road"), (0.4, "Original Date / Revision"))
            .Row((0.05, "Southfield, MI 48037"), (0.4, dates))
            .Row((0.05, "Contract Dates"), (0.4, "Estimate #"))
            .Row((0.05, "05/27/20 - 06/02/20"), (0.4, "5788")).Gap(4)
            .Row((0.5, "Total"), (0.8, "$2,500.00")).Build());

        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), result.Fields.InvoiceDate?.Value);
        Assert.Equal(held, result.ReviewReasons.Any(r => r.Code == "LOW_CONFIDENCE" && r.Field == FieldNames.InvoiceDate));
    }

    [Fact]
    public void An_advertiser_is_the_buyer_before_the_agency_that_is_billed()
    {
        var fields = Read(new DocumentBuilder()
            .Line("Bill To:").Line("Buying Time, LLC").Line("650 Massachusetts Ave NW")
            .Row((0.5, "Advertiser:"), (0.65, "America First Action Inc"))).Fields;

        Assert.Equal("America First Action Inc", fields.ReceiverName?.Value);
    }

    [Theory]
    [InlineData("CONTRACT", "contract")]
    [InlineData("ORDER", "order")]
    [InlineData("Rechnung", "invoice")]
    [InlineData("Gutschrift", "credit-note")]
    [InlineData("Facture", "invoice")]
    public void The_title_names_the_document_type(string title, string type) =>
        Assert.Equal(type, Read(new DocumentBuilder().Line("ACME").Line(title).Line("Total 10.00")).Fields.DocumentType?.Value);

    [Fact]
    public void An_order_s_number_is_its_document_number_but_on_an_invoice_it_is_the_buyer_s_order()
    {
        var order = Read(new DocumentBuilder().Row((0.4, "ORDER")).Row((0.05, "Order / Rev:"), (0.3, "387130")).Row((0.05, "Alt Order #:"), (0.3, "09824595"))).Fields;
        var invoice = Read(new DocumentBuilder().Row((0.4, "INVOICE")).Row((0.05, "Order #"), (0.3, "1336165")).Line("Total 10.00")).Fields;

        Assert.Equal(("order", "387130"), (order.DocumentType?.Value, order.InvoiceNumber?.Value));
        Assert.Equal("invoice", invoice.DocumentType?.Value);
        Assert.Null(invoice.InvoiceNumber);
    }

    [Fact]
    public void A_gross_total_is_the_total()
    {
        var fields = Read(new DocumentBuilder().Line("ACME").Row((0.05, "Amount"), (0.6, "$200.00")).Row((0.05, "Gross Amount"), (0.6, "$2,570.00"))).Fields;

        Assert.Equal(2570.00m, fields.Total?.Value);
    }

    [Fact]
    public void An_order_number_is_read_after_its_label_even_behind_a_plural_heading()
    {
        var fields = Read(new DocumentBuilder().Row((0.4, "ORDER")).Line("Orders          Order / Rev:              2517963")
            .Row((0.2, "Product Desc:"), (0.4, "Beth Calhoun for Auditor")).Gap(2).Row((0.5, "Total"), (0.8, "$1,200.00"))).Fields;

        Assert.Equal("2517963", fields.InvoiceNumber?.Value);
    }

    [Fact]
    public void Invoices_named_in_a_sentence_do_not_make_a_contract_an_invoice()
    {
        var fields = Read(new DocumentBuilder().Row((0.3, "Contract # 26803072"), (0.6, "Version: Original Order"))
            .Row((0.3, "Agency: Ax Media"), (0.6, "Advertiser: Berryhill for Congress"))
            .Line("Please include ISCI and estimate number on all invoices.").Gap(2).Row((0.5, "Total"), (0.8, "$700.00"))).Fields;

        Assert.Equal("26803072", fields.InvoiceNumber?.Value);
    }

    [Fact]
    public void An_order_s_totals_row_under_its_column_headings_gives_the_gross_not_a_week_s_line()
    {
        var fields = Read(new DocumentBuilder().Line("WXYZ-TV").Line("Order # 4711")
            .Row((0.05, "Time Period"), (0.3, "# of Spots"), (0.45, "Gross Amount"), (0.65, "Agency Comm."), (0.8, "Net Amount"))
            .Row((0.05, "04/27/20 - 05/31/20"), (0.3, "8"), (0.45, "$5,325.00"), (0.65, "($798.75)"), (0.8, "$4,526.25"))
            .Row((0.05, "06/01/20 - 06/28/20"), (0.3, "4"), (0.45, "$3,575.00"), (0.65, "($536.25)"), (0.8, "$3,038.75"))
            .Row((0.05, "Totals"), (0.3, "12"), (0.45, "$8,900.00"), (0.65, "($1,335.00)"), (0.8, "$7,565.00"))).Fields;

        Assert.Equal(8900.00m, fields.Total?.Value);
    }

    [Fact]
    public void Net_of_an_agency_commission_is_not_the_total()
    {
        var order = Read(new DocumentBuilder().Line("KABC-TV").Line("Invoice 7154112").Gap(2)
            .Row((0.5, "Gross Total"), (0.8, "$2,000.00")).Row((0.5, "Agency Commission"), (0.8, "($300.00)")).Row((0.5, "NET TOTAL"), (0.8, "$1,700.00"))).Fields;

        Assert.Equal(2000.00m, order.Total?.Value);
        Assert.Equal(1700.00m, order.AmountDue?.Value);
    }

    [Fact]
    public void A_labelled_seller_section_names_the_seller_past_its_labelled_values()
    {
        var named = Read(new DocumentBuilder().Line("Handelsrechnung Nr. R18-31").Line("Verkäufer")
            .Row((0.05, "Nummer:"), (0.3, "549910")).Row((0.05, "Name:"), (0.3, "MUSTER-Autovermietung")).Line("Anschrift: Musterstr. 99")).Fields;
        var below = Read(new DocumentBuilder().Line("Rechnungsersteller").Line("Lieferant GmbH").Line("Lieferantenstraße 20").Row((0.5, "RECHNUNG"))).Fields;

        Assert.Equal("MUSTER-Autovermietung", named.VendorName?.Value);
        Assert.Equal("Lieferant GmbH", below.VendorName?.Value);
    }

    [Theory]
    [InlineData("USt.-Id.-Nr.:", "DE123456789", "DE123456789")]
    [InlineData("N° TVA intracommunautaire :", "FR32 123 456 789", "FR32 123 456 789")]
    [InlineData("Umsatzsteuer-ID", "DE 123 456 789", "DE 123 456 789")]
    [InlineData("BTW-nummer:", "NL123456789B01", "NL123456789B01")]
    public void A_VAT_number_is_read_after_its_label_in_each_language_and_ends_at_a_column_gap(string label, string id, string expected)
    {
        var fields = Read(new DocumentBuilder().Line("Seller GmbH").Row((0.05, label), (0.45, id), (0.75, "HRB 12345"))).Fields;

        Assert.Equal(expected, fields.VendorTaxId?.Value);
    }

    [Fact]
    public void A_VAT_number_goes_before_a_local_tax_number()
    {
        var fields = Read(new DocumentBuilder().Line("Seller GmbH").Row((0.05, "Steuernummer:"), (0.45, "201/113/40209")).Row((0.05, "USt.-Id.-Nr.:"), (0.45, "DE123456789"))).Fields;

        Assert.Equal("DE123456789", fields.VendorTaxId?.Value);
    }

    [Fact]
    public void A_line_s_row_is_found_for_a_copy_of_it_with_trimmed_text()
    {
        var layout = Layout.DocumentLayout.Build(new DocumentBuilder().Row((0.05, "Advertiser: ACME"), (0.5, "Product")).Build());
        var copy = layout.Lines[0] with { Line = layout.Lines[0].Line with { Text = "ACME" } };

        Assert.Equal(["Product"], layout.RightOf(copy).Select(l => l.Text));
    }
}
