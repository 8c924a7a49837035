namespace InvoiceScanner.Eval.Tests;

public sealed class CalibrationTests
{
    [Fact]
    public void Values_fall_in_their_confidence_band_and_documents_count_towards_accepted_precision()
    {
        var calibration = new Calibration();
        calibration.Value(0.96, right: true);
        calibration.Value(1.0, right: false);
        calibration.Value(0.45, right: false);
        calibration.Document(allRight: true, straightThrough: true);
        calibration.Document(allRight: false, straightThrough: true);
        calibration.Document(allRight: true, straightThrough: false);

        var lines = calibration.Lines().ToList();

        Assert.Contains("every scored field right 2 of 3 (0.667); straight-through 2 (0.667), of them all right 1 (accepted-precision 0.500)", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains("[0.95, 1.00]:    2  0.500", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("[0.00, 0.50):    1  0.000", StringComparison.Ordinal));
    }

    [Fact]
    public void Label_rows_are_read_as_RFC_4180_with_quoted_commas_quotes_and_line_breaks()
    {
        var rows = VrduEval.Csv("id,name,amount\r\n1,\"Bloomberg 2020, Inc\",\"$5,625.00\"\n2,\"say \"\"hi\"\"\nthere\",$40.00\n").ToList();

        Assert.Equal(3, rows.Count);
        Assert.Equal(["1", "Bloomberg 2020, Inc", "$5,625.00"], rows[1]);
        Assert.Equal("say \"hi\"\nthere", rows[2][1]);
    }
}
