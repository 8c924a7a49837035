using System.Text;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.TestSupport;

namespace InvoiceScanner.EInvoices.Tests;

/// <summary>What an XML upload is, told by its root element and namespace, and hostile XML refused before it is built.</summary>
public sealed class RecognitionTests
{
    private static EInvoiceXml Read(string xml) => EInvoiceXml.Read(Encoding.UTF8.GetBytes(xml));

    private static DocumentRejectedException Rejected(string xml) => Assert.Throws<DocumentRejectedException>(() => Read(xml));

    public static TheoryData<string> Files(string folder)
    {
        var data = new TheoryData<string>();
        if (SharedFolder.Path is { } shared && Directory.Exists(Path.Combine(shared, "datasets", "einvoices", "xml", folder)))
            foreach (var file in Directory.GetFiles(Path.Combine(shared, "datasets", "einvoices", "xml", folder), "*.xml").Order())
                data.Add(Path.GetFileName(file));
        else
            data.Add("(../shared/datasets/einvoices is not present)");
        return data;
    }

    private static byte[] Dataset(string folder, string name) =>
        File.ReadAllBytes(SharedFolder.Require(Path.Combine("datasets", "einvoices", "xml", folder, name)));

    [Theory]
    [MemberData(nameof(Files), "cii")]
    public void Every_CII_sample_reads_as_CII_with_its_profile(string name)
    {
        var read = EInvoiceXml.Read(Dataset("cii", name));

        Assert.Equal(EInvoiceSyntax.Cii, read.Kind.Syntax);
        Assert.Equal(name.StartsWith("XRECHNUNG", StringComparison.Ordinal) ? "XRECHNUNG" : "EN16931", read.Kind.ProfileName);
    }

    [Theory]
    [MemberData(nameof(Files), "ubl")]
    public void Every_UBL_sample_reads_as_a_UBL_invoice_or_credit_note(string name)
    {
        var content = Dataset("ubl", name);
        var read = EInvoiceXml.Read(content);

        var root = read.Document.Root!.Name.LocalName;
        Assert.Equal(root == "CreditNote" ? EInvoiceSyntax.UblCreditNote : EInvoiceSyntax.UblInvoice, read.Kind.Syntax);
        Assert.StartsWith("urn:cen.eu:en16931:2017", read.Kind.Profile);
        Assert.NotNull(read.Kind.ProfileName);
    }

    [Fact]
    public void A_ZUGFeRD_1_document_and_its_profile_are_recognised()
    {
        var read = Read("""
            <rsm:CrossIndustryDocument xmlns:rsm="urn:ferd:CrossIndustryDocument:invoice:1p0"
                xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:12">
              <rsm:SpecifiedExchangedDocumentContext>
                <ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:ferd:CrossIndustryDocument:invoice:1p0:comfort</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>
              </rsm:SpecifiedExchangedDocumentContext>
            </rsm:CrossIndustryDocument>
            """);

        Assert.Equal(new EInvoiceKind(EInvoiceSyntax.ZugferdV1, "urn:ferd:CrossIndustryDocument:invoice:1p0:comfort"), read.Kind);
        Assert.Equal("COMFORT", read.Kind.ProfileName);
    }

    [Theory]
    [InlineData("urn:factur-x.eu:1p0:minimum", "MINIMUM")]
    [InlineData("urn:factur-x.eu:1p0:basicwl", "BASIC WL")]
    [InlineData("urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic", "BASIC")]
    [InlineData("urn:cen.eu:en16931:2017", "EN16931")]
    [InlineData("urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended", "EXTENDED")]
    [InlineData("urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0", "XRECHNUNG")]
    [InlineData("urn:example:something-else", null)]
    public void Profiles_are_named_as_the_standards_name_them(string id, string? name) =>
        Assert.Equal(name, new EInvoiceKind(EInvoiceSyntax.Cii, id).ProfileName);

    [Theory]
    [InlineData(EInvoiceSyntax.Cii, "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended", "CII, Factur-X EXTENDED")]
    [InlineData(EInvoiceSyntax.Cii, "urn:zugferd.de:2p0:basic", "CII, ZUGFeRD BASIC")]
    [InlineData(EInvoiceSyntax.Cii, "urn:cen.eu:en16931:2017", "CII, EN16931")]
    [InlineData(EInvoiceSyntax.Cii, "urn:example:something-else", "CII")]
    [InlineData(EInvoiceSyntax.ZugferdV1, "urn:ferd:CrossIndustryDocument:invoice:1p0:comfort", "ZUGFeRD 1.0, COMFORT")]
    [InlineData(EInvoiceSyntax.UblInvoice, "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0", "UBL Invoice, XRECHNUNG")]
    public void The_engine_names_the_syntax_the_family_and_the_profile(EInvoiceSyntax syntax, string id, string name) =>
        Assert.Equal(name, EInvoiceReader.SyntaxName(new EInvoiceKind(syntax, id)));

    [Theory]
    [InlineData("<note><to>Tove</to></note>", "<note>")]
    [InlineData("<rsm:SCRDMCCBDACIOMessageStructure xmlns:rsm=\"urn:un:unece:uncefact:data:SCRDMCCBDACIOMessageStructure:100\"/>", "SCRDMCCBDACIOMessageStructure")]
    [InlineData("<Order xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Order-2\"/>", "<Order>")]
    [InlineData("<CrossIndustryInvoice xmlns=\"urn:example:not-cii\"/>", "urn:example:not-cii")]
    public void Well_formed_XML_of_another_kind_is_not_an_invoice_and_says_what_it_is(string xml, string named)
    {
        var error = Rejected(xml);

        Assert.Equal(ErrorCodes.NotAnInvoice, error.Code);
        Assert.Contains(named, error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<Invoice>")]
    [InlineData("not xml at all")]
    [InlineData("<a><b></a>")]
    public void Malformed_XML_is_invalid(string xml) => Assert.Equal(ErrorCodes.InvalidXml, Rejected(xml).Code);

    [Fact]
    public void An_external_entity_is_refused_and_nothing_is_read_from_disk()
    {
        var error = Rejected("""
            <?xml version="1.0"?>
            <!DOCTYPE Invoice [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
            <Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>&xxe;</ID></Invoice>
            """);

        Assert.Equal(ErrorCodes.InvalidXml, error.Code);
        Assert.Contains("DTD", error.Message);
        Assert.DoesNotContain("root:", error.Message);
    }

    [Fact]
    public void Entity_expansion_is_refused_before_anything_is_expanded()
    {
        var entities = new StringBuilder("<!ENTITY lol0 \"lol\">");
        for (var i = 1; i <= 9; i++)
            entities.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">");

        var error = Rejected($"<?xml version=\"1.0\"?><!DOCTYPE lolz [{entities}]><lolz>&lol9;</lolz>");

        Assert.Equal(ErrorCodes.InvalidXml, error.Code);
    }

    [Fact]
    public void Deep_nesting_is_refused_with_the_limit()
    {
        const int depth = 10_000;
        var xml = string.Concat(Enumerable.Repeat("<a>", depth)) + string.Concat(Enumerable.Repeat("</a>", depth));

        var error = Rejected(xml);

        Assert.Equal(ErrorCodes.InvalidXml, error.Code);
        Assert.Contains($"deeper than {SafeXml.MaxDepth}", error.Message);
    }

    [Fact]
    public void A_50_MB_document_is_refused()
    {
        var note = new string('x', 50 * 1024 * 1024);
        var error = Rejected($"<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"><Note>{note}</Note></Invoice>");

        Assert.Equal(ErrorCodes.InvalidXml, error.Code);
    }
}
