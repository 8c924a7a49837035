using System.Text;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.EInvoices.Validation;
using InvoiceScanner.TestSupport;

namespace InvoiceScanner.EInvoices.Tests;

/// <summary>The EN 16931 rules that decide money and identity: each broken on a hand-made invoice, none on the samples.</summary>
public sealed class RulesTests
{
    private const string Valid = HandMadeEInvoice.Cii;

    private static ExtractionResult Read(string xml) => EInvoiceReader.Read(EInvoiceXml.Read(Encoding.UTF8.GetBytes(xml)));

    private static string Line(string name) =>
        Valid.Split('\n').Single(l => l.Contains($"<ram:Name>{name}</ram:Name>", StringComparison.Ordinal) && l.Contains("IncludedSupplyChainTradeLineItem", StringComparison.Ordinal));

    [Fact]
    public void A_valid_invoice_breaks_no_rule()
    {
        var result = Read(Valid);

        Assert.Empty(result.ReviewReasons);
        Assert.Equal(146.60m, result.Fields.AmountDue!.Value);
    }

    [Theory]
    [InlineData("<ram:ID>INV-1</ram:ID>", "", "BR-02")]
    [InlineData("<ram:TypeCode>380</ram:TypeCode>", "", "BR-04")]
    [InlineData("<ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>", "", "BR-05")]
    [InlineData("<ram:Name>Seller GmbH</ram:Name>", "", "BR-06")]
    [InlineData("<ram:Name>Buyer AG</ram:Name>", "", "BR-07")]
    [InlineData("<ram:LineTotalAmount>50.00</ram:LineTotalAmount>", "<ram:LineTotalAmount>60.00</ram:LineTotalAmount>", "BR-CO-10")]
    [InlineData("<ram:DuePayableAmount>146.60</ram:DuePayableAmount>", "<ram:DuePayableAmount>146.00</ram:DuePayableAmount>", "BR-CO-16")]
    [InlineData("DE123456789", "123456789", "BR-CO-09")]
    public void Each_rule_broken_alone_is_reported_by_its_id(string find, string replace, string rule)
    {
        var result = Read(Valid.Replace(find, replace, StringComparison.Ordinal));

        Assert.Equal([rule], result.ReviewReasons.Select(r => r.Code));
        Assert.StartsWith(rule + ":", result.ReviewReasons[0].Message);
    }

    [Theory]
    [InlineData("<ram:PostalTradeAddress><ram:CountryID>FR</ram:CountryID></ram:PostalTradeAddress>", "", "BR-10", "BR-11")]
    [InlineData("<ram:TaxBasisTotalAmount>140.00<", "<ram:TaxBasisTotalAmount>141.00<", "BR-CO-13", "BR-CO-15")]
    [InlineData("<ram:TaxTotalAmount currencyID=\"EUR\">26.60<", "<ram:TaxTotalAmount currencyID=\"EUR\">26.00<", "BR-CO-14", "BR-CO-15")]
    [InlineData("<ram:GrandTotalAmount>166.60<", "<ram:GrandTotalAmount>166.00<", "BR-CO-15", "BR-CO-16")]
    [InlineData("<ram:CalculatedAmount>26.60<", "<ram:CalculatedAmount>26.70<", "BR-CO-14", "BR-CO-17")]
    public void A_wrong_total_or_a_missing_address_is_reported_with_the_rules_it_breaks(string find, string replace, string first, string second)
    {
        var result = Read(Valid.Replace(find, replace, StringComparison.Ordinal));

        Assert.Equal([first, second], result.ReviewReasons.Select(r => r.Code).Order());
    }

    [Fact]
    public void The_arithmetic_message_says_what_was_stated_and_what_it_should_be()
    {
        var result = Read(Valid.Replace("<ram:DuePayableAmount>146.60<", "<ram:DuePayableAmount>146.00<", StringComparison.Ordinal));

        var reason = Assert.Single(result.ReviewReasons);
        Assert.Equal("BR-CO-16: the amount due (BT-115) is 146.00, but total with VAT − paid + rounding (BT-112 − BT-113 + BT-114) is 146.60.", reason.Message);
        Assert.Equal(FieldNames.AmountDue, reason.Field);
    }

    [Fact]
    public void An_invoice_without_lines_breaks_BR_16_unless_its_profile_carries_none()
    {
        var withoutLines = Valid.Replace(Line("Widget"), "", StringComparison.Ordinal).Replace(Line("Gadget"), "", StringComparison.Ordinal);

        Assert.Equal(["BR-16"], Read(withoutLines).ReviewReasons.Select(r => r.Code));
        Assert.Empty(Read(withoutLines.Replace("urn:cen.eu:en16931:2017", "urn:factur-x.eu:1p0:basicwl", StringComparison.Ordinal)).ReviewReasons);

        var minimum = withoutLines.Replace("urn:cen.eu:en16931:2017", "urn:factur-x.eu:1p0:minimum", StringComparison.Ordinal)
            .Replace("<ram:LineTotalAmount>150.00</ram:LineTotalAmount>", "", StringComparison.Ordinal)
            .Replace("<ram:PostalTradeAddress><ram:CountryID>FR</ram:CountryID></ram:PostalTradeAddress>", "", StringComparison.Ordinal);
        Assert.Empty(Read(minimum).ReviewReasons);
        Assert.Equal(["BR-10", "BR-11", "BR-12", "BR-16"], Read(minimum.Replace("urn:factur-x.eu:1p0:minimum", "urn:cen.eu:en16931:2017", StringComparison.Ordinal)).ReviewReasons.Select(r => r.Code).Order());
    }

    [Theory]
    [InlineData("DE123456789", true)]
    [InlineData("DE 123 456 789", true)]
    [InlineData("DE12345678", false)]
    [InlineData("ATU12345678", true)]
    [InlineData("AT12345678", false)]
    [InlineData("FR12345678901", true)]
    [InlineData("NL123456789B01", true)]
    [InlineData("NL123456789", false)]
    [InlineData("BE0123456789", true)]
    [InlineData("GB123456789", true)]
    [InlineData("NO999999999MVA", true)]
    [InlineData("123456789", false)]
    [InlineData("D", false)]
    public void VAT_identifiers_are_checked_against_their_country_shape(string id, bool valid) =>
        Assert.Equal(valid, VatIdShape.IsValid(id));

    [Fact]
    public void A_VAT_id_with_a_country_prefix_but_an_unusual_length_breaks_no_rule_and_is_flagged_on_its_field()
    {
        var result = Read(Valid.Replace("DE123456789", "DE12435679", StringComparison.Ordinal));

        Assert.Empty(result.ReviewReasons);
        Assert.Equal([VatIdShape.UnusualShapeFlag], result.Fields.VendorTaxId!.Flags);
        Assert.Empty(Read(Valid).Fields.VendorTaxId!.Flags);
    }

    [Fact]
    public void Extended_sub_invoice_lines_are_in_their_parent_s_amount_and_information_lines_in_none()
    {
        static string SubLine(string id, string? parent, string status, string amount) =>
            $"<ram:IncludedSupplyChainTradeLineItem><ram:AssociatedDocumentLineDocument><ram:LineID>{id}</ram:LineID>"
            + (parent is null ? "" : $"<ram:ParentLineID>{parent}</ram:ParentLineID>")
            + $"<ram:LineStatusReasonCode>{status}</ram:LineStatusReasonCode></ram:AssociatedDocumentLineDocument><ram:SpecifiedTradeProduct><ram:Name>{id}</ram:Name></ram:SpecifiedTradeProduct>"
            + $"<ram:SpecifiedLineTradeSettlement><ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>{amount}</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation></ram:SpecifiedLineTradeSettlement></ram:IncludedSupplyChainTradeLineItem>";
        var grouped = Valid.Replace(Line("Widget"), SubLine("1", null, "GROUP", "100.00") + SubLine("1.1", "1", "DETAIL", "60.00") + SubLine("1.2", "1", "DETAIL", "40.00"), StringComparison.Ordinal)
            .Replace(Line("Gadget"), SubLine("2", null, "DETAIL", "50.00") + SubLine("2.1", "2", "INFORMATION", "0.00"), StringComparison.Ordinal);

        Assert.Empty(Read(grouped).ReviewReasons);
        Assert.Equal(5, Read(grouped).LineItems.Count);
        Assert.Equal(["BR-CO-10"], Read(grouped.Replace("<ram:LineID>2.1</ram:LineID>", "<ram:LineID>3</ram:LineID>", StringComparison.Ordinal)
            .Replace("<ram:ParentLineID>2</ram:ParentLineID><ram:LineStatusReasonCode>INFORMATION", "<ram:LineStatusReasonCode>DETAIL", StringComparison.Ordinal)
            .Replace("<ram:LineTotalAmount>0.00</ram:LineTotalAmount>", "<ram:LineTotalAmount>5.00</ram:LineTotalAmount>", StringComparison.Ordinal)).ReviewReasons.Select(r => r.Code));
    }

    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        if (SharedFolder.Path is { } shared && Directory.Exists(Path.Combine(shared, "datasets", "einvoices", "xml")))
            foreach (var syntax in new[] { "cii", "ubl" })
                foreach (var file in Directory.GetFiles(Path.Combine(shared, "datasets", "einvoices", "xml", syntax), "*.xml").Order())
                    if (!Path.GetFileName(file).StartsWith("not_validating_", StringComparison.Ordinal))
                        data.Add(Path.Combine(syntax, Path.GetFileName(file)));
        if (data.Count == 0)
            data.Add("(../shared/datasets/einvoices is not present)");
        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void The_valid_samples_break_no_rule(string file)
    {
        var path = SharedFolder.Require(Path.Combine("datasets", "einvoices", "xml", file));

        var result = EInvoiceReader.Read(EInvoiceXml.Read(File.ReadAllBytes(path)));

        Assert.Empty(result.ReviewReasons.Select(r => r.Message));
    }
}
