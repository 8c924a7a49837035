using InvoiceScanner.Extraction.Learning;
using InvoiceScanner.Training.Learning;

namespace InvoiceScanner.Eval.Tests;

/// <summary>The candidate ranker's training: it learns which feature marks the value, says "none" where none does, and cross-validates by group.</summary>
public sealed class CandidateRankerTrainerTests
{
    private const int Marker = 3, Noise = 5;

    private static SparseVector Candidate(bool marked, int noise) =>
        marked ? new SparseVector([Marker, Noise + noise], [1, 1]) : new SparseVector([Noise + noise], [1]);

    /// <summary>Documents of four candidates; the positive one carries the marker (or, without a positive, none does).</summary>
    private static List<RankingExample> Documents(int count, string source, bool withValue = true) =>
        Enumerable.Range(0, count).Select(d =>
        {
            var positive = d % 4;
            var candidates = Enumerable.Range(0, 4).Select(i => Candidate(withValue && i == positive, (d + i) % 7)).ToList();
            return new RankingExample(source, $"{source}-{d % 6}", candidates, withValue ? new HashSet<int> { positive } : new HashSet<int>(), false);
        }).ToList();

    [Fact]
    public void The_candidate_with_the_marking_feature_gets_most_of_the_probability()
    {
        var model = CandidateRankerTrainer.Train(Documents(80, "a"));

        var p = model.Probabilities([Candidate(false, 1), Candidate(true, 2), Candidate(false, 3)]);

        Assert.True(p[1] > 0.8, $"p = {string.Join(", ", p)}");
        Assert.True(p.Sum() <= 1.000001);
    }

    [Fact]
    public void Where_no_candidate_is_the_value_the_rest_of_the_probability_is_none()
    {
        var model = CandidateRankerTrainer.Train([.. Documents(60, "a"), .. Documents(60, "b", withValue: false)]);

        var unmarked = model.Probabilities([Candidate(false, 1), Candidate(false, 2)]);

        Assert.True(unmarked.Sum() < 0.5, $"p = {string.Join(", ", unmarked)}");
    }

    [Fact]
    public void Cross_validation_scores_every_document_from_a_model_that_never_saw_its_group()
    {
        var examples = Documents(60, "a");

        var probabilities = CandidateRankerTrainer.CrossValidate(examples, new CandidateRankerTrainer.Options(Folds: 3));

        Assert.All(probabilities, p => Assert.NotNull(p));
        Assert.Equal(examples.Select(e => e.Candidates.Count), probabilities.Select(p => p.Length));
        // Groups, not documents, are spread over the folds: a group's documents share one fold.
        Assert.All(examples.GroupBy(e => e.Group), g => Assert.Single(g.Select(e => CandidateRankerTrainer.FoldOf(e.Group, 3)).Distinct()));
    }

    [Fact]
    public void A_model_written_and_read_back_scores_the_same()
    {
        var model = CandidateRankerTrainer.Train(Documents(40, "a"));
        var x = Candidate(true, 1);

        var again = CandidateRanker.Deserialize(model.Serialize());

        Assert.Equal(model.Score(x), again.Score(x), 3);
    }

    [Theory]
    [InlineData("")]
    [InlineData("party-lines-lr v2 8192\n")]
    [InlineData("candidate-ranker v1 12\n")]
    [InlineData("candidate-ranker v1 4096\n7 nonsense\n")]
    public void A_model_file_for_another_layout_or_unreadable_is_refused(string text) =>
        Assert.Throws<FormatException>(() => CandidateRanker.Deserialize(text));
}
