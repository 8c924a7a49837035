using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Validation;
using InvoiceScanner.Extraction.Fields;

namespace InvoiceScanner.Extraction.Tests;

/// <summary>
/// The sum of the lines (EN 16931 BT-106) and the total without VAT (BT-109) told apart on a page: one amount where
/// nothing stands between them, two where document allowances or charges do, and the lines' sum left empty rather than
/// filled with the net when the page prints allowances but no line-total label.
/// </summary>
public sealed class NetTotalsTests
{
    private static ExtractionResult Read(DocumentBuilder builder) => new LocalInvoiceExtractor().Extract(builder.Build());

    private static DocumentBuilder Invoice(params (string Label, string Amount)[] rows) => EuropeanInvoiceTests.TotalsBlock("Muster GmbH", rows);

    [Theory]
    [InlineData("Zwischensumme", "Rabatt", "Nettobetrag")]
    [InlineData("Warenwert", "Nachlass", "Rechnungssumme netto")]
    [InlineData("Sous-total", "Remise", "Total HT")]
    [InlineData("Subtotal", "Discount", "Total excl. VAT")]
    public void After_an_allowance_the_net_is_the_tax_basis_and_the_line_total_the_subtotal(string lines, string allowance, string net)
    {
        var result = Read(Invoice((lines, "202,76"), (allowance, "-8,93"), (net, "193,83"), ("MwSt 19 %", "36,83"), ("Gesamtbetrag", "230,66")));

        Assert.Equal((202.76m, 193.83m), (result.Fields.Subtotal?.Value, result.Fields.TaxBasis?.Value));
        Assert.Equal(230.66m, result.Fields.Total?.Value);
        Assert.DoesNotContain(result.ReviewReasons, r => r.Code == ReviewCodes.TotalMismatch);
    }

    [Fact]
    public void Allowance_rows_without_a_line_total_leave_the_subtotal_empty_and_the_net_as_tax_basis()
    {
        // Factur-X's French layout: the allowance and charge sit among the items, the totals table prints only TOTAL HT.
        var result = Read(new DocumentBuilder().Line("LE FOURNISSEUR").Row((0.5, "FACTURE N° :"), (0.77, "F1")).Gap(2)
            .Row((0.05, "1"), (0.1, "PRESTATION SUPPORT"), (0.6, "60,00"), (0.85, "60,00"))
            .Row((0.05, "2"), (0.1, "FOURNITURES DIVERSES"), (0.6, "10,00"), (0.85, "35,00"))
            .Row((0.1, "REMISE : REMISE COMMERCIALE"), (0.85, "- 5,00"))
            .Row((0.1, "CHARGE : FRAIS DEPLACEMENT"), (0.85, "10,00"))
            .Gap(2)
            .Row((0.55, "TOTAL HT"), (0.85, "100,00"))
            .Row((0.55, "TOTAL TVA"), (0.85, "20,00"))
            .Row((0.55, "TOTAL TTC"), (0.85, "120,00")));

        Assert.Equal(100.00m, result.Fields.TaxBasis?.Value);
        Assert.Null(result.Fields.Subtotal);
        Assert.DoesNotContain(result.ReviewReasons, r => r.Code == ReviewCodes.TotalMismatch);
    }

    [Fact]
    public void A_subtotal_that_includes_the_tax_is_no_tax_basis()
    {
        var fields = Read(Invoice(("Subtotal", "119,00"), ("VAT included in total", "19,00"), ("Total", "119,00"))).Fields;

        Assert.Equal(119.00m, fields.Total?.Value);
        Assert.Null(fields.TaxBasis);
    }

    [Theory]
    [InlineData("Zwischensumme", true)]
    [InlineData("Warenwert", true)]
    [InlineData("Positionssumme", true)]
    [InlineData("Summe der Positionen", true)]
    [InlineData("Sous-total", true)]
    [InlineData("Subtotaal", true)]
    [InlineData("Sub-total", true)]
    [InlineData("Subtotale", true)]
    [InlineData("Nettobetrag", false)]
    [InlineData("TOTAL HT", false)]
    [InlineData("Rechnungssumme ohne USt.", false)]
    [InlineData("Base imponible", false)]
    public void Line_total_labels_are_told_from_net_labels(string label, bool lineTotal)
    {
        Assert.Equal(AmountRole.Subtotal, Labels.ClassifyAmountLabel(label).Role);
        Assert.Equal(lineTotal, Labels.IsLineTotalLabel(label));
    }

    [Theory]
    [InlineData(193.83, null)]
    [InlineData(190.00, ReviewCodes.TotalMismatch)]
    public void The_tax_basis_and_the_tax_make_the_total_whatever_the_line_total(double basis, string? expected)
    {
        var fields = new InvoiceFields
        {
            Subtotal = new Field<decimal>(202.76m, "202,76", 0.9),
            TaxBasis = new Field<decimal>((decimal)basis, "", 0.9),
            Tax = new Field<decimal>(36.83m, "36,83", 0.9),
            Total = new Field<decimal>(230.66m, "230,66", 0.9),
        };

        Assert.Equal(expected, InvoiceValidator.CheckTotals(fields)?.Code);
    }
}
