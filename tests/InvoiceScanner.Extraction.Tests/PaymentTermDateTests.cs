using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction.Fields;

namespace InvoiceScanner.Extraction.Tests;

/// <summary>
/// Dates inside a payment term's sentence: the date a net payment runs to is the due date, the date an early-payment
/// discount runs to is neither the due date nor the invoice's.
/// </summary>
public sealed class PaymentTermDateTests
{
    private static InvoiceFields Read(string terms) => new LocalInvoiceExtractor().Extract(new DocumentBuilder()
        .Line("Lieferant GmbH").Row((0.05, "Rechnung Nr. 4711"), (0.6, "Rechnungsdatum: 04.06.2013")).Gap(3)
        .Row((0.5, "Gesamtbetrag"), (0.85, "119,00 EUR")).Gap(1)
        .Line(terms).Build()).Fields;

    [Theory]
    [InlineData("Zahlbar innerhalb 30 Tagen netto bis 04.07.2013, 3% Skonto innerhalb 10 Tagen bis 15.06.2013")]
    [InlineData("3% Skonto bei Zahlung bis 15.06.2013, ohne Abzug bis zum 04.07.2013")]
    [InlineData("Payable net by 04.07.2013; 2% discount if paid by 15.06.2013")]
    [InlineData("Escompte de 2 % pour paiement avant le 15.06.2013, à régler avant le 04.07.2013")]
    public void The_net_payment_s_date_is_due_and_the_discount_s_is_not(string terms)
    {
        var fields = Read(terms);

        Assert.Equal(new DateOnly(2013, 7, 4), fields.DueDate?.Value);
        Assert.Equal(new DateOnly(2013, 6, 4), fields.InvoiceDate?.Value);
    }

    [Theory]
    [InlineData("Zahlbar bis zum 15.06.2013 mit 2 % Skonto")]
    [InlineData("Zahlbar bis zum 15.06.2013 abzüglich 2 % Skonto, danach netto")]
    public void A_date_the_discount_runs_to_is_no_due_date_even_under_a_due_label(string terms)
    {
        Assert.Null(Read(terms).DueDate);
    }

    [Theory]
    [InlineData("Zahlbar innerhalb 30 Tagen netto bis ", "Zahlbar innerhalb 30 Tagen netto bis ")]
    [InlineData("Zahlbar bis 04.07.2013, 3% Skonto bis ", " 3% Skonto bis ")]
    [InlineData("Rechnungsdatum  3% Skonto bis ", "3% Skonto bis ")]
    [InlineData("Fälligkeit:  ", "Fälligkeit:  ")]
    public void The_clause_labelling_a_date_is_the_last_before_it(string label, string clause)
    {
        Assert.Equal(clause, Labels.LastClause(label));
    }

    private static InvoiceFields ReadUs(params string[] lines)
    {
        var builder = new DocumentBuilder().Line("Harbour Supply Co.").Row((0.05, "Invoice # 7731"), (0.6, "Invoice Date: 03/15/2024"));
        foreach (var line in lines)
            builder = builder.Line(line);
        return new LocalInvoiceExtractor().Extract(builder.Gap(3).Row((0.5, "Total"), (0.85, "$1,250.00")).Build()).Fields;
    }

    [Theory]
    [InlineData("Terms: Net 30", "2024-04-14")]
    [InlineData("Payment Terms: 2% 10 Net 30", "2024-04-14")]
    [InlineData("Terms: Due on receipt", "2024-03-15")]
    public void Terms_and_no_due_date_printed_give_the_due_date_marked_as_worked_out(string terms, string expected)
    {
        var due = ReadUs(terms).DueDate!;

        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), due.Value);
        Assert.Contains(PaymentTermsDueDate.DerivedFlag, due.Flags);
        Assert.Contains(due.Trace, t => t.Contains("payment terms", StringComparison.Ordinal));
    }

    [Fact]
    public void A_printed_due_date_stands_over_the_terms()
    {
        var due = ReadUs("Terms: Net 30", "Due Date: 03/28/2024").DueDate!;

        Assert.Equal((new DateOnly(2024, 3, 28), 0), (due.Value, due.Flags.Count));
    }
}
