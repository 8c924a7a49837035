using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Files;
using InvoiceScanner.EInvoices;

namespace InvoiceScanner.Bench;

/// <summary>An e-invoice to read: generated with a number of lines, or a file of ../shared/datasets/einvoices.</summary>
public sealed record EInvoiceInput(string Name, int Lines, Func<byte[]> Load)
{
    public override string ToString() => $"{Name} [{Lines} lines]";
}

/// <summary>
/// What ExtractData does with an e-invoice (load it safely, map it, check the EN 16931 rules) and what ProcessInvoice
/// does with a PDF before any OCR (look for an attached e-invoice). The target is 5 ms per invoice in process.
/// </summary>
[BenchmarkCategory("einvoice")]
public class EInvoiceBenchmarks
{
    private static readonly string? Dataset = EInvoiceDataset.Folder();

    private byte[] _xml = null!;
    private EInvoiceFile _stored = null!;

    public static IEnumerable<EInvoiceInput> Inputs()
    {
        yield return new("generated CII", 10, () => GeneratedCii(10));
        if (!BenchSettings.Quick)
            yield return new("generated CII", 1000, () => GeneratedCii(1000));
        if (Dataset is null)
            yield break;
        yield return new("EN16931_Einfach.cii.xml", 2, () => File.ReadAllBytes(Path.Combine(Dataset, "xml", "cii", "EN16931_Einfach.cii.xml")));
        yield return new("EN16931_Einfach.ubl.xml", 2, () => File.ReadAllBytes(Path.Combine(Dataset, "xml", "ubl", "EN16931_Einfach.ubl.xml")));
    }

    [ParamsSource(nameof(Inputs))]
    public EInvoiceInput Input { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        _xml = Input.Load();
        _stored = new EInvoiceFinder().Find(DocumentKind.Xml, _xml) ?? throw new InvalidOperationException($"{Input}: no e-invoice");
        var lines = EInvoiceReader.Read(EInvoiceFinder.Load(_stored)).LineItems.Count;
        if (lines != Input.Lines) throw new InvalidOperationException($"{Input}: read {lines} lines.");
    }

    /// <summary>ProcessInvoice: recognise the upload (safe load, syntax, profile) and keep it as text.</summary>
    [Benchmark(Description = "Recognise upload")]
    public EInvoiceFile? Recognise() => new EInvoiceFinder().Find(DocumentKind.Xml, _xml);

    /// <summary>ExtractData: load the stored XML again, map every field and line, check the rules.</summary>
    [Benchmark(Description = "Read (load + map + validate)")]
    public ExtractionResult Read() => EInvoiceReader.Read(EInvoiceFinder.Load(_stored));

    /// <summary>A valid invoice of <paramref name="lines"/> lines of 10.00 at 19 % VAT.</summary>
    public static byte[] GeneratedCii(int lines)
    {
        var net = lines * 10m;
        var tax = Math.Round(net * 0.19m, 2);
        static string Amount(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);
        var xml = new StringBuilder("""
            <rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
            <rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>
            <rsm:ExchangedDocument><ram:ID>BENCH-1</ram:ID><ram:TypeCode>380</ram:TypeCode><ram:IssueDateTime><udt:DateTimeString format="102">20261206</udt:DateTimeString></ram:IssueDateTime></rsm:ExchangedDocument>
            <rsm:SupplyChainTradeTransaction>
            """);
        for (var i = 1; i <= lines; i++)
            xml.Append(CultureInfo.InvariantCulture, $"<ram:IncludedSupplyChainTradeLineItem><ram:AssociatedDocumentLineDocument><ram:LineID>{i}</ram:LineID></ram:AssociatedDocumentLineDocument><ram:SpecifiedTradeProduct><ram:Name>Item {i}</ram:Name></ram:SpecifiedTradeProduct><ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>10.00</ram:ChargeAmount></ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement><ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode=\"H87\">1</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery><ram:SpecifiedLineTradeSettlement><ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>19</ram:RateApplicablePercent></ram:ApplicableTradeTax><ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>10.00</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation></ram:SpecifiedLineTradeSettlement></ram:IncludedSupplyChainTradeLineItem>\n");
        xml.Append(CultureInfo.InvariantCulture, $"""
            <ram:ApplicableHeaderTradeAgreement><ram:SellerTradeParty><ram:Name>Bench Seller GmbH</ram:Name><ram:PostalTradeAddress><ram:CountryID>DE</ram:CountryID></ram:PostalTradeAddress><ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">DE123456789</ram:ID></ram:SpecifiedTaxRegistration></ram:SellerTradeParty><ram:BuyerTradeParty><ram:Name>Bench Buyer AG</ram:Name><ram:PostalTradeAddress><ram:CountryID>DE</ram:CountryID></ram:PostalTradeAddress></ram:BuyerTradeParty></ram:ApplicableHeaderTradeAgreement>
            <ram:ApplicableHeaderTradeSettlement><ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
            <ram:ApplicableTradeTax><ram:CalculatedAmount>{Amount(tax)}</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount>{Amount(net)}</ram:BasisAmount><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>19</ram:RateApplicablePercent></ram:ApplicableTradeTax>
            <ram:SpecifiedTradeSettlementHeaderMonetarySummation><ram:LineTotalAmount>{Amount(net)}</ram:LineTotalAmount><ram:TaxBasisTotalAmount>{Amount(net)}</ram:TaxBasisTotalAmount><ram:TaxTotalAmount currencyID="EUR">{Amount(tax)}</ram:TaxTotalAmount><ram:GrandTotalAmount>{Amount(net + tax)}</ram:GrandTotalAmount><ram:DuePayableAmount>{Amount(net + tax)}</ram:DuePayableAmount></ram:SpecifiedTradeSettlementHeaderMonetarySummation>
            </ram:ApplicableHeaderTradeSettlement></rsm:SupplyChainTradeTransaction></rsm:CrossIndustryInvoice>
            """);
        return Encoding.UTF8.GetBytes(xml.ToString());
    }
}

/// <summary>A hybrid PDF of the dataset, for the attachment search ProcessInvoice runs on every PDF.</summary>
public sealed record HybridPdfInput(string Name, Func<byte[]> Load)
{
    public override string ToString() => Name;
}

/// <summary>PdfPig opening a PDF and listing its attachments, beside the e-invoice in it being recognised.</summary>
[BenchmarkCategory("einvoice")]
public class HybridPdfBenchmarks
{
    private byte[] _pdf = null!;

    public static IEnumerable<HybridPdfInput> Inputs()
    {
        var sample = SampleInvoices.SampleInvoiceCatalog.All[0];
        yield return new($"{sample.Name}.pdf (no attachment)", sample.RenderPdf);
        if (EInvoiceDataset.Folder() is { } dataset)
            yield return new("EN16931_Einfach.pdf (factur-x.xml)", () => File.ReadAllBytes(Path.Combine(dataset, "pdf", "EN16931_Einfach.pdf")));
    }

    [ParamsSource(nameof(Inputs))]
    public HybridPdfInput Input { get; set; } = null!;

    [GlobalSetup]
    public void Setup() => _pdf = Input.Load();

    [Benchmark(Description = "Find e-invoice in PDF")]
    public EInvoiceFile? Find() => new EInvoiceFinder().Find(DocumentKind.Pdf, _pdf);
}

/// <summary>
/// ../shared/datasets/einvoices beside the repository (INVOICESCANNER_SHARED overrides), found from the working directory
/// or the binary, which BenchmarkDotNet runs from a folder of its own; null where it is absent.
/// </summary>
internal static class EInvoiceDataset
{
    public static string? Folder()
    {
        if (Environment.GetEnvironmentVariable("INVOICESCANNER_SHARED") is { Length: > 0 } shared)
            return Existing(Path.Combine(shared, "datasets", "einvoices"));
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "InvoiceScanner.sln")))
                    return Existing(Path.Combine(dir.FullName, "..", "shared", "datasets", "einvoices"));
        return null;
    }

    private static string? Existing(string path) => Directory.Exists(path) ? Path.GetFullPath(path) : null;
}
