using System.Text;
using System.Text.Json;
using InvoiceScanner.TestSupport;
using InvoiceScanner.Training.Sroie;

namespace InvoiceScanner.Extraction.Tests;

public sealed class SroieBoxReaderTests
{
    [Fact]
    public void Splits_on_the_first_eight_commas_only()
    {
        var doc = SroieBoxReader.Parse("110,144,383,144,383,163,110,163,NO.53 55,57 & 59, JALAN SAGU 18,\n");
        var line = Assert.Single(doc.Pages[0].Lines);
        Assert.Equal("NO.53 55,57 & 59, JALAN SAGU 18,", line.Text);
    }

    [Fact]
    public void Handles_mixed_line_endings_empty_lines_and_stray_bytes()
    {
        var bytes = new List<byte>();
        bytes.AddRange(Encoding.ASCII.GetBytes("10,10,100,10,100,30,10,30,TOTAL\r\n\r\n"));
        bytes.AddRange(Encoding.ASCII.GetBytes("200,10,300,10,300,30,200,30,9.00"));
        bytes.Add(0xE9); // a stray Latin-1 byte that is not valid UTF-8
        bytes.AddRange(Encoding.ASCII.GetBytes("\n10,40,150,40,150,60,10,60,THANK YOU\n"));
        var doc = SroieBoxReader.Read([.. bytes]);
        Assert.Equal(["TOTAL", "9.00", "THANK YOU"], doc.Pages[0].Lines.Select(l => l.Text));
    }

    [Fact]
    public void Page_size_comes_from_the_largest_coordinates_and_boxes_are_relative()
    {
        var doc = SroieBoxReader.Parse("0,0,50,0,50,10,0,10,A B\n50,90,100,90,100,100,50,100,C\n");
        var page = doc.Pages[0];
        Assert.Equal(100, page.Width);
        Assert.Equal(100, page.Height);
        var c = page.Lines[1].Box;
        Assert.Equal(0.5, c.Left, 6);
        Assert.Equal(1.0, c.Bottom, 6);
        Assert.All(page.Lines.SelectMany(l => l.Words), w => Assert.Equal(1.0, w.Confidence));
    }

    [Fact]
    public void Words_get_proportional_boxes()
    {
        var doc = SroieBoxReader.Parse("0,0,100,0,100,10,0,10,AB CD\n");
        var words = doc.Pages[0].Lines[0].Words;
        Assert.Equal(["AB", "CD"], words.Select(w => w.Text));
        Assert.Equal(0.0, words[0].Box.Left, 6);
        Assert.Equal(0.4, words[0].Box.Right, 6);
        Assert.Equal(0.6, words[1].Box.Left, 6);
        Assert.Equal(1.0, words[1].Box.Right, 6);
    }

    [Fact]
    public void Skips_malformed_rows()
    {
        var doc = SroieBoxReader.Parse("not,a,box\n1,2,3,4,5,6,7,8,OK\n1,2,3,4,5,6,7,8,\n");
        Assert.Equal("OK", Assert.Single(doc.Pages[0].Lines).Text);
    }

    [Fact]
    public void Reads_every_real_box_file_with_one_line_per_row()
    {
        var dir = SharedFolder.Require("datasets/sroie-train/box");
        foreach (var path in Directory.GetFiles(dir, "*.txt"))
        {
            var rows = File.ReadAllText(path, Encoding.Latin1).Split('\n').Count(l => l.Trim('\r').Count(c => c == ',') >= 8 && l.Split(',', 9)[8].Trim().Length > 0);
            var doc = SroieBoxReader.ReadFile(path);
            Assert.Equal(rows, doc.Pages[0].Lines.Count);
            Assert.All(doc.Pages[0].Lines, l => Assert.InRange(l.Box.Right, 0, 1));
        }
    }

    [Fact]
    public void Real_file_lines_contain_the_key_values()
    {
        var dir = SharedFolder.Require("datasets/sroie-train");
        var first = Directory.GetFiles(Path.Combine(dir, "key"), "*.json").Order(StringComparer.Ordinal).First();
        var id = Path.GetFileNameWithoutExtension(first);
        using var key = JsonDocument.Parse(File.ReadAllBytes(first));
        var doc = SroieBoxReader.ReadFile(Path.Combine(dir, "box", id + ".txt"));
        var text = string.Join("\n", doc.AllLines.Select(l => l.Text));
        Assert.Contains(key.RootElement.GetProperty("date").GetString()!, text);
    }
}
