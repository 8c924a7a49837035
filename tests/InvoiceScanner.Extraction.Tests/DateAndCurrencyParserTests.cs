using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using InvoiceScanner.Extraction.Parsing;

namespace InvoiceScanner.Extraction.Tests;

public sealed class DateParserTests
{
    [Theory]
    [InlineData("2018-03-04", "2018-03-04")]
    [InlineData("25/12/2018", "2018-12-25")]
    [InlineData("12/28/2017", "2017-12-28")]
    [InlineData("04.03.2018", "2018-03-04")]
    [InlineData("05 MAR 2018", "2018-03-05")]
    [InlineData("5-Mar-18", "2018-03-05")]
    [InlineData("OCT 3, 2016", "2016-10-03")]
    [InlineData("August 3 , 2014", "2014-08-03")]
    [InlineData("3rd March 2018", "2018-03-03")]
    [InlineData("20180304", "2018-03-04")]
    [InlineData("12-01-19", "2019-01-12")]
    [InlineData("19 april 2014", "2014-04-19")]
    [InlineData("02 Juillet 2015", "2015-07-02")]
    [InlineData("29 maart 2014", "2014-03-29")]
    [InlineData("Jan 1, 2022", "2022-01-01")]
    public void Parses_formats_day_first_by_default(string text, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture), DateParser.Parse(text));
    }

    [Theory]
    [InlineData("18-11 -18 13:58 SH01", "18-11-18", "2018-11-18")]    // OCR's gap beside one separator: closed
    [InlineData("DATE : 5/ 3/2018 22:52", "5/3/2018", "2018-03-05")]
    [InlineData("25 / 12 / 2018", "25 / 12 / 2018", "2018-12-25")]    // spaced evenly: printed that way
    public void A_space_ocr_put_beside_one_separator_is_taken_out_of_the_raw_date(string text, string raw, string expected)
    {
        var date = Assert.Single(DateParser.FindAll(text));
        Assert.Equal(raw, date.Raw);
        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture), date.Value(DateOrder.DayFirst));
    }

    [Theory]
    [InlineData("01/28/20-02/03/20", "2020-01-28", "2020-02-03")]
    [InlineData("28.01.2020-03.02.2020", "2020-01-28", "2020-02-03")]
    public void Both_dates_of_a_range_glued_by_a_hyphen_are_found(string text, string first, string second)
    {
        var dates = DateParser.FindAll(text);

        Assert.Equal(2, dates.Count);
        Assert.Equal([DateOnly.Parse(first, CultureInfo.InvariantCulture), DateOnly.Parse(second, CultureInfo.InvariantCulture)],
            dates.Select(d => d.Value(text.Contains('/') ? DateOrder.MonthFirst : DateOrder.DayFirst)));
    }

    [Theory]
    [InlineData("PAGES 11-22 - 30")]   // a range
    [InlineData("11 - 22 - 30")]
    public void A_two_digit_year_date_spaced_on_both_sides_of_a_separator_is_not_a_date(string text) =>
        Assert.Empty(DateParser.FindAll(text));

    [Fact]
    public void Numeric_dates_with_both_parts_up_to_12_are_ambiguous()
    {
        var m = Assert.Single(DateParser.FindAll("03/04/2018"));
        Assert.True(m.IsAmbiguous);
        Assert.Equal(new DateOnly(2018, 4, 3), m.Value(DateOrder.DayFirst));
        Assert.Equal(new DateOnly(2018, 3, 4), m.Value(DateOrder.MonthFirst));
        Assert.Null(m.ProvesOrder);
    }

    [Fact]
    public void A_day_above_12_proves_the_order()
    {
        Assert.Equal(DateOrder.DayFirst, DateParser.FindAll("25/12/2018")[0].ProvesOrder);
        Assert.Equal(DateOrder.MonthFirst, DateParser.FindAll("12/25/2018")[0].ProvesOrder);
    }

    [Fact]
    public void Dotted_dates_are_day_first_only()
    {
        var m = DateParser.FindAll("03.04.2018")[0];
        Assert.False(m.IsAmbiguous);
        Assert.Equal(new DateOnly(2018, 4, 3), m.Value(DateOrder.MonthFirst));
    }

    [Theory]
    [InlineData("en-US", DateOrder.MonthFirst)]
    [InlineData("en-GB", DateOrder.DayFirst)]
    [InlineData("de-DE", DateOrder.DayFirst)]
    public void Locale_hint_gives_the_order(string locale, DateOrder order) =>
        Assert.Equal(order, DateParser.OrderForLocale(locale));

    [Fact]
    public void Times_next_to_dates_are_not_part_of_them()
    {
        var m = Assert.Single(DateParser.FindAll("25/12/2018 8:13:39 PM"));
        Assert.Equal("25/12/2018", m.Raw);
    }

    private static readonly string[] Patterns =
        ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy", "dd.MM.yyyy", "dd-MM-yy", "dd MMM yyyy", "MMM d, yyyy", "d MMMM yyyy", "yyyyMMdd", "MMMM d yyyy"];

    [Fact]
    public void Formatting_a_date_and_parsing_it_back_round_trips()
    {
        var dates = Gen.Choose(0, 365 * 60).Select(d => new DateOnly(1990, 1, 1).AddDays(d));
        Prop.ForAll(dates.ToArbitrary(), Gen.Elements(Patterns).ToArbitrary(), Gen.Elements(true, false).ToArbitrary(), (date, pattern, upper) =>
        {
            var text = date.ToString(pattern, CultureInfo.InvariantCulture);
            if (upper) text = text.ToUpperInvariant();
            var parsed = DateParser.Parse($"Date: {text} 10:15", DateOrder.DayFirst) ?? DateParser.Parse(text, DateOrder.DayFirst);
            return (parsed == date).Label($"{pattern}: '{text}' → {parsed}");
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Month_first_text_round_trips_with_the_month_first_order()
    {
        var dates = Gen.Choose(0, 365 * 30).Select(d => new DateOnly(2000, 1, 1).AddDays(d));
        Prop.ForAll(dates.ToArbitrary(), date =>
        {
            var text = date.ToString("MM/dd/yyyy", CultureInfo.InvariantCulture);
            return (DateParser.Parse(text, DateOrder.MonthFirst) == date).Label(text);
        }).QuickCheckThrowOnFailure();
    }
}

public sealed class CurrencyParserTests
{
    [Theory]
    [InlineData("€", "EUR")]
    [InlineData("£", "GBP")]
    [InlineData("RM", "MYR")]
    [InlineData("EUR", "EUR")]
    [InlineData("US$", "USD")]
    [InlineData("S$", "SGD")]
    [InlineData("Rs.", "INR")]
    [InlineData("zł", "PLN")]
    public void Maps_symbols_and_codes(string token, string code)
    {
        Assert.True(CurrencyParser.TryCode(token, out var c));
        Assert.Equal(code, c);
    }

    [Fact]
    public void Bare_dollar_is_marked_ambiguous()
    {
        var m = Assert.Single(CurrencyParser.FindAll("Total $4.11"));
        Assert.True(m.Ambiguous);
        Assert.Equal("USD", m.Code);
    }

    [Fact]
    public void Three_letter_words_are_codes_only_next_to_numbers()
    {
        Assert.Empty(CurrencyParser.FindAll("THE PHP DEVELOPER"));
        Assert.Equal("PLN", Assert.Single(CurrencyParser.FindAll("316,83 PLN")).Code);
    }

    [Fact]
    public void Country_settles_the_dollar()
    {
        Assert.Equal("USD", CurrencyParser.DollarCountry("Fremont CA 94538 United States"));
        Assert.Equal("CAD", CurrencyParser.DollarCountry("Toronto, Canada"));
        Assert.Null(CurrencyParser.DollarCountry("Total $8.20"));
    }
}
