using FsCheck;
using FsCheck.Fluent;
using InvoiceScanner.Extraction.Parsing;

namespace InvoiceScanner.Extraction.Tests;

/// <summary>
/// Dates written the way each language writes them on invoices — month names in full and abbreviated, "de" between the
/// parts in Spanish and Portuguese, the German day's full stop, the French "1er" — are read back to the same date.
/// </summary>
public sealed class MultilingualDateTests
{
    // Month names as printed in each language (full, then the usual abbreviation), January first.
    private static readonly Dictionary<string, (string[] Full, string[] Short)> Months = new()
    {
        ["de"] = (["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
                  ["Jan.", "Feb.", "Mär.", "Apr.", "Mai", "Jun.", "Jul.", "Aug.", "Sep.", "Okt.", "Nov.", "Dez."]),
        ["fr"] = (["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
                  ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]),
        ["nl"] = (["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
                  ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]),
        ["es"] = (["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
                  ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"]),
        ["it"] = (["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"],
                  ["gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"]),
        ["pt"] = (["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"],
                  ["jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez"]),
        ["en"] = (["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
                  ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]),
    };

    /// <summary>How a language writes a day, a month name and a year on an invoice.</summary>
    private static string Write(string language, DateOnly date, string month) => language switch
    {
        "de" => $"{date.Day}. {month} {date.Year}",
        "fr" => $"{(date.Day == 1 ? "1er" : date.Day.ToString("D", System.Globalization.CultureInfo.InvariantCulture))} {month} {date.Year}",
        "es" or "pt" => $"{date.Day} de {month} de {date.Year}",
        "en" => $"{month} {date.Day}, {date.Year}",
        _ => $"{date.Day} {month} {date.Year}",
    };

    [Fact]
    public void A_date_with_its_month_named_in_each_language_reads_back()
    {
        var dates = Gen.Choose(0, 365 * 40).Select(d => new DateOnly(2000, 1, 1).AddDays(d));
        var languages = Gen.Elements(Months.Keys.ToArray());
        Prop.ForAll(dates.ToArbitrary(), languages.ToArbitrary(), Gen.Elements(true, false).ToArbitrary(), (date, language, full) =>
        {
            var (names, abbreviations) = Months[language];
            var text = Write(language, date, (full ? names : abbreviations)[date.Month - 1]);
            var parsed = DateParser.Parse($"Datum: {text}", DateOrder.DayFirst);
            return (parsed == date).Label($"{language}: '{text}' → {parsed}");
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("Fecha: 5 de marzo del 2024", "2024-03-05")]
    [InlineData("Data: 12 de outubro de 2023", "2023-10-12")]
    [InlineData("Rechnungsdatum: 03. Dez. 2024", "2024-12-03")]
    public void Connecting_words_and_dotted_abbreviations_are_read(string text, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), DateParser.Parse(text, DateOrder.DayFirst));

    [Theory]
    [InlineData("Sold out 2024")]
    [InlineData("Set of 12 items, 2024 edition")]
    public void Words_that_are_also_month_abbreviations_make_no_date_without_a_day(string text) =>
        Assert.Null(DateParser.Parse(text, DateOrder.DayFirst));
}
