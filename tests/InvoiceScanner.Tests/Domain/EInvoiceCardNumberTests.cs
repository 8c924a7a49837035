using System.Text;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.Core.Storage;
using InvoiceScanner.EInvoices;
using InvoiceScanner.Storage.S3;
using InvoiceScanner.TestSupport;
using InvoiceScanner.TestSupport.Fakes;

namespace InvoiceScanner.Tests.Domain;

/// <summary>An e-invoice's XML travels in the stored OCR document: its card number (BT-87) is masked there too.</summary>
public class EInvoiceCardNumberTests
{
    // BT-87 and a card quoted in a note, beside identifiers a card check could mistake for one: a GLN (13 digits, here
    // starting 4 and Luhn-valid) and an IBAN.
    private static readonly string CiiWithCard = HandMadeEInvoice.Cii
        .Replace("<ram:Name>Seller GmbH</ram:Name>", "<ram:GlobalID schemeID=\"0088\">4000001000005</ram:GlobalID><ram:Name>Seller GmbH</ram:Name>")
        .Replace("<ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>", """
            <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
            <ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>54</ram:TypeCode>
              <ram:ApplicableTradeSettlementFinancialCard><ram:ID>4111111111111111</ram:ID><ram:CardholderName>A Buyer</ram:CardholderName></ram:ApplicableTradeSettlementFinancialCard>
              <ram:PayeePartyCreditorFinancialAccount><ram:IBANID>DE89370400440532013000</ram:IBANID></ram:PayeePartyCreditorFinancialAccount>
            </ram:SpecifiedTradeSettlementPaymentMeans>
            """)
        .Replace("<rsm:ExchangedDocument><ram:ID>INV-1</ram:ID><ram:TypeCode>380</ram:TypeCode>",
            "<rsm:ExchangedDocument><ram:ID>INV-1</ram:ID><ram:TypeCode>380</ram:TypeCode><ram:IncludedNote><ram:Content>Paid by card 5555 5555 5555 4444, thank you</ram:Content></ram:IncludedNote>");

    [Fact]
    public void The_card_element_and_a_card_in_a_note_are_masked_and_identifiers_kept()
    {
        var masked = CardNumbers.MaskXml(CiiWithCard);

        Assert.Contains("<ram:ID>************1111</ram:ID>", masked);
        Assert.Contains("Paid by card **** **** **** 4444, thank you", masked);
        Assert.Contains("4000001000005", masked);
        Assert.True(CardNumbers.IsCardNumber("4000001000005")); // masked by the page's rule, kept as an identifier
        Assert.Contains("DE89370400440532013000", masked);
        Assert.Contains("<ram:ID>INV-1</ram:ID>", masked);
        Assert.Equal(masked, CardNumbers.MaskXml(masked));
    }

    [Fact]
    public void A_ubl_card_account_keeps_its_last_four()
    {
        const string ubl = """
            <Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
              <cac:PaymentMeans><cbc:PaymentMeansCode>54</cbc:PaymentMeansCode>
                <cac:CardAccount><cbc:PrimaryAccountNumberID>378282246310005</cbc:PrimaryAccountNumberID><cbc:NetworkID>AMEX</cbc:NetworkID></cac:CardAccount>
              </cac:PaymentMeans>
            </Invoice>
            """;

        Assert.Contains("<cbc:PrimaryAccountNumberID>***********0005</cbc:PrimaryAccountNumberID>", CardNumbers.MaskXml(ubl));
    }

    [Fact]
    public async Task An_xml_upload_is_stored_and_read_with_the_card_masked_and_its_values_intact()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));
        var invoices = new InMemoryInvoiceRepository();
        var objects = new InMemoryObjectStore();
        var content = Encoding.UTF8.GetBytes(CiiWithCard);
        var uploads = new InvoiceUploads(invoices, new FakeUploadUrlSigner(), clock, new UploadSettings());
        var invoice = (await uploads.CreateAsync("alice", new NewInvoiceRequest("rechnung.xml", null, content.Length), CancellationToken.None)).Invoice;
        objects.Objects[invoice.UploadKey] = (content, "application/xml");
        var settings = new ProcessingSettings();
        var results = new S3OcrResultStore(objects);
        var unused = new ScriptedExtractor(_ => throw new InvalidOperationException("no page to read"));

        await new DocumentProcessor(invoices, objects, ScriptedOcrEngine.Returning("never read"), new EInvoiceFinder(), results, clock, settings)
            .ProcessUploadAsync(new(invoice.UploadKey), CancellationToken.None);
        await new ExtractionProcessor(invoices, results, new EInvoiceExtractor(unused, unused), ExtractionOptions.Default, clock, settings)
            .ExtractAsync(ObjectKeys.OcrResult("alice", invoice.InvoiceId), CancellationToken.None);

        var stored = Encoding.UTF8.GetString(objects.Objects[ObjectKeys.OcrResult("alice", invoice.InvoiceId)].Content);
        Assert.DoesNotContain("4111111111111111", stored);
        Assert.DoesNotContain("5555 5555", stored);
        var done = (await invoices.GetAsync("alice", invoice.InvoiceId, CancellationToken.None))!;
        Assert.Equal(InvoiceStatus.Completed, done.Status);
        Assert.Equal(146.60m, done.Result!.Fields.AmountDue!.Value);
    }
}
