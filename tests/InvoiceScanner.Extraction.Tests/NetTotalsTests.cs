using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Validation;
using InvoiceScanner.Extraction.Fields;
using InvoiceScanner.Extraction.Fields.Items;

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

    // Factur-X's French layout: the allowance and charge sit among the items, the totals table prints only TOTAL HT.
    private static DocumentBuilder AllowanceRows(string allowance, string charge, string net = "100,00", string total = "120,00") =>
        new DocumentBuilder().Line("LE FOURNISSEUR").Row((0.5, "FACTURE N° :"), (0.77, "F1")).Gap(2)
            .Row((0.05, "1"), (0.1, "PRESTATION SUPPORT"), (0.6, "60,00"), (0.85, "60,00"))
            .Row((0.05, "2"), (0.1, "FOURNITURES DIVERSES"), (0.6, "10,00"), (0.85, "35,00"))
            .Row((0.1, allowance), (0.85, "- 5,00"))
            .Row((0.1, charge), (0.85, "10,00"))
            .Gap(2)
            .Row((0.55, "TOTAL HT"), (0.85, net))
            .Row((0.55, "TOTAL TVA"), (0.85, "20,00"))
            .Row((0.55, "TOTAL TTC"), (0.85, total));

    [Theory]
    [InlineData("REMISE : REMISE COMMERCIALE", "CHARGE : FRAIS DEPLACEMENT")]
    [InlineData("RC  REMISE : REMISE COMMERCIALE  5,00% sur 100,00 EUR", "FC  CHARGE : FRAIS DEPLACEMENT  10,00% sur 100,00 EUR")]
    [InlineData("Loyalty discount 5% of 100.00", "Handling surcharge 10% on 100.00")]
    public void Allowance_and_charge_rows_in_the_table_are_no_items_and_the_lines_sum_is_the_subtotal(string allowance, string charge)
    {
        var result = Read(AllowanceRows(allowance, charge));

        Assert.Equal(2, result.LineItems.Count);
        Assert.Equal((95.00m, 100.00m), (result.Fields.Subtotal?.Value, result.Fields.TaxBasis?.Value));
        Assert.Equal((5.00m, 10.00m), (result.Fields.Discount?.Value, result.Fields.ChargeTotal?.Value));
        Assert.Contains(result.Fields.Subtotal!.Trace, t => t.Contains("allowances 5.00", StringComparison.Ordinal));
        Assert.DoesNotContain(result.ReviewReasons, r => r.Code is ReviewCodes.TotalMismatch or ReviewCodes.LineItemsMismatch);
    }

    private static LineItem Row(string description, decimal amount, decimal? quantity = null) => new(1)
    {
        Description = new Field<string>(description, description, 0.9),
        Amount = new Field<decimal>(amount, "", 0.9),
        Quantity = quantity is { } q ? new Field<decimal>(q, "", 0.9) : null,
    };

    private static InvoiceFields Net(decimal net, decimal? subtotal = null) => new()
    {
        TaxBasis = new Field<decimal>(net, "", 0.9),
        Subtotal = subtotal is { } s ? new Field<decimal>(s, "", 0.9) : null,
    };

    [Theory]
    [InlineData("Rabatt: Treuerabatt", "Zuschlag: Mindermengenzuschlag")]
    [InlineData("Korting 5% op 100,00", "Toeslag 10% op 100,00")]
    [InlineData("Descuento: pronto pago", "Recargo: envío urgente")]
    [InlineData("Sconto 5% su 100,00", "Maggiorazione: trasporto")]
    [InlineData("Desconto: fidelidade", "Encargo: transporte")]
    public void Each_language_names_its_allowance_and_charge_rows(string allowance, string charge)
    {
        var (items, fields) = DocumentAllowances.Apply([Row("Beratung", 60m), Row("Material", 35m), Row(allowance, -5m), Row(charge, 10m)], Net(100m));

        Assert.Equal(["Beratung", "Material"], items.Select(i => i.Description!.Value));
        Assert.Equal((95m, 100m, 5m, 10m), (fields.Subtotal?.Value, fields.TaxBasis?.Value, fields.Discount?.Value, fields.ChargeTotal?.Value));
    }

    public static TheoryData<string, LineItem[], decimal, decimal?> Items => new()
    {
        { "no allowance or charge word", [Row("Beratung", 60m), Row("Material", 35m), Row("Gutschrift Vormonat", -5m), Row("Versand", 10m)], 100m, null },
        { "an allowance's word on a positive amount", [Row("Beratung", 60m), Row("Material", 45m), Row("Rabatt: Treuerabatt", 5m)], 110m, null },
        { "a row with a quantity is an item", [Row("Beratung", 60m), Row("Material", 45m), Row("Discount: voucher pack", -10m, 2m)], 95m, null },
        { "the table is not the net", [Row("Beratung", 60m), Row("Material", 35m), Row("REMISE : COMMERCIALE", -5m)], 100m, null },
        { "a printed lines' sum", [Row("Beratung", 60m), Row("Material", 35m), Row("REMISE : COMMERCIALE", -5m)], 90m, 95m },
        { "a printed subtotal under the discount row", [Row("Beratung", 60m), Row("Material", 35m), Row("Discount: staff", -5m)], 90m, 90m },
    };

    [Theory]
    [MemberData(nameof(Items))]
    public void Rows_are_items_unless_their_words_and_the_net_both_say_otherwise(string why, LineItem[] rows, decimal net, decimal? subtotal)
    {
        var fields = Net(net, subtotal);
        var (items, after) = DocumentAllowances.Apply(rows, fields);

        Assert.True(items.Count == rows.Length && after == fields, why);
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
