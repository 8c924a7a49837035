using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction.Learning;
using InvoiceScanner.Training.Learning;

namespace InvoiceScanner.Eval.Tests;

/// <summary>The calibration fit: it learns the observed rate, what a signal adds, and refuses what it cannot know.</summary>
public sealed class FieldCalibrationTrainerTests
{
    private static IEnumerable<CalibrationSample> Values(string source, string field, double raw, bool agree, int right, int wrong) =>
        Enumerable.Range(0, right + wrong).Select(i => new CalibrationSample(source, field, raw, new FieldSignals(agree, false, false), i < right));

    [Fact]
    public void An_overconfident_field_is_brought_down_to_its_observed_rate()
    {
        var samples = Values("a", FieldNames.Total, 0.95, false, 60, 40).ToList();

        var p = FieldCalibrationTrainer.Fit(samples, new FieldCalibrationTrainer.Options(L2: 0.001)).Probability(FieldNames.Total, 0.95, new FieldSignals(false, false, false));

        Assert.InRange(p!.Value, 0.55, 0.65);
    }

    [Fact]
    public void A_signal_that_separates_right_from_wrong_raises_the_probability_where_it_holds()
    {
        var samples = Values("a", FieldNames.Total, 0.8, true, 95, 5).Concat(Values("a", FieldNames.Total, 0.8, false, 50, 50)).ToList();

        var calibrator = FieldCalibrationTrainer.Fit(samples, new FieldCalibrationTrainer.Options(L2: 0.001));

        Assert.True(calibrator.Probability(FieldNames.Total, 0.8, new FieldSignals(true, false, false))
                    > calibrator.Probability(FieldNames.Total, 0.8, new FieldSignals(false, false, false)) + 0.3);
    }

    [Fact]
    public void Too_few_values_or_only_right_ones_give_no_model()
    {
        var samples = Values("a", FieldNames.Total, 0.9, false, 5, 5).Concat(Values("a", FieldNames.Currency, 0.9, false, 200, 0)).ToList();

        var calibrator = FieldCalibrationTrainer.Fit(samples);

        Assert.Empty(calibrator.Fields);
    }

    [Fact]
    public void A_strong_penalty_keeps_the_raw_confidence_and_each_source_weighs_the_same()
    {
        var strong = FieldCalibrationTrainer.Fit(Values("a", FieldNames.Total, 0.9, false, 50, 50), new FieldCalibrationTrainer.Options(L2: 1000));
        Assert.InRange(strong.Probability(FieldNames.Total, 0.9, new FieldSignals(false, false, false))!.Value, 0.88, 0.92);

        // 900 right values from one source and 100 wrong ones from another: equal weight puts the rate near one half.
        var mixed = Values("big", FieldNames.Total, 0.7, false, 900, 0).Concat(Values("small", FieldNames.Total, 0.7, false, 0, 100));
        var p = FieldCalibrationTrainer.Fit(mixed, new FieldCalibrationTrainer.Options(L2: 0.001)).Probability(FieldNames.Total, 0.7, new FieldSignals(false, false, false));
        Assert.InRange(p!.Value, 0.4, 0.6);
    }

    [Fact]
    public void Brier_is_zero_when_sure_and_right_and_a_quarter_for_a_coin() =>
        Assert.Equal((0.0, 0.25), (FieldCalibrationTrainer.Brier([(1.0, true), (0.0, false)]), FieldCalibrationTrainer.Brier([(0.5, true), (0.5, false)])));
}
