using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Validation;

namespace InvoiceScanner.EInvoices.Tests;

/// <summary>
/// The seller's account as the XML states it, checked as a bank would: an IBAN whose check digits fail is read as stated
/// and flagged for whoever pays, without holding the invoice; an account in another scheme is no IBAN to check.
/// </summary>
public sealed class PayeeAccountTests
{
    private const string Payee = "<ram:IBANID>DE02120300000000202051</ram:IBANID>";

    private static ExtractionResult Read(params (string Find, string Replace)[] edits) =>
        EInvoiceReading.Read(edits.Aggregate(FieldSetSamples.Cii, (xml, e) => xml.Replace(e.Find, e.Replace, StringComparison.Ordinal)));

    [Theory]
    [InlineData("<ram:IBANID>DE12123456789012345678</ram:IBANID>", "DE12123456789012345678")]     // made up: check digits fail
    [InlineData("<ram:IBANID>DE02 1203 0000 0000 2020 52</ram:IBANID>", "DE02 1203 0000 0000 2020 52")] // one digit off
    [InlineData("<ram:IBANID>0532013000</ram:IBANID>", "0532013000")]                                 // SEPA transfer (58) to no IBAN
    public void A_stated_iban_that_fails_its_check_digits_is_read_as_stated_and_flagged(string payee, string stated)
    {
        var result = Read((Payee, payee));

        Assert.Equal(stated, result.Fields.Iban?.Value);
        Assert.Contains(EInvoiceReader.IbanCheckDigitsFlag, result.Fields.Iban!.Flags);
        Assert.DoesNotContain(result.ReviewReasons, r => r.Code == ReviewCodes.InvalidIban);
    }

    [Fact]
    public void A_valid_iban_and_an_account_of_another_scheme_are_not_flagged()
    {
        var valid = Read();
        var otherScheme = Read(("<ram:TypeCode>58</ram:TypeCode>", "<ram:TypeCode>30</ram:TypeCode>"), (Payee, "<ram:IBANID>0532013000</ram:IBANID>"));

        Assert.Equal(("DE02120300000000202051", "0532013000"), (valid.Fields.Iban?.Value, otherScheme.Fields.Iban?.Value));
        Assert.DoesNotContain(EInvoiceReader.IbanCheckDigitsFlag, valid.Fields.Iban!.Flags);
        Assert.DoesNotContain(EInvoiceReader.IbanCheckDigitsFlag, otherScheme.Fields.Iban!.Flags);
    }

    [Theory]
    [InlineData("DE89 3704 0044 0532 0130 00", true)]
    [InlineData("DE12123456789012345678", true)]
    [InlineData("FR76 1254 2547 2569 8542 5874 698", true)]
    [InlineData("0532013000", false)]
    [InlineData("DE89", false)]
    [InlineData("12DE37040044053201300", false)]
    public void An_iban_is_told_by_its_shape_before_its_check_digits(string text, bool shape) =>
        Assert.Equal(shape, Ibans.HasShape(text));
}
