using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.Core.Storage;
using InvoiceScanner.EInvoices;
using InvoiceScanner.Storage.S3;
using InvoiceScanner.TestSupport.Fakes;

namespace InvoiceScanner.Tests.Domain;

/// <summary>Card numbers (PANs) never leave ProcessInvoice in full: the stored OCR document and all read from it keep the last four.</summary>
public class CardNumberTests
{
    [Theory]
    [InlineData("VISA 4111 1111 1111 1111 APPROVED", "VISA **** **** **** 1111 APPROVED")]
    [InlineData("Card: 4111-1111-1111-1111", "Card: ****-****-****-1111")]
    [InlineData("Card: 5934.2463.3640.6771", "Card: ****.****.****.6771")]
    [InlineData("5555555555554444", "************4444")]
    [InlineData("AMEX 3782 822463 10005", "AMEX **** ****** *0005")]
    [InlineData("pan=4012888888881881;", "pan=************1881;")]
    public void A_card_number_keeps_only_its_last_four_digits(string text, string masked)
    {
        Assert.Equal(masked, CardNumbers.Mask(text));
        Assert.Equal(masked, CardNumbers.Mask(masked));
    }

    [Theory]
    [InlineData("4111 1111 1111 1112")] // fails the Luhn check
    [InlineData("IBAN DE89 3704 0044 0532 0130 00")] // an account, after its country code
    [InlineData("DE89370400440532013000")]
    [InlineData("Order 1234567890123")] // starts outside the card ranges
    [InlineData("Total 1,234.56 EUR  4111 1111")]
    [InlineData("Tel. 0049 30 1234 5678")]
    [InlineData("**** **** **** 1111")]
    public void Other_numbers_are_left_as_printed(string text)
    {
        Assert.Equal(text, CardNumbers.Mask(text));
    }

    [Fact]
    public void A_number_printed_as_several_words_is_masked_in_each_word_and_its_candidates()
    {
        var box = new BoundingBox(0, 0, 10, 10);
        string[] texts = ["VISA", "4111", "1111", "1111", "1111"];
        var line = new OcrLine(string.Join(' ', texts), box, 0.9, [.. texts.Select(t => new OcrWord(t, box, 0.9))]);
        var document = new OcrDocument("scripted", [new OcrPage(1, 100, 100, [line])])
        {
            Candidates = [new FieldCandidate("Note", "4111111111111111", 0.9, new Evidence(1, box, line.Text))],
        };

        var masked = CardNumbers.Mask(document);
        var untouched = new OcrDocument("scripted", [new OcrPage(1, 100, 100, [line with { Text = "VISA", Words = [line.Words[0]] }])]);

        Assert.Equal(["VISA", "****", "****", "****", "1111"], masked.Pages[0].Lines[0].Words.Select(w => w.Text));
        Assert.Equal(("************1111", "VISA **** **** **** 1111"), (masked.Candidates[0].Text, masked.Candidates[0].Evidence!.Line));
        Assert.Same(untouched, CardNumbers.Mask(untouched));
    }

    [Fact]
    public async Task A_receipt_paid_by_card_is_stored_and_read_with_the_number_masked()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));
        var invoices = new InMemoryInvoiceRepository();
        var objects = new InMemoryObjectStore();
        var uploads = new InvoiceUploads(invoices, new FakeUploadUrlSigner(), clock, new UploadSettings());
        var invoice = (await uploads.CreateAsync("alice", new NewInvoiceRequest("receipt.pdf", null, 1000), CancellationToken.None)).Invoice;
        objects.Objects[invoice.UploadKey] = (SampleFiles.MinimalPdf(), "application/pdf");
        var engine = ScriptedOcrEngine.Returning("CORNER CAFE", "VISA 4111 1111 1111 1111", "TOTAL 12.50 USD");
        var settings = new ProcessingSettings();
        var seen = new List<string>();

        await new DocumentProcessor(invoices, objects, engine, new EInvoiceFinder(), new S3OcrResultStore(objects), clock, settings)
            .ProcessUploadAsync(new(invoice.UploadKey), CancellationToken.None);
        await new ExtractionProcessor(invoices, new S3OcrResultStore(objects), new ScriptedExtractor(document =>
        {
            seen.AddRange(document.AllLines.SelectMany(l => l.Words.Select(w => w.Text).Prepend(l.Text)));
            return Documents.Result(12.5m, "USD");
        }), ExtractionOptions.Default, clock, settings).ExtractAsync(ObjectKeys.OcrResult("alice", invoice.InvoiceId), CancellationToken.None);

        var stored = System.Text.Encoding.UTF8.GetString(objects.Objects[ObjectKeys.OcrResult("alice", invoice.InvoiceId)].Content);
        Assert.DoesNotContain("4111 1111", stored);
        Assert.Contains("**** **** **** 1111", stored);
        Assert.Contains("VISA **** **** **** 1111", seen);
        Assert.DoesNotContain(seen, t => t.Contains("4111", StringComparison.Ordinal));
    }
}
