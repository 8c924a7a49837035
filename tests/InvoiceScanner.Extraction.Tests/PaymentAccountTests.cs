using InvoiceScanner.Core.Extraction;

namespace InvoiceScanner.Extraction.Tests;

/// <summary>
/// The payee's account read from the page: an IBAN only when its country's length and check digits agree, never the
/// account a direct debit takes the money from, and a BIC only after its label.
/// </summary>
public sealed class PaymentAccountTests
{
    private static InvoiceFields Read(DocumentBuilder builder) => new LocalInvoiceExtractor().Extract(builder.Build()).Fields;

    private static DocumentBuilder Invoice(params (double X, string Text)[][] footer)
    {
        var builder = new DocumentBuilder().Line("Lieferant GmbH").Line("Rechnung Nr. 4711").Row((0.5, "Gesamtbetrag"), (0.85, "119,00 EUR")).Gap(3);
        foreach (var row in footer)
            builder.Row(row);
        return builder;
    }

    [Theory]
    [InlineData("IBAN: DE89 3704 0044 0532 0130 00", "DE89370400440532013000")]
    [InlineData("IBAN DE89370400440532013000, BIC COBADEFFXXX", "DE89370400440532013000")]
    [InlineData("Bankverbindung: IBAN FR14 2004 1010 0505 0001 3M02 606", "FR1420041010050500013M02606")]
    [InlineData("IBAN-Nr.: NL91 ABNA 0417 1643 00 (ABN AMRO)", "NL91ABNA0417164300")]
    public void A_labelled_iban_is_read_without_its_spaces(string line, string expected)
    {
        var iban = Read(Invoice([(0.05, line)])).Iban;

        Assert.Equal(expected, iban?.Value);
        Assert.True(iban!.Confidence >= 0.9);
    }

    [Theory]
    // One digit off: the check digits disagree.
    [InlineData("IBAN: DE89 3704 0044 0532 0130 01")]
    // A longer run of letters and digits is some other number, a shorter one no account.
    [InlineData("Referenz DE8937040044053201300012")]
    [InlineData("IBAN: DE89 3704 0044 0532 0130")]
    // The account a direct debit takes the money from is the buyer's.
    [InlineData("Der Betrag wird von Ihrem Konto DE89 3704 0044 0532 0130 00 abgebucht.")]
    [InlineData("The amount will be debited from your account GB82 WEST 1234 5698 7654 32.")]
    public void No_iban_is_read_where_none_can_be_the_payee_s(string line)
    {
        Assert.Null(Read(Invoice([(0.05, line)])).Iban);
    }

    [Fact]
    public void An_iban_in_the_cell_beside_its_label_and_the_bic_under_it_are_read()
    {
        var fields = Read(Invoice([(0.1, "IBAN :"), (0.4, "DE89370400440532013000")], [(0.1, "Verkäufer-BIC:"), (0.4, "COBADEFFXXX")]));

        Assert.Equal(("DE89370400440532013000", "COBADEFFXXX"), (fields.Iban?.Value, fields.Bic?.Value));
        Assert.True(fields.Iban!.Confidence >= 0.9);
    }

    [Fact]
    public void Of_several_accounts_the_first_labelled_is_taken_with_less_confidence()
    {
        var fields = Read(Invoice([(0.05, "Commerzbank  IBAN DE89 3704 0044 0532 0130 00")], [(0.05, "Barclays  IBAN GB82 WEST 1234 5698 7654 32")]));

        Assert.Equal("DE89370400440532013000", fields.Iban?.Value);
        Assert.True(fields.Iban!.Confidence < 0.8);
    }

    [Fact]
    public void Capitals_the_shape_of_a_bic_are_no_bic_without_its_label()
    {
        var fields = Read(Invoice([(0.05, "RECHNUNG ZAHLBAR SOFORT")], [(0.05, "BIC: COBADEFF")]));

        Assert.Equal("COBADEFF", fields.Bic?.Value);
        Assert.Null(Read(Invoice([(0.05, "RECHNUNG ZAHLBAR SOFORT")])).Bic);
    }

    [Fact]
    public void A_labelled_iban_whose_check_digits_fail_is_not_read_and_sends_the_invoice_to_review_naming_it()
    {
        var result = new LocalInvoiceExtractor().Extract(Invoice([(0.05, "IBAN: DE89 3704 0044 0532 0130 01")]).Build());

        Assert.Null(result.Fields.Iban);
        var reason = Assert.Single(result.ReviewReasons, r => r.Code == "INVALID_IBAN");
        Assert.Equal(FieldNames.Iban, reason.Field);
        Assert.Contains("DE89 3704 0044 0532 0130 01", reason.Message, StringComparison.Ordinal);
    }

    [Theory]
    // Not after an IBAN label: some other reference of that shape.
    [InlineData("Referenz DE89 3704 0044 0532 0130 01", null)]
    // Another account read right: the invoice has one to pay to.
    [InlineData("IBAN DE89 3704 0044 0532 0130 01", "IBAN: GB82 WEST 1234 5698 7654 32")]
    public void No_review_for_an_unlabelled_code_or_beside_an_account_read_right(string line, string? other)
    {
        var rows = other is null ? new[] { new[] { (0.05, line) } } : [[(0.05, line)], [(0.05, other)]];
        var result = new LocalInvoiceExtractor().Extract(Invoice(rows).Build());

        Assert.DoesNotContain(result.ReviewReasons, r => r.Code == "INVALID_IBAN");
        Assert.Equal(other is null ? null : "GB82WEST12345698765432", result.Fields.Iban?.Value);
    }
}
