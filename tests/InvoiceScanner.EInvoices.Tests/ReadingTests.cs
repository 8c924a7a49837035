using System.Text;
using System.Xml.Linq;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.TestSupport;

namespace InvoiceScanner.EInvoices.Tests;

/// <summary>The XML's values, exactly, from either syntax.</summary>
public sealed class ReadingTests
{
    private static string Folder(string syntax) => SharedFolder.Require(Path.Combine("datasets", "einvoices", "xml", syntax));

    private static ExtractionResult Read(string path) => EInvoiceReading.ReadFile(path);

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

    /// <summary>
    /// Every value of the field set as text, line items, VAT breakdown and allowances and charges included, without
    /// where it came from.
    /// </summary>
    private static List<string> Values(ExtractionResult result, bool grossPrices = true)
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
            $"DocumentType={f.DocumentType?.Value} ({f.DocumentType?.Raw})",
            $"VendorTradingName={f.VendorTradingName?.Value}", $"VendorTaxNumber={f.VendorTaxNumber?.Value}",
            $"VendorRegistrationId={f.VendorRegistrationId?.Value}", $"VendorEmail={f.VendorEmail?.Value}", $"VendorContact={f.VendorContact?.Value}",
            $"ReceiverTradingName={f.ReceiverTradingName?.Value}", $"ReceiverTaxId={f.ReceiverTaxId?.Value}",
            $"ReceiverRegistrationId={f.ReceiverRegistrationId?.Value}", $"ReceiverEmail={f.ReceiverEmail?.Value}", $"ReceiverContact={f.ReceiverContact?.Value}",
            $"DeliveryDate={f.DeliveryDate?.Value}", $"ServicePeriodStart={f.ServicePeriodStart?.Value}", $"ServicePeriodEnd={f.ServicePeriodEnd?.Value}",
            $"BuyerReference={f.BuyerReference?.Value}", $"ContractReference={f.ContractReference?.Value}",
            $"ProjectReference={f.ProjectReference?.Value}", $"PrecedingInvoice={f.PrecedingInvoice?.Value}",
            $"AllowanceTotal={f.AllowanceTotal?.Value:0.00}", $"ChargeTotal={f.ChargeTotal?.Value:0.00}",
            $"TaxBasis={f.TaxBasis?.Value:0.00}", $"Rounding={f.Rounding?.Value:0.00}",
            $"PaymentMeansCode={f.PaymentMeansCode?.Value}", $"Iban={f.Iban?.Value}", $"Bic={f.Bic?.Value}", $"AccountHolder={f.AccountHolder?.Value}",
            $"MandateReference={f.MandateReference?.Value}", $"RemittanceInformation={f.RemittanceInformation?.Value}",
            $"Note={f.Note?.Value}",
        };
        values.AddRange(result.LineItems.Select((l, i) =>
            $"line {i + 1}: {l.Description?.Value} | {l.Quantity?.Value:0.####} | {l.UnitPrice?.Value:0.####} | {l.Amount?.Value:0.00} | {l.ProductCode?.Value}"
            + $" | id {l.LineId?.Value} | unit {l.UnitCode?.Value} | gross {(grossPrices ? GrossOverNet(l) : "(not compared)")} | VAT {l.TaxCategory?.Value} {l.TaxRate?.Value:0.##}"
            + $" | buyer's id {l.BuyerItemId?.Value} | period {l.PeriodStart?.Value}–{l.PeriodEnd?.Value} | note {l.Note?.Value}"));
        values.AddRange(result.TaxBreakdown.Select((t, i) =>
            $"VAT {i + 1}: {t.Category?.Value} {t.Rate?.Value:0.##} | basis {t.Basis?.Value:0.00} | tax {t.Amount?.Value:0.00} | exempt {t.ExemptionCode?.Value} {t.ExemptionReason?.Value}"));
        values.AddRange(result.AllowancesCharges.Select((a, i) =>
            $"{(a.IsCharge ? "charge" : "allowance")} {i + 1}: {a.Amount?.Value:0.00} | basis {a.Basis?.Value:0.00} | {a.Percent?.Value:0.##} %"
            + $" | {a.ReasonCode?.Value} {a.Reason?.Value} | VAT {a.TaxCategory?.Value} {a.TaxRate?.Value:0.##}"));
        return values;
    }

    /// <summary>
    /// The gross price where it is not the net price: a CII line may state a gross price equal to the net one where UBL
    /// states no price discount at all, which says the same.
    /// </summary>
    private static string GrossOverNet(LineItem line) =>
        line.GrossPrice is { } gross && gross.Value != line.UnitPrice?.Value ? $"{gross.Value:0.####}" : "= net";

    /// <summary>
    /// The UBL copies of these drop the gross prices (BT-148) their CII copies state above the net prices without any
    /// price discount to account for the difference: in the two insurance invoices the "gross" price is the price with
    /// insurance tax, in the travel expenses one the price with VAT, in the intra-community one ten times the
    /// net price (the line total).
    /// </summary>
    private static readonly HashSet<string> UblWithoutGrossPrices =
    [
        "EN16931_Kraftfahrversicherung_Bruttopreise", "EN16931_Sachversicherung_berechneter_Steuersatz",
        "EN16931_Reisekostenabrechnung", "EN16931_Innergemeinschaftliche_Lieferungen",
    ];

    [Theory]
    [MemberData(nameof(Pairs))]
    public void The_same_invoice_in_CII_and_UBL_reads_the_same(string name)
    {
        var cii = Read(Path.Combine(Folder("cii"), name + ".cii.xml"));
        var ubl = Read(Path.Combine(Folder("ubl"), name + ".ubl.xml"));

        // Entry by entry, so a failure names each value that differs in both syntaxes.
        var grossPrices = !UblWithoutGrossPrices.Contains(name);
        if (!grossPrices)
        {
            Assert.Contains(cii.LineItems, l => l.GrossPrice!.Value != l.UnitPrice!.Value);
            Assert.All(ubl.LineItems, l => Assert.Null(l.GrossPrice));
        }
        var (fromCii, fromUbl) = (Values(cii, grossPrices), Values(ubl, grossPrices));
        var differences = fromCii.Zip(fromUbl).Where(pair => pair.First != pair.Second).Select(pair => $"CII {pair.First}\nUBL {pair.Second}").ToList();
        Assert.True(differences.Count == 0, string.Join("\n", differences));
        Assert.Equal(fromCii.Count, fromUbl.Count);
        Assert.Empty(cii.ReviewReasons);
        Assert.Empty(ubl.ReviewReasons);
    }

    /// <summary>Every CII and UBL sample, as syntax/file name.</summary>
    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        if (SharedFolder.Path is { } shared && Directory.Exists(Path.Combine(shared, "datasets", "einvoices", "xml", "cii")))
            foreach (var syntax in new[] { "cii", "ubl" })
                foreach (var file in Directory.GetFiles(Path.Combine(shared, "datasets", "einvoices", "xml", syntax), "*.xml").Order())
                    data.Add($"{syntax}/{Path.GetFileName(file)}");
        else
            data.Add("(../shared/datasets/einvoices is not present)");
        return data;
    }

    private static string Sample(string file) => SharedFolder.Require(Path.Combine("datasets", "einvoices", "xml", file));

    /// <summary>The elements named <paramref name="name"/> directly under an element named <paramref name="parent"/>, found without the reader.</summary>
    private static List<XElement> Stated(string path, string parent, string name) =>
        XDocument.Load(path).Descendants().Where(e => e.Name.LocalName == name && e.Parent?.Name.LocalName == parent).ToList();

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_stated_VAT_breakdown_is_read_and_adds_up_to_the_VAT_total(string file)
    {
        var path = Sample(file);
        var stated = Stated(path, "ApplicableHeaderTradeSettlement", "ApplicableTradeTax").Count + Stated(path, "TaxTotal", "TaxSubtotal").Count;

        var result = Read(path);

        Assert.True(stated > 0, "every sample states a VAT breakdown");
        Assert.NotEmpty(result.TaxBreakdown);
        Assert.All(result.TaxBreakdown, row => Assert.NotNull(row.Category));
        if (result.Fields.Tax is { } tax)
            Assert.Equal(tax.Value, result.TaxBreakdown.Sum(row => row.Amount!.Value));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_stated_payee_account_is_read(string file)
    {
        var path = Sample(file);
        var stated = Stated(path, "PayeePartyCreditorFinancialAccount", "IBANID").Concat(Stated(path, "PayeeFinancialAccount", "ID")).FirstOrDefault();

        var result = Read(path);

        if (stated is null)
            Assert.Null(result.Fields.Iban);
        else
            Assert.Equal(stated.Value.Trim(), result.Fields.Iban!.Value);
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
