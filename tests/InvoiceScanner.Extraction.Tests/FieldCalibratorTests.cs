using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction.Fields;
using InvoiceScanner.Extraction.Learning;

namespace InvoiceScanner.Extraction.Tests;

/// <summary>The calibration the engine applies to its confidences: its file format, its arithmetic and where it applies.</summary>
public sealed class FieldCalibratorTests
{
    private static readonly FieldSignals None = new(false, false, false);

    [Fact]
    public void Identity_weights_leave_the_raw_confidence_and_signals_move_it()
    {
        var calibrator = new FieldCalibrator(new Dictionary<string, double[]> { [FieldNames.Total] = [0, 1, 1.5, 0, 0] });

        Assert.Equal(0.7, calibrator.Probability(FieldNames.Total, 0.7, None)!.Value, 6);
        Assert.True(calibrator.Probability(FieldNames.Total, 0.7, new FieldSignals(true, false, false)) > 0.9);
        Assert.Null(calibrator.Probability(FieldNames.VendorName, 0.7, None));
    }

    [Fact]
    public void A_serialised_calibration_reads_back_to_the_same_probabilities()
    {
        var calibrator = new FieldCalibrator(new Dictionary<string, double[]>
        {
            [FieldNames.Total] = [0.123456789, 0.8, -0.25, 0.5, 1e-3],
            [FieldNames.InvoiceNumber] = [2, 0.1, 0, 0, 0],
        });

        var read = FieldCalibrator.Deserialize(calibrator.Serialize());

        foreach (var field in new[] { FieldNames.Total, FieldNames.InvoiceNumber })
            Assert.Equal(calibrator.Probability(field, 0.66, new FieldSignals(true, true, false)), read.Probability(field, 0.66, new FieldSignals(true, true, false)));
    }

    [Theory]
    [InlineData("Total 1 2 3")]
    [InlineData("Total 1 2 3 4 x")]
    public void A_malformed_calibration_line_is_refused(string line) =>
        Assert.Throws<FormatException>(() => FieldCalibrator.Deserialize(line));

    [Fact]
    public void Applying_replaces_the_confidence_of_calibrated_fields_only_and_says_so()
    {
        var calibrator = new FieldCalibrator(new Dictionary<string, double[]> { [FieldNames.Total] = [3, 0, 0, 0, 0] });
        var fields = new InvoiceFields
        {
            Total = new Field<decimal>(119m, "119,00", 0.5),
            Subtotal = new Field<decimal>(100m, "100,00", 0.5),
        };

        var applied = calibrator.Apply(fields, []);

        Assert.Equal(Math.Round(1 / (1 + Math.Exp(-3)), 3), applied.Total!.Confidence);
        Assert.Contains(applied.Total.Trace, t => t.Contains("calibrated", StringComparison.Ordinal));
        Assert.Equal(0.5, applied.Subtotal!.Confidence);
    }

    [Fact]
    public void Signals_say_whether_the_money_fields_confirm_each_other()
    {
        var agreeing = new InvoiceFields
        {
            Subtotal = new Field<decimal>(100m, "100", 0.9), Tax = new Field<decimal>(19m, "19", 0.9),
            Total = new Field<decimal>(119m, "119", 0.9), AmountDue = new Field<decimal>(119m, "119", 0.9),
        };
        var disagreeing = agreeing with { Total = new Field<decimal>(120m, "120", 0.9) };

        Assert.Equal(new FieldSignals(true, true, false), FieldSignals.Of(agreeing, []));
        Assert.Equal(new FieldSignals(false, false, false), FieldSignals.Of(disagreeing, []));
    }

    [Fact]
    public void The_engine_reports_the_calibrated_confidence_of_the_value_it_chose()
    {
        var calibrator = new FieldCalibrator(new Dictionary<string, double[]> { [FieldNames.Total] = [-1, 0.5, 0, 0, 0] });
        var doc = new DocumentBuilder().Line("Muster GmbH").Line("Rechnung Nr. 4711").Row((0.5, "Bruttosumme"), (0.85, "119,00")).Build();

        var calibrated = new LocalInvoiceExtractor(new RulePartyLineScorer(), calibrator).Extract(doc).Fields.Total!;
        var raw = new LocalInvoiceExtractor(new RulePartyLineScorer(), null).Extract(doc).Fields.Total!;

        Assert.Equal(raw.Value, calibrated.Value);
        Assert.Equal(Math.Round(calibrator.Probability(FieldNames.Total, raw.Confidence, new FieldSignals(false, false, false))!.Value, 3), calibrated.Confidence);
        Assert.NotEqual(raw.Confidence, calibrated.Confidence);
    }
}
