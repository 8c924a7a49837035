using InvoiceScanner.Ocr.Neural;
using InvoiceScanner.Ocr.Tests.Support;
using InvoiceScanner.SampleInvoices;

namespace InvoiceScanner.Ocr.Tests.Neural;

public sealed class PageLanguageTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("fr-luminaires-facture", "fra")]
    [InlineData("de-software-rechnung", "deu")]
    [InlineData("us-office-supply-invoice", null)]
    [InlineData("uk-joinery-invoice", null)]
    [InlineData("au-catering-two-page-invoice", null)]
    [InlineData("my-grocery-till-receipt", null)]
    public async Task Tells_the_sample_invoices_language_from_their_text_read_without_accents(string name, string? expected)
    {
        using var folder = new TempFolder();
        var path = folder.File(name + ".pdf");
        await File.WriteAllBytesAsync(path, SampleInvoiceCatalog.Get(name).RenderPdf(), Token);
        var text = (await Tools.RunAsync("pdftotext", "-enc", "UTF-8", path, "-")).StandardOutputText;

        // As PP-OCR reads it: its alphabet has none of the accents.
        var lines = text.Split('\n').Select(LatinLetters.Fold);

        Assert.Equal(expected, PageLanguage.Guess(lines));
    }

    [Theory]
    [InlineData("Fecha de la factura: 12/03/2024|Calle Mayor 5, Madrid|IVA 21 %|Forma de pago: transferencia", "spa")]
    [InlineData("Fattura n. 12 del 03/05/2024|Partita IVA 01234567890|Totale della fattura|Scadenza pagamento 30 giorni", "ita")]
    [InlineData("Fatura n.º 45|Rua das Flores 12, Lisboa|Contribuinte 501234567|Valor a pagamento", "por")]
    [InlineData("Factuur 2024-17|Factuurdatum 12-03-2024|BTW 21%|Totaal te betalen voor 30 dagen|Bedrag van de levering", "nld")]
    public void Tells_the_other_installed_languages(string text, string expected) =>
        Assert.Equal(expected, PageLanguage.Guess(text.Split('|')));

    [Theory]
    [InlineData("Tax invoice|Thank you for your purchase|Total amount due|Please pay by the due date")]
    [InlineData("TERIMA KASIH|JALAN BESAR, TAMAN DAYA|JUMLAH RM 9.00|BARANG YANG DIJUAL TIDAK BOLEH DIKEMBALIKAN")]
    [InlineData("de la|Total 12.00")] // two words are too few to tell a language by
    public void Leaves_english_malay_and_short_pages_alone(string text) =>
        Assert.Null(PageLanguage.Guess(text.Split('|')));

    [Fact]
    public void Leaves_the_english_and_malay_sroie_receipts_alone()
    {
        // Malaysian receipts in English and Malay: an accent check there would only cost a tesseract run and risk its
        // misreadings. The dataset also holds a Moroccan café's receipt, which is in French.
        var boxes = Directory.GetFiles(TestSupport.SharedFolder.Require("datasets/sroie-train/box"), "*.txt");
        var guesses = boxes.Select(file => PageLanguage.Guess(File.ReadLines(file).Select(line => line.Split(',', 9).Last()))).OfType<string>().ToList();

        Assert.All(guesses, guess => Assert.Equal("fra", guess));
        Assert.InRange(guesses.Count, 0, boxes.Length / 100);
    }
}
