using InvoiceScanner.Core.Documents;
using InvoiceScanner.Ocr.Neural;

namespace InvoiceScanner.Ocr.Tests.Neural;

public sealed class AccentsTests
{
    private static OcrWord Word(string text, double left, double top, double right) =>
        new(text, BoundingBox.FromEdges(left, top, right, top + 0.02), 0.9);

    private static OcrLine Line(params OcrWord[] words) =>
        new(string.Join(' ', words.Select(w => w.Text)), BoundingBox.UnionOf(words.Select(w => w.Box)), 0.9, words);

    private static OcrPage Page(params OcrLine[] lines) => new(1, 1000, 1400, lines);

    [Fact]
    public void Takes_the_accents_the_reader_cannot_produce_from_the_same_word_in_the_same_place()
    {
        var page = Page(
            Line(Word("Atelier", 0.10, 0.05, 0.25), Word("Lumiere", 0.26, 0.05, 0.42), Word("SARL", 0.43, 0.05, 0.50)),
            Line(Word("Date", 0.10, 0.30, 0.16), Word("d'echeance", 0.17, 0.30, 0.30)));
        var tesseract = Page(
            Line(Word("Atelier", 0.10, 0.051, 0.25), Word("Lumière", 0.262, 0.05, 0.421), Word("SARL", 0.43, 0.05, 0.50)),
            Line(Word("Date", 0.10, 0.30, 0.16), Word("d’échéance", 0.17, 0.30, 0.30)));  // a typographic apostrophe: not the same word

        var restored = Accents.Restore(page, tesseract);

        Assert.Equal(["Atelier Lumière SARL", "Date d'echeance"], restored.Lines.Select(l => l.Text));
        Assert.Equal("Lumière", restored.Lines[0].Words[1].Text);
        Assert.Equal(page.Lines[0].Words[1].Box, restored.Lines[0].Words[1].Box);
        Assert.Same(page.Lines[1], restored.Lines[1]);
    }

    [Theory]
    [InlineData("MULLER", "Müller", "MÜLLER")]          // the reader's case is kept
    [InlineData("Francais", "Français", "Français")]
    [InlineData("Café", "Cafe", null)]                  // the reader's own accent stands
    [InlineData("Lumiére", "Lumière", null)]
    [InlineData("Lumiere", "Lumièrs", null)]            // not the same letters
    [InlineData("Lumiere", "Lumières", null)]           // not the same length
    [InlineData("StraBe", "Straße", "Straße")]         // no "ß" in the alphabet: it reads a B
    [InlineData("Strasse", "Straße", null)]
    [InlineData("BERLIN", "ßERLIN", null)]             // a capital B is a B
    [InlineData("Preis", "Preis", null)]                // nothing to take
    public void Takes_accents_only_where_the_letters_are_the_same(string ours, string theirs, string? expected) =>
        Assert.Equal(expected, Accents.WithAccents(ours, theirs));

    [Fact]
    public void Words_in_other_places_are_not_compared()
    {
        var page = Page(Line(Word("Lumiere", 0.10, 0.05, 0.25)), Line(Word("Lumiere", 0.10, 0.40, 0.25)));
        var tesseract = Page(Line(Word("Lumière", 0.10, 0.40, 0.25)), Line(Word("Lumière", 0.60, 0.05, 0.75)));

        var restored = Accents.Restore(page, tesseract);

        Assert.Equal(["Lumiere", "Lumière"], restored.Lines.Select(l => l.Text));
    }

    [Fact]
    public void A_page_with_nothing_to_take_is_returned_as_it_is()
    {
        var page = Page(Line(Word("TOTAL", 0.1, 0.8, 0.2), Word("RM9.00", 0.6, 0.8, 0.7)));

        Assert.Same(page, Accents.Restore(page, Page(Line(Word("TOTAL", 0.1, 0.8, 0.2)))));
        Assert.Same(page, Accents.Restore(page, Page(Line(Word("TÖTAL", 0.5, 0.8, 0.6)))));
    }
}
