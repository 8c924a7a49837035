using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;

namespace InvoiceScanner.EInvoices.Tests;

/// <summary>The due date an e-invoice states only in its payment terms (BT-20), where BT-9 is empty.</summary>
public sealed class PaymentTermsDueDateTests
{
    private static readonly DateOnly Issued = new(2024, 11, 15);

    private static Field<DateOnly>? Derive(string terms, DateOnly? issued = null) =>
        PaymentTermsDueDate.Derive(new Field<string>(terms, terms, 1.0), new Field<DateOnly>(issued ?? Issued, "", 1.0));

    [Theory]
    [InlineData("Zahlbar innerhalb 30 Tagen netto bis 15.12.2024, 3% Skonto innerhalb 10 Tagen bis 25.11.2024", "2024-12-15")]
    [InlineData("3 % Skonto bis 25.11.2024; ohne Abzug bis 15.12.2024", "2024-12-15")]
    [InlineData("Zahlbar ohne Abzug bis 2024-12-15", "2024-12-15")]
    [InlineData("2% cash discount if paid by 25/11/2024. Payable net by 15/12/2024.", "2024-12-15")]
    [InlineData("Prompt payment: discount 3% if paid by 25/11/2024, net due 15/12/2024", "2024-12-15")]
    [InlineData("Payable within 30 days", "2024-12-15")]
    [InlineData("Net 30", "2024-12-15")]
    [InlineData("Paiement à 30 jours, escompte 2 % à 10 jours", "2024-12-15")]
    [InlineData("Te betalen binnen 30 dagen", "2024-12-15")]
    [InlineData("Pagamento a 30 giorni", "2024-12-15")]
    [InlineData("Zahlbar sofort rein netto", "2024-11-15")]
    [InlineData("Due upon receipt", "2024-11-15")]
    public void The_net_payments_date_is_the_due_date_never_the_discounts(string terms, string expected)
    {
        var due = Derive(terms)!;

        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), due.Value);
        Assert.Contains(PaymentTermsDueDate.DerivedFlag, due.Flags);
        Assert.InRange(due.Confidence, 0.5, 0.99);
        Assert.Contains(due.Trace, t => t.Contains("BT-20", StringComparison.Ordinal) && t.Contains(terms, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("3% Skonto innerhalb 10 Tagen bis 25.11.2024")]
    [InlineData("Zahlungsbedingungen: Der Rechnungsbetrag wurde bereits beglichen.")]
    [InlineData("Der Betrag wird ihrem Kundenkonto gutgeschrieben und mit der nächsten Rechnung verrechnet.")]
    [InlineData("Zahlbar bis 15.12.2024; payable by 20.12.2024")]
    [InlineData("Zahlbar bis 01.11.2024")]
    [InlineData("Zahlbar bis 31.02.2025")]
    [InlineData("Lieferung am 20.11.2024")]
    public void Terms_giving_no_net_date_one_before_the_invoice_or_two_different_ones_give_none(string terms)
    {
        Assert.Null(Derive(terms));
    }

    [Fact]
    public void Without_an_invoice_date_only_a_written_date_is_taken()
    {
        var written = PaymentTermsDueDate.Derive(new Field<string>("Zahlbar bis 15.12.2024", "", 1.0), null);
        var counted = PaymentTermsDueDate.Derive(new Field<string>("Payable within 30 days", "", 1.0), null);

        Assert.Equal(new DateOnly(2024, 12, 15), written!.Value);
        Assert.Null(counted);
    }

    [Fact]
    public void A_written_date_is_read_in_the_documents_order_day_first_unless_told_otherwise()
    {
        var terms = new Field<string>("payable by 04/07/2024", "", 1.0);
        var issued = new Field<DateOnly>(new DateOnly(2024, 3, 15), "", 1.0);

        Assert.Equal(new DateOnly(2024, 7, 4), PaymentTermsDueDate.Derive(terms, issued, labelled: true)!.Value);
        Assert.Equal(new DateOnly(2024, 4, 7), PaymentTermsDueDate.Derive(terms, issued, labelled: true, monthFirst: true)!.Value);
    }

    private static string Cii(string terms) => FieldSetSamples.Cii.Replace(
        "<ram:SpecifiedTradePaymentTerms><ram:DirectDebitMandateID>",
        $"<ram:SpecifiedTradePaymentTerms>{terms}<ram:DirectDebitMandateID>", StringComparison.Ordinal);

    [Fact]
    public void The_reader_derives_it_only_where_the_xml_states_no_due_date()
    {
        var derived = EInvoiceReading.Read(Cii("<ram:Description>Payable within 30 days net</ram:Description>")).Fields.DueDate!;
        var stated = EInvoiceReading.Read(Cii("<ram:Description>Payable within 30 days net</ram:Description>"
            + """<ram:DueDateDateTime><udt:DateTimeString format="102">20240420</udt:DateTimeString></ram:DueDateDateTime>""")).Fields.DueDate!;

        Assert.Equal(new DateOnly(2024, 4, 14), derived.Value);
        Assert.Equal([PaymentTermsDueDate.DerivedFlag], derived.Flags);
        Assert.Equal((new DateOnly(2024, 4, 20), 1.0, 0), (stated.Value, stated.Confidence, stated.Flags.Count));
    }

    [Fact]
    public void A_derived_due_date_is_not_held_against_the_page()
    {
        var xml = new InvoiceFields { DueDate = Derive("Payable within 30 days") };
        var page = new InvoiceFields { DueDate = new Field<DateOnly>(new DateOnly(2024, 12, 20), "20.12.2024", 0.95) };
        var printed = PrintedValues.Of(new OcrDocument("test", [new OcrPage(1, 1, 1, [new OcrLine("Fällig am 20.12.2024", default, 1, [])])]));

        Assert.Empty(PageComparison.Compare(xml, printed, page, 0.8));
        Assert.Single(PageComparison.Compare(xml with { DueDate = xml.DueDate! with { Flags = [] } }, printed, page, 0.8));
    }
}
