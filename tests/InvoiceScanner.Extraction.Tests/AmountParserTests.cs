using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using InvoiceScanner.Extraction.Parsing;

namespace InvoiceScanner.Extraction.Tests;

public sealed class AmountParserTests
{
    [Theory]
    [InlineData("1,234.56", "1234.56")]
    [InlineData("1.234,56", "1234.56")]
    [InlineData("3 038,14 EUR", "3038.14")]
    [InlineData("3\u00A0038,14", "3038.14")]
    [InlineData("RM 12.50", "12.50")]
    [InlineData("RM12.50", "12.50")]
    [InlineData("$8.20", "8.20")]
    [InlineData("€ 399,00", "399.00")]
    [InlineData("12,-", "12")]
    [InlineData("(12.00)", "-12.00")]
    [InlineData("1'234.50", "1234.50")]
    [InlineData("12.00-", "-12.00")]
    [InlineData("-1.73", "-1.73")]
    [InlineData("€ -9,32", "-9.32")]
    [InlineData(".90", "0.90")]
    [InlineData("1,007.50", "1007.50")]
    [InlineData("12.345.678,90", "12345678.90")]
    [InlineData("4.11", "4.11")]
    public void Parses_amounts_in_common_locales(string text, string expected)
    {
        var m = AmountParser.Parse(text);
        Assert.NotNull(m);
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), m.Value);
    }

    [Theory]
    [InlineData("NETT TOTAL:$6.90", "$6.90", "USD")]
    [InlineData("TOTAL:RM5.00", "RM5.00", "MYR")]
    [InlineData("AMT=RM 12.50", "12.50", "MYR")]
    [InlineData("TOTAL RM8.20", "RM8.20", "MYR")]
    public void A_currency_glued_after_a_label_separator_belongs_to_the_amount(string text, string raw, string code)
    {
        var m = Assert.Single(AmountParser.FindAll(text));
        Assert.Equal(raw, m.Raw);
        Assert.Equal(code, m.CurrencyCode);
    }

    [Fact]
    public void Letters_glued_to_a_number_inside_a_word_are_still_a_code()
    {
        Assert.Empty(AmountParser.FindAll("REF:XRM500"));
        Assert.Empty(AmountParser.FindAll("SH01"));
    }

    [Fact]
    public void Never_reads_a_space_grouped_amount_as_its_first_group()
    {
        var all = AmountParser.FindAll("Total 3 038,14 EUR");
        Assert.Single(all);
        Assert.Equal(3038.14m, all[0].Value);
        Assert.Equal("EUR", all[0].CurrencyCode);
    }

    [Fact]
    public void A_quantity_followed_by_a_point_amount_stays_two_numbers()
    {
        var all = AmountParser.FindAll("2 100.00");
        Assert.Equal([2m, 100.00m], all.Select(a => a.Value));
    }

    [Fact]
    public void Document_style_settles_three_decimals()
    {
        Assert.Equal(54.910m, AmountParser.FindAll("54,910", DecimalStyle.Comma)[0].Value);
        Assert.Equal(54910m, AmountParser.FindAll("54,910", DecimalStyle.Point)[0].Value);
        Assert.Equal(9.000m, AmountParser.FindAll("9.000", DecimalStyle.Point)[0].Value);
        Assert.Equal(9000m, AmountParser.FindAll("9.000", DecimalStyle.Comma)[0].Value);
    }

    [Fact]
    public void Raw_keeps_glued_currency_but_not_spaced_currency()
    {
        Assert.Equal("RM20.40", AmountParser.FindAll("SUBTOTAL RM20.40")[0].Raw);
        Assert.Equal("33.90", AmountParser.FindAll("RM 33.90")[0].Raw);
        Assert.Equal("MYR", AmountParser.FindAll("RM 33.90")[0].CurrencyCode);
    }

    [Fact]
    public void Skips_percentages_codes_and_times()
    {
        Assert.Empty(AmountParser.FindAll("GST 6%"));
        Assert.Empty(AmountParser.FindAll("SH01 ZK09"));
        Assert.Empty(AmountParser.FindAll("8:13"));
    }

    /// <summary>How a locale writes an amount: decimal separator, group separator, currency placement.</summary>
    private sealed record Style(string Name, char Decimal, string Group, string? Prefix, string? Suffix, DecimalStyle DocStyle);

    private static readonly Style[] Styles =
    [
        new("en-US", '.', ",", "$", null, DecimalStyle.Point),
        new("en-MY", '.', ",", "RM ", null, DecimalStyle.Point),
        new("de-DE", ',', ".", null, " EUR", DecimalStyle.Comma),
        new("fr-FR", ',', "\u202F", null, " €", DecimalStyle.Comma),
        new("fr-FR-space", ',', " ", null, " EUR", DecimalStyle.Comma),
        new("de-CH", '.', "'", "CHF ", null, DecimalStyle.Point),
        new("nl-NL", ',', ".", "€ ", null, DecimalStyle.Comma),
        new("plain", '.', "", null, null, DecimalStyle.Unknown),
    ];

    /// <summary>Formats like the locale would, without relying on culture data (the build is globalization-invariant).</summary>
    private static string Format(decimal value, Style style, bool negativeInParentheses)
    {
        var abs = Math.Abs(value);
        var text = abs.ToString("0.00", CultureInfo.InvariantCulture);
        var integer = text[..^3];
        var fraction = text[^2..];
        var grouped = new StringBuilder();
        for (var i = 0; i < integer.Length; i++)
        {
            if (i > 0 && (integer.Length - i) % 3 == 0) grouped.Append(style.Group);
            grouped.Append(integer[i]);
        }
        var number = $"{grouped}{style.Decimal}{fraction}";
        var body = $"{style.Prefix}{number}{style.Suffix}";
        if (value >= 0) return body;
        return negativeInParentheses ? $"({number}){style.Suffix}" : $"-{body}";
    }

    [Fact]
    public void Formatting_in_a_locale_and_parsing_back_round_trips()
    {
        var amounts = Gen.Choose(0, int.MaxValue).Select(cents => cents / 100m)
            .SelectMany(v => Gen.Elements(1m, -1m).Select(sign => v * sign));
        var styles = Gen.Elements(Styles);
        Prop.ForAll(amounts.ToArbitrary(), styles.ToArbitrary(), Gen.Elements(true, false).ToArbitrary(), (value, style, parentheses) =>
        {
            var text = Format(value, style, parentheses);
            var parsed = AmountParser.Parse(text, style.DocStyle);
            return (parsed is not null && parsed.Value == value).Label($"{style.Name}: '{text}' → {parsed?.Value}");
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Parsing_a_formatted_amount_inside_a_line_finds_exactly_it()
    {
        var amounts = Gen.Choose(1, 99_999_999).Select(cents => cents / 100m);
        Prop.ForAll(amounts.ToArbitrary(), Gen.Elements(Styles).ToArbitrary(), (value, style) =>
        {
            var line = $"Total due:  {Format(value, style, false)}";
            var all = AmountParser.FindAll(line, style.DocStyle);
            return (all.Count == 1 && all[0].Value == value).Label($"'{line}' → {string.Join(",", all.Select(a => a.Value))}");
        }).QuickCheckThrowOnFailure();
    }
}
