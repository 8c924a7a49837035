using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;

namespace InvoiceScanner.EInvoices.Tests;

/// <summary>A hybrid PDF's page disagrees with its XML only where it was read otherwise and the XML's value is printed nowhere.</summary>
public sealed class PageComparisonTests
{
    private static readonly InvoiceFields Xml = new()
    {
        InvoiceNumber = Field("RE-2024/0815"),
        InvoiceDate = Field(new DateOnly(2024, 3, 1)),
        VendorName = Field("Lieferant GmbH & Co. KG"),
        Total = Field(1234.50m),
        Currency = Field("EUR"),
    };

    private static Field<T> Field<T>(T value) => new(value, value!.ToString()!, 0.9);

    private static PrintedValues Page(params string[] lines) =>
        PrintedValues.Of(new OcrDocument("test", [new OcrPage(1, 1, 1, lines.Select(l => new OcrLine(l, default, 1, [])).ToList())]));

    [Theory]
    [InlineData("Rechnung Nr. RE 2024 0815", "Datum: 01.03.2024", "Gesamtbetrag 1.234,50 €", "Lieferant GmbH & Co. KG")]
    [InlineData("Invoice RE-2024/0815", "Date: March 1, 2024", "Total EUR 1,234.50", "LIEFERANT GMBH")]
    [InlineData("Facture RE-2024/0815 du 1 mars 2024", "Total TTC 1 234,50 EUR", "Lieferant GmbH", "")]
    public void A_page_printing_the_xml_values_in_its_own_forms_agrees(string a, string b, string c, string d)
    {
        var misread = new InvoiceFields
        {
            InvoiceNumber = Field("0815"),
            InvoiceDate = Field(new DateOnly(2024, 1, 3)),
            VendorName = Field("Rechnung"),
            Total = Field(234.50m),
            Currency = Field("USD"),
        };

        Assert.Empty(PageComparison.Compare(Xml, Page(a, b, c, d), misread, 0.8));
    }

    [Fact]
    public void A_page_stating_other_values_is_named_field_by_field()
    {
        var page = new InvoiceFields
        {
            InvoiceNumber = Field("RE-2024/0816"),
            InvoiceDate = Field(new DateOnly(2024, 3, 1)),
            VendorName = Field("Andere AG"),
            Total = Field(1243.50m),
            Currency = Field("EUR"),
        };

        var reasons = PageComparison.Compare(Xml, Page("Andere AG", "Rechnung RE-2024/0816 vom 01.03.2024", "Summe 1.243,50 EUR"), page, 0.8);

        Assert.All(reasons, r => Assert.Equal(PageComparison.Code, r.Code));
        Assert.Equal([FieldNames.InvoiceNumber, FieldNames.VendorName, FieldNames.Total], reasons.Select(r => r.Field));
        Assert.Contains("'1243.50'", reasons[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_page_asking_payment_to_another_account_than_the_xml_is_named()
    {
        var xml = Xml with { Iban = Field("DE89370400440532013000") };
        var page = new InvoiceFields { Iban = Field("GB82WEST12345698765432") };

        var diverted = PageComparison.Compare(xml, Page("IBAN: GB82 WEST 1234 5698 7654 32"), page, 0.8);
        var same = PageComparison.Compare(xml, Page("IBAN: DE89 3704 0044 0532 0130 00"), Xml with { Iban = Field("DE89370400440532013000") }, 0.8);

        Assert.Equal(FieldNames.Iban, Assert.Single(diverted).Field);
        Assert.Empty(same);
    }

    [Fact]
    public void A_value_the_page_reader_did_not_find_is_no_disagreement()
    {
        Assert.Empty(PageComparison.Compare(Xml, Page("nothing printed here"), new InvoiceFields(), 0.8));
    }

    [Fact]
    public void A_value_the_page_reader_only_guessed_at_is_no_disagreement()
    {
        var guessed = new InvoiceFields { InvoiceNumber = new Field<string>("24", "24", 0.5) };

        Assert.Empty(PageComparison.Compare(Xml, Page("Beitragsrechnung 24. Januar 2014"), guessed, 0.8));
        Assert.Single(PageComparison.Compare(Xml, Page("Beitragsrechnung 24. Januar 2014"), guessed, 0.4));
    }

    [Fact]
    public void A_page_printing_the_first_part_of_the_number_agrees_and_a_few_common_characters_do_not()
    {
        var xml = new InvoiceFields { InvoiceNumber = Field("00.123.456.7-2014-1") };

        Assert.Empty(PageComparison.Compare(xml, Page("Beitragsrechnung Nr. 00.123.456.7"), new InvoiceFields { InvoiceNumber = Field("00.123.456.7") }, 0.8));
        Assert.Single(PageComparison.Compare(xml, Page("Rechnung Nr. 00.12"), new InvoiceFields { InvoiceNumber = Field("00.12") }, 0.8));
    }
}
