using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using InvoiceScanner.LocalHost.Reliability;

namespace InvoiceScanner.IntegrationTests;

/// <summary>The `reliability` command's generators and judges, without a stack: the corpus must be what the report claims.</summary>
public sealed class ReliabilityTests
{
    [Fact]
    public void The_full_corpus_has_500_distinct_files_of_every_kind()
    {
        var corpus = HostileCorpus.Generate(ReliabilityRunner.Seed, quick: false);

        Assert.True(corpus.Count >= 500, $"only {corpus.Count} files");
        var twins = corpus.GroupBy(f => Convert.ToHexString(SHA256.HashData(f.Content))).Where(g => g.Count() > 1).Select(g => string.Join("=", g.Select(f => f.Name)));
        Assert.Empty(twins);
        Assert.Equal(corpus.Count, corpus.Select(f => f.Name).Distinct().Count());
        Assert.Equal(HostileCorpus.KindNames.Order(), corpus.Select(f => f.Kind).Distinct().Order());
    }

    [Fact]
    public void The_quick_corpus_keeps_every_kind_in_about_60_files()
    {
        var corpus = HostileCorpus.Generate(ReliabilityRunner.Seed, quick: true);

        Assert.InRange(corpus.Count, 40, 80);
        Assert.Equal(HostileCorpus.KindNames.Count, corpus.Select(f => f.Kind).Distinct().Count());
    }

    [Fact]
    public void The_same_seed_gives_the_same_bytes_and_another_seed_other_bytes()
    {
        var first = HostileCorpus.Generate(7, quick: true);
        var again = HostileCorpus.Generate(7, quick: true);
        var other = HostileCorpus.Generate(8, quick: true);

        Assert.All(first.Zip(again), pair => Assert.Equal(pair.First.Content, pair.Second.Content));
        var random = first.First(f => f.Kind == "random-bytes");
        Assert.NotEqual(random.Content, other.First(f => f.Kind == "random-bytes").Content);
    }

    [Fact]
    public void The_hostile_shapes_are_what_their_kind_says()
    {
        var corpus = HostileCorpus.Generate(ReliabilityRunner.Seed, quick: false);
        string Text(CorpusFile file) => Encoding.UTF8.GetString(file.Content);

        Assert.All(corpus.Where(f => f.Kind == "xxe-xml"), f => Assert.Matches("<!DOCTYPE[^>]+<!ENTITY xxe SYSTEM \"file://", Text(f)));
        Assert.Contains(corpus, f => f.Kind == "xxe-xml" && Text(f).Contains(HostileFiles.CanaryPath, StringComparison.Ordinal));
        Assert.All(corpus.Where(f => f.Kind == "encrypted-pdf"), f => Assert.Contains("/Encrypt 6 0 R", Text(f), StringComparison.Ordinal));
        Assert.All(corpus.Where(f => f.Kind == "truncated-pdf"), f => Assert.StartsWith("%PDF-", Text(f), StringComparison.Ordinal));
        Assert.Contains(corpus, f => f.Kind == "wrong-content-type" && f.ContentType == "application/pdf" && f.Content[1] == (byte)'P' && f.Content[2] == (byte)'N');
        Assert.Single(corpus, f => f.Content.Length == 0);
        var oversize = Assert.Single(corpus, f => f.ExpectRefused);
        Assert.Equal(HostileCorpus.MaxUploadBytes + 1, oversize.Content.Length);
        var png = corpus.First(f => f.Kind == "huge-png").Content;
        Assert.Equal(100_000, (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19]);
        var jpeg = corpus.First(f => f.Kind == "huge-jpeg").Content;
        Assert.Equal(65_000, (jpeg[25] << 8) | jpeg[26]);
    }

    [Fact]
    public void Pan_receipts_print_luhn_valid_numbers_in_every_format()
    {
        var receipts = PanCorpus.Generate(ReliabilityRunner.Seed, 20);

        Assert.Equal(20, receipts.Count);
        Assert.All(receipts, r => Assert.True(PanCorpus.IsLuhnValid(r.Digits), r.Digits));
        Assert.All(receipts, r => Assert.Equal(r.Digits, Regex.Replace(r.Printed, "[ .-]", "")));
        Assert.Equal([13, 15, 16, 19], receipts.Select(r => r.Digits.Length).Distinct().Order());
        Assert.Contains(receipts, r => Regex.IsMatch(r.Printed, @"^\d{4}-\d{4}-\d{4}-\d{4}$"));
        Assert.Contains(receipts, r => Regex.IsMatch(r.Printed, @"^3\d{3} \d{6} \d{5}$"));
        Assert.False(PanCorpus.IsLuhnValid("4111111111111112"));
    }

    [Theory]
    [InlineData("{\"card\":\"4111 1111-1111 1111\"}", true)]
    [InlineData("{\"card\":\"4111.1111.1111.1111\"}", true)]
    [InlineData("{\"card\":\"**** **** **** 1111\"}", false)]
    [InlineData("{\"card\":\"411111111111111\"}", false)]
    public void A_reply_shows_a_card_when_its_digits_appear_whatever_the_separators(string reply, bool shows) =>
        Assert.Equal(shows, PanCorpus.Shows(reply, "4111111111111111"));

    [Theory]
    [InlineData("{\"failure\":{\"message\":\"System.IO.EndOfStreamException: unexpected end\"}}", true)]
    [InlineData("{\"message\":\"   at InvoiceScanner.Pdf.Reader.Parse(Stream s)\"}", true)]
    [InlineData("{\"fields\":{\"number\":{\"value\":\"" + HostileFiles.CanaryContent + "\"}}}", true)]
    [InlineData("{\"failure\":{\"code\":\"INVALID_XML\",\"message\":\"The XML has a DTD, which is not accepted.\"}}", false)]
    public void Leaks_are_exception_names_stack_frames_and_local_files(string reply, bool leaks) =>
        Assert.Equal(leaks, ProbeScanner.Leak(reply) is not null);
}
