using InvoiceScanner.Ocr.Neural;

namespace InvoiceScanner.Ocr.Tests.Neural;

public sealed class RecognisedTextTests
{
    private static List<RecognisedCharacter> Read(string text) =>
        text.EnumerateRunes().Select((r, i) => new RecognisedCharacter(r.ToString(), i, 0.9)).ToList();

    private static string Text(IEnumerable<RecognisedCharacter> characters) => string.Concat(characters.Select(c => c.Character));

    [Theory]
    [InlineData("MR D.I.Y.（M） SDN BHD", "MR D.I.Y.(M) SDN BHD")]
    [InlineData("GST：6%，", "GST:6%,")]
    [InlineData("TOTAL 9.00", "TOTAL 9.00")]
    [InlineData("谢谢，欢迎", "谢谢，欢迎")] // Chinese keeps its own punctuation
    [InlineData("Suspension laiton 《 Opéra 》", "Suspension laiton « Opéra »")]
    [InlineData("《红楼梦》", "《红楼梦》")]
    public void Turns_full_width_forms_and_title_marks_into_latin_forms_in_latin_lines_only(string read, string expected) =>
        Assert.Equal(expected, Text(RecognisedText.AsciiForms(Read(read))));

    [Theory]
    [InlineData("L0T", "LOT")]
    [InlineData("C0.", "CO.")]
    [InlineData("(C0.RFG", "(CO.RFG")]
    [InlineData("8110O", "81100")]
    [InlineData("4330O,", "43300,")]
    [InlineData("TD01167104", "TD01167104")] // letters and digits: an identifier, left alone
    [InlineData("A10", "A10")]
    [InlineData("10", "10")]
    [InlineData("NO.", "NO.")]
    [InlineData("0O", "0O")]                 // too short to call a number
    [InlineData("b0x", "b0x")]               // no capital beside the zero
    public void Fixes_zero_and_letter_o_by_the_word_around_them(string read, string expected) =>
        Assert.Equal(expected, RecognisedText.FixDigitLetterConfusions(read));
}
