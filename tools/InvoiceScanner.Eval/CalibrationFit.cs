using System.Globalization;
using InvoiceScanner.Extraction;
using InvoiceScanner.Extraction.Learning;
using InvoiceScanner.Training.Learning;

namespace InvoiceScanner.Eval;

/// <summary>Which engine the sources read with: the shipped one, or (to fit the calibration) the raw confidences.</summary>
internal static class EvalEngine
{
    public static bool Calibrated { get; set; } = true;

    /// <summary>When set, development documents are read with party rankers that never saw their group (the shipped ones saw them all).</summary>
    public static CrossValidatedRankers? Rankers { get; set; }

    public static LocalInvoiceExtractor Create() => Calibrated ? new LocalInvoiceExtractor() : LocalInvoiceExtractor.Uncalibrated();

    /// <summary>The extractor for one document of a producer or layout <paramref name="group"/>.</summary>
    public static LocalInvoiceExtractor Create(string group, bool holdout)
    {
        if (holdout || Rankers is null)
            return Create();
        return new LocalInvoiceExtractor(LocalInvoiceExtractor.ShippedPartyScorer(), Calibrated ? FieldCalibrator.Embedded : null, Rankers.For(group));
    }
}

/// <summary>
/// <c>eval calibrate</c>: fits the field calibration on the development splits of the business sources (read with raw
/// confidences), writes it when it predicts a source it was not fitted on better than the raw confidences do, and shows
/// per field how far confidence was from the observed rate before and after, on development and on the holdout the fit
/// never saw.
/// </summary>
internal static class CalibrationFit
{
    // How much better than the raw confidences (cross-source Brier) a calibration must be to ship.
    private const double MinGain = 0.0005;

    public static FieldCalibrator Run(IReadOnlyList<Report> reports, string target)
    {
        var dev = Samples(reports, " dev");
        var holdout = Samples(reports, " holdout");
        var (l2, crossBrier) = ChooseL2(dev);
        var calibrator = FieldCalibrationTrainer.Fit(dev, new FieldCalibrationTrainer.Options(L2: l2));
        var rawBrier = FieldCalibrationTrainer.Brier(dev.Select(s => (s.RawConfidence, s.Right)));
        // A calibration that predicts unseen sources no better than the rules' own confidence would only claim more.
        if (crossBrier < rawBrier - MinGain)
        {
            File.WriteAllText(target, calibrator.Serialize());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fitted on {dev.Count} development values, {calibrator.Fields.Count} fields, L2 {l2}; wrote {target}"));
        }
        else
        {
            File.Delete(target);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"no calibration shipped: predicting each source from the others gives Brier {crossBrier:0.0000}, the raw confidences {rawBrier:0.0000} (removed {target})"));
        }
        Console.WriteLine("field                 dev n  right  Brier raw → calibrated   holdout n  right  Brier raw → calibrated");
        foreach (var field in dev.Select(s => s.Field).Concat(holdout.Select(s => s.Field)).Distinct().Order(StringComparer.Ordinal))
        {
            var d = dev.Where(s => s.Field == field).ToList();
            var h = holdout.Where(s => s.Field == field).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{field,-20} {d.Count,6} {Rate(d),6}  {Brier(d, null),6} → {Brier(d, calibrator),-6}      {h.Count,6} {Rate(h),6}  {Brier(h, null),6} → {Brier(h, calibrator)}"));
        }
        return calibrator;
    }

    /// <summary>
    /// The penalty that predicts one source best from the others (leave one source out, Brier over every value of the
    /// left-out source): the calibration has to hold for layouts it was not fitted on.
    /// </summary>
    private static (double L2, double Brier) ChooseL2(List<CalibrationSample> dev)
    {
        var sources = dev.Select(s => s.Source).Distinct(StringComparer.Ordinal).ToList();
        var best = (L2: 1.0, Brier: double.MaxValue);
        foreach (var l2 in new[] { 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100 })
        {
            var predicted = new List<(double P, bool Right)>();
            foreach (var source in sources)
            {
                var fold = FieldCalibrationTrainer.Fit(dev.Where(s => s.Source != source), new FieldCalibrationTrainer.Options(L2: l2));
                predicted.AddRange(dev.Where(s => s.Source == source).Select(s => (fold.Probability(s.Field, s.RawConfidence, s.Signals) ?? s.RawConfidence, s.Right)));
            }
            var brier = FieldCalibrationTrainer.Brier(predicted);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"L2 {l2}: Brier {brier:0.0000} with each source predicted from the others"));
            if (brier < best.Brier)
                best = (l2, brier);
        }
        return best;
    }

    private static List<CalibrationSample> Samples(IReadOnlyList<Report> reports, string split) =>
        reports.Where(r => r.Name.Contains(split + " ", StringComparison.Ordinal)).SelectMany(r => r.Samples).ToList();

    private static string Rate(List<CalibrationSample> samples) =>
        samples.Count == 0 ? "–" : ((double)samples.Count(s => s.Right) / samples.Count).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Brier(List<CalibrationSample> samples, FieldCalibrator? calibrator) =>
        samples.Count == 0 ? "–" : FieldCalibrationTrainer.Brier(samples.Select(s =>
            (calibrator?.Probability(s.Field, s.RawConfidence, s.Signals) ?? s.RawConfidence, s.Right))).ToString("0.000", CultureInfo.InvariantCulture);
}
