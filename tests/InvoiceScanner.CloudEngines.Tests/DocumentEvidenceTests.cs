using InvoiceScanner.CloudEngines.Refining;
using InvoiceScanner.Core.Documents;

namespace InvoiceScanner.CloudEngines.Tests;

public sealed class DocumentEvidenceTests
{
    internal static OcrDocument Document(params string[][] pages) => new("test",
        pages.Select((lines, p) => new OcrPage(p + 1, 1, 1,
            lines.Select((text, i) => new OcrLine(text, new BoundingBox(0.05, 0.02 + i * 0.04, 0.9, 0.03), 0.98, [])).ToList())).ToList());

    [Theory]
    [InlineData("1,810.46", "1810.46")]
    [InlineData("1.810,46", "1810.46")]
    [InlineData("1'234.50", "1234.50")]
    [InlineData("1,234,567", "1234567")]
    [InlineData("60", "60.00")]
    public void Printed_numbers_are_read_both_ways(string token, string value) =>
        Assert.Contains(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), DocumentEvidence.Interpretations(token));

    [Fact]
    public void Ambiguous_separators_keep_both_readings()
    {
        Assert.Equal([1.81m, 1810m], DocumentEvidence.Interpretations("1,810").Order());
        Assert.Equal([12.5m], DocumentEvidence.Interpretations("12,5"));
    }

    [Fact]
    public void Amounts_are_found_by_value_not_by_text()
    {
        var evidence = new DocumentEvidence(Document(["Subtotal $1,699.96", "TOTAL USD 1810.46", "Adjustments $-1,136.16"]));

        Assert.Equal(("1810.46", "TOTAL USD 1810.46"), Hit(evidence.FindAmount(1810.46m)));
        Assert.Equal(("1,699.96", "Subtotal $1,699.96"), Hit(evidence.FindAmount(1699.960m)));
        Assert.NotNull(evidence.FindAmount(-1136.16m));
        Assert.Null(evidence.FindAmount(1810.47m));
        Assert.Null(evidence.FindAmount(181046m));
    }

    [Theory]
    [InlineData("DATE 01-Jan-2021", 2021, 1, 1)]
    [InlineData("Payment Due By: Thursday, 26 March 2020", 2020, 3, 26)]
    [InlineData("Date of Visit March 12th, 2019", 2019, 3, 12)]
    [InlineData("12/07/2019 12:22 PM", 2019, 12, 7)]
    [InlineData("12/07/2019 12:22 PM", 2019, 7, 12)]
    [InlineData("Statement date 01/13/17", 2017, 1, 13)]
    [InlineData("issued 2020-03-12", 2020, 3, 12)]
    [InlineData("Rechnungsdatum 12.03.2020", 2020, 3, 12)]
    [InlineData("Due 5 Sept 2024", 2024, 9, 5)]
    public void Dates_are_found_in_their_printed_forms(string line, int year, int month, int day) =>
        Assert.NotNull(new DocumentEvidence(Document([line])).FindDate(new DateOnly(year, month, day)));

    [Theory]
    [InlineData("DATE 01-Jan-2021", 2021, 1, 2)]
    [InlineData("12/07/2019", 2019, 12, 17)]
    [InlineData("Invoice 2020-03-12", 2021, 3, 12)]
    [InlineData("Total 12 03 20200", 2020, 3, 12)]
    public void Other_dates_are_not_found(string line, int year, int month, int day) =>
        Assert.Null(new DocumentEvidence(Document([line])).FindDate(new DateOnly(year, month, day)));

    [Fact]
    public void Text_is_found_by_words_even_across_lines()
    {
        var evidence = new DocumentEvidence(Document(["SHIP TO", "XZY Company", "789 Another Avenue", "Different City, XYZ, USA"], ["Phone# +1333-333-3333"]));

        Assert.Equal(("XZY Company", "XZY Company"), Hit(evidence.FindText("XZY Company")));
        Assert.Equal("XZY Company", evidence.FindText("XZY Company\n789 Another Avenue, Different City XYZ USA")!.Line.Text);
        Assert.Null(evidence.FindText("XZY Comp"));
        Assert.Null(evidence.FindText("+1 333-333-3333"));
        var phone = evidence.FindText("+1 333-333-3333", compact: true);
        Assert.Equal(2, phone!.Page);
    }

    [Fact]
    public void Currency_needs_its_code_or_an_unambiguous_symbol()
    {
        Assert.NotNull(new DocumentEvidence(Document(["Total GBP 1,200.00"])).FindCurrency("GBP"));
        Assert.NotNull(new DocumentEvidence(Document(["Summe 12,00 €"])).FindCurrency("EUR"));
        Assert.Null(new DocumentEvidence(Document(["TOTAL $1810.46"])).FindCurrency("USD"));
        Assert.NotNull(new DocumentEvidence(Document(["TOTAL US$1810.46"])).FindCurrency("USD"));
        Assert.Null(new DocumentEvidence(Document(["USDA approved"])).FindCurrency("USD"));
    }

    private static (string, string) Hit(EvidenceHit? hit) => hit is null ? ("<none>", "<none>") : (hit.Matched, hit.Line.Text);
}
