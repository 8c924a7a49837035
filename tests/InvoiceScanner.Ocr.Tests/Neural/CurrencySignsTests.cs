using InvoiceScanner.Core.Documents;
using InvoiceScanner.Ocr.Neural;

namespace InvoiceScanner.Ocr.Tests.Neural;

public sealed class CurrencySignsTests
{
    private static OcrWord Word(string text, double left, double top, double right, double bottom = -1) =>
        new(text, BoundingBox.FromEdges(left, top, right, bottom < 0 ? top + 0.02 : bottom), 0.9);

    private static OcrLine Line(params OcrWord[] words) =>
        new(string.Join(' ', words.Select(w => w.Text)), BoundingBox.UnionOf(words.Select(w => w.Box)), 0.9, words);

    private static OcrPage Page(params OcrLine[] lines) => new(1, 1000, 1400, lines);

    private static bool PpOcrAlphabet(string c) => c is not ("€" or "£");

    [Fact]
    public void Adds_the_sign_the_reader_cannot_produce_beside_its_amount_on_the_nearest_line_of_the_row()
    {
        var page = Page(
            Line(Word("Rechnungsbetrag", 0.10, 0.50, 0.30)),
            Line(Word("6.174,67", 0.70, 0.50, 0.80)),
            Line(Word("Nettobetrag", 0.10, 0.46, 0.25), Word("5.188,80", 0.70, 0.46, 0.80)));
        // tesseract read the sign glued to the amount: "6.174,67€", its box 9 characters wide.
        var tesseract = Page(Line(Word("Rechnungsbetrag", 0.10, 0.50, 0.30), Word("6.174,67€", 0.70, 0.501, 0.835)));

        var patched = CurrencySigns.AddMissing(page, tesseract, PpOcrAlphabet);

        Assert.Equal(["Rechnungsbetrag", "6.174,67 €", "Nettobetrag 5.188,80"], patched.Lines.Select(l => l.Text));
        var sign = patched.Lines[1].Words[1];
        Assert.Equal(0.835 - 0.135 / 9, sign.Box.Left, 6);
        Assert.Equal(0.835, patched.Lines[1].Box.Right, 6);
    }

    [Fact]
    public void Puts_a_leading_sign_first_and_ignores_signs_the_reader_can_read_or_that_sit_outside_every_line()
    {
        var page = Page(Line(Word("Total", 0.1, 0.8, 0.2), Word("5,301.00", 0.6, 0.8, 0.7)));
        var tesseract = Page(
            Line(Word("£5,301.00", 0.59, 0.8, 0.7)),
            Line(Word("$12", 0.1, 0.3, 0.15)),  // "$" is in the alphabet: PP-OCR's reading stands
            Line(Word("€", 0.5, 0.1, 0.51)));   // no line of the page on that row

        var patched = CurrencySigns.AddMissing(page, tesseract, PpOcrAlphabet);

        Assert.Equal("Total £ 5,301.00", Assert.Single(patched.Lines).Text);
    }

    [Fact]
    public void A_sign_counts_only_beside_a_figure_of_the_line()
    {
        var page = Page(
            Line(Word("POPULAR", 0.10, 0.10, 0.25), Word("BOOK", 0.26, 0.10, 0.35), Word("CO.", 0.36, 0.10, 0.42), Word("(M)", 0.45, 0.10, 0.50)),
            Line(Word("TOTAL", 0.10, 0.50, 0.20), Word("12,50", 0.60, 0.50, 0.68)));
        var tesseract = Page(
            Line(Word("£0.", 0.36, 0.10, 0.42)),  // tesseract's reading of "CO.": a figure to tesseract, words to PP-OCR
            Line(Word("€", 0.69, 0.50, 0.705)));  // beside the amount

        var patched = CurrencySigns.AddMissing(page, tesseract, PpOcrAlphabet);

        Assert.Equal(["POPULAR BOOK CO. (M)", "TOTAL 12,50 €"], patched.Lines.Select(l => l.Text));
    }

    [Fact]
    public void A_page_without_anything_to_add_is_returned_as_it_is()
    {
        var page = Page(Line(Word("TOTAL", 0.1, 0.8, 0.2), Word("RM9.00", 0.6, 0.8, 0.7)));

        Assert.Same(page, CurrencySigns.AddMissing(page, Page(Line(Word("TOTAL", 0.1, 0.8, 0.2))), PpOcrAlphabet));
        Assert.False(CurrencySigns.HasAny(page));
        Assert.True(CurrencySigns.HasAny(Page(Line(Word("$8.20", 0.1, 0.1, 0.2)))));
    }
}
