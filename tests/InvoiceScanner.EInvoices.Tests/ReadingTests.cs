using System.Text;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.TestSupport;

namespace InvoiceScanner.EInvoices.Tests;

/// <summary>The XML's values, exactly, from either syntax.</summary>
public sealed class ReadingTests
{
    private static string Folder(string syntax) => SharedFolder.Require(Path.Combine("datasets", "einvoices", "xml", syntax));

    private static ExtractionResult Read(string path) => EInvoiceReader.Read(EInvoiceXml.Read(File.ReadAllBytes(path)));

    public static TheoryData<string> Pairs()
    {
        var data = new TheoryData<string>();
        if (SharedFolder.Path is { } shared && Directory.Exists(Path.Combine(shared, "datasets", "einvoices", "xml", "cii")))
            foreach (var cii in Directory.GetFiles(Path.Combine(shared, "datasets", "einvoices", "xml", "cii"), "*.cii.xml").Order())
            {
                // The dataset marks these as not validating: its CII and UBL copies state different amounts (5.00 and 50
                // EUR of tax), so they are not the same invoice.
                if (!Path.GetFileName(cii).StartsWith("not_validating_", StringComparison.Ordinal))
                    data.Add(Path.GetFileName(cii)[..^".cii.xml".Length]);
            }
        else
            data.Add("(../shared/datasets/einvoices is not present)");
        return data;
    }

    /// <summary>Every value of the field set as text, line items included, without where it came from.</summary>
    private static List<string> Values(ExtractionResult result)
    {
        var f = result.Fields;
        var values = new List<string>
        {
            $"VendorName={f.VendorName?.Value}", $"VendorAddress={f.VendorAddress?.Value}", $"VendorPhone={f.VendorPhone?.Value}",
            $"VendorTaxId={f.VendorTaxId?.Value}", $"ReceiverName={f.ReceiverName?.Value}", $"ReceiverAddress={f.ReceiverAddress?.Value}",
            $"InvoiceNumber={f.InvoiceNumber?.Value}", $"InvoiceDate={f.InvoiceDate?.Value}", $"DueDate={f.DueDate?.Value}",
            $"PoNumber={f.PoNumber?.Value}", $"PaymentTerms={f.PaymentTerms?.Value}", $"Subtotal={f.Subtotal?.Value:0.00}",
            $"Tax={f.Tax?.Value:0.00}", $"Total={f.Total?.Value:0.00}", $"AmountDue={f.AmountDue?.Value:0.00}",
            $"AmountPaid={f.AmountPaid?.Value:0.00}", $"Discount={f.Discount?.Value:0.00}", $"Currency={f.Currency?.Value}",
        };
        values.AddRange(result.LineItems.Select((l, i) =>
            $"line {i + 1}: {l.Description?.Value} | {l.Quantity?.Value:0.####} | {l.UnitPrice?.Value:0.####} | {l.Amount?.Value:0.00} | {l.ProductCode?.Value}"));
        return values;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void The_same_invoice_in_CII_and_UBL_reads_the_same(string name)
    {
        var cii = Read(Path.Combine(Folder("cii"), name + ".cii.xml"));
        var ubl = Read(Path.Combine(Folder("ubl"), name + ".ubl.xml"));

        Assert.Equal(Values(cii), Values(ubl));
        Assert.Empty(cii.ReviewReasons);
        Assert.Empty(ubl.ReviewReasons);
    }

    [Fact]
    public void A_CII_invoice_reads_exactly_with_each_value_traced_to_its_element()
    {
        var result = Read(Path.Combine(Folder("cii"), "EN16931_Einfach.cii.xml"));
        var f = result.Fields;

        Assert.Equal("einvoice: CII, EN16931", result.Engine);
        Assert.Equal(("Lieferant GmbH", "Lieferantenstraße 20, 80333 München, DE", "DE123456789"), (f.VendorName!.Value, f.VendorAddress!.Value, f.VendorTaxId!.Value));
        Assert.Equal(("Kunden AG Mitte", "Kundenstraße 15, 69876 Frankfurt, DE"), (f.ReceiverName!.Value, f.ReceiverAddress!.Value));
        Assert.Equal(("471102", new DateOnly(2018, 3, 5), "EUR"), (f.InvoiceNumber!.Value, f.InvoiceDate!.Value, f.Currency!.Value));
        Assert.Equal((473.00m, 56.87m, 529.87m, 529.87m), (f.Subtotal!.Value, f.Tax!.Value, f.Total!.Value, f.AmountDue!.Value));
        Assert.Equal(2, result.LineItems.Count);
        Assert.Equal(("Trennblätter A4", 20m, 9.9m, 198.00m, "TB100A4"),
            (result.LineItems[0].Description!.Value, result.LineItems[0].Quantity!.Value, result.LineItems[0].UnitPrice!.Value, result.LineItems[0].Amount!.Value, result.LineItems[0].ProductCode!.Value));
        Assert.Equal(1.0, f.Total.Confidence);
        Assert.Equal(["einvoice: CII, EN16931: /CrossIndustryInvoice/SupplyChainTradeTransaction/ApplicableHeaderTradeSettlement/SpecifiedTradeSettlementHeaderMonetarySummation/GrandTotalAmount"], f.Total.Trace);
        Assert.Equal("20180305", f.InvoiceDate.Raw);
    }

    [Fact]
    public void A_value_that_does_not_parse_is_left_out_and_named_for_review()
    {
        var xml = """
            <Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
                xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
                xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2">
              <cbc:ID>A-1</cbc:ID><cbc:IssueDate>05.03.2018</cbc:IssueDate><cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
              <cac:LegalMonetaryTotal><cbc:PayableAmount currencyID="EUR">1,5</cbc:PayableAmount></cac:LegalMonetaryTotal>
            </Invoice>
            """;

        var result = EInvoiceReader.Read(EInvoiceXml.Read(Encoding.UTF8.GetBytes(xml)));

        Assert.Equal("A-1", result.Fields.InvoiceNumber!.Value);
        Assert.Null(result.Fields.InvoiceDate);
        Assert.Null(result.Fields.AmountDue);
        Assert.Equal(2, result.ReviewReasons.Count(r => r.Code == "EINVOICE_VALUE_UNREADABLE"));
        Assert.Contains(result.ReviewReasons, r => r.Message.Contains("/Invoice/IssueDate") && r.Message.Contains("05.03.2018"));
    }
}
