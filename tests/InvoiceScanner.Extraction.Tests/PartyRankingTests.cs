using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction.Fields.Parties;
using InvoiceScanner.Extraction.Layout;
using InvoiceScanner.Extraction.Learning;

namespace InvoiceScanner.Extraction.Tests;

/// <summary>
/// The party candidates (what text on a page could be a name), the decision between the rules and a ranker's
/// probabilities, and the shipped rankers on a business layout.
/// </summary>
public sealed class PartyRankingTests
{
    [Theory]
    [InlineData("Sprzedawca: Polski Koncern Naftowy ORLEN S.A.", "Polski Koncern Naftowy ORLEN S.A.")]
    [InlineData("Hetzner Online GmbH • Industriestr. 25 • 91710 Gunzenhausen", "Hetzner Online GmbH")]
    [InlineData("Muster AG | Hauptstraße 1 | 10115 Berlin", "Muster AG")]
    [InlineData("  ACME Widgets Ltd,", "ACME Widgets Ltd")]
    public void A_line_gives_the_name_it_prints(string line, string name) => Assert.Equal(name, PartyCandidates.NameText(line));

    [Theory]
    [InlineData("Rechnung")]
    [InlineData("Invoice No.:")]
    [InlineData("Bill to:")]
    [InlineData("GLN 4333741000005")]
    [InlineData("Germany")]
    [InlineData("12.03.2024")]
    public void A_line_that_cannot_be_a_name_is_no_candidate(string line) => Assert.Null(PartyCandidates.NameText(line));

    [Fact]
    public void Candidates_are_the_first_page_and_the_foot_of_the_others()
    {
        var document = new DocumentBuilder().Line("Muster Elektro GmbH").Line("Some customer name").NewPage().Line("Table text on page two");
        for (var i = 0; i < 40; i++)
            document.Gap();
        document.Line("Muster Elektro GmbH Sitz Berlin");

        var texts = PartyCandidates.Of(DocumentLayout.Build(document.Build())).Select(c => c.Text).ToList();

        Assert.Contains("Muster Elektro GmbH", texts);
        Assert.Contains("Some customer name", texts);
        Assert.Contains("Muster Elektro GmbH Sitz Berlin", texts);
        Assert.DoesNotContain("Table text on page two", texts);
    }

    [Theory]
    [InlineData("Muster GmbH", "muster gmbh", true)]
    [InlineData("Muster GmbH", "Muster", true)]
    [InlineData("Muster Elektrotechnik und Anlagenbau GmbH", "Muster", false)]
    [InlineData("Muster GmbH", "Kunde AG", false)]
    [InlineData("", "Kunde AG", false)]
    public void Two_printings_name_one_party_when_one_holds_most_of_the_other(string a, string b, bool same) =>
        Assert.Equal(same, PartyCandidates.SameName(a, b));

    private static readonly PartyCandidate[] Candidates =
    [
        Candidate(0, "Muster Elektro GmbH"),
        Candidate(1, "Kunde AG"),
        Candidate(2, "Muster Elektro GmbH"),
    ];

    private static PartyCandidate Candidate(int index, string text) =>
        new(new LayoutLine(1, index, new OcrLine(text, new BoundingBox(0.05, 0.05 + index * 0.05, 0.3, 0.02), 1, [])), text);

    private static Field<string> Rule(string value, double confidence) => new(value, value, confidence, null) { Trace = ["rule"] };

    [Fact]
    public void Where_the_ranker_agrees_the_rules_text_stays_with_the_probability_of_every_line_printing_it()
    {
        var chosen = PartyRanking.Choose("seller", [0.5, 0.1, 0.3], Candidates, Rule("MUSTER ELEKTRO GMBH", 0.6));

        Assert.Equal("MUSTER ELEKTRO GMBH", chosen?.Value);
        Assert.Equal(0.8, chosen!.Confidence, 3);
    }

    [Fact]
    public void A_ranker_surer_of_another_candidate_replaces_an_unsure_rule()
    {
        var chosen = PartyRanking.Choose("seller", [0.1, 0.85, 0.0], Candidates, Rule("Muster Elektro GmbH", 0.4), keepRuleFrom: 0.5);

        Assert.Equal("Kunde AG", chosen?.Value);
        Assert.Equal(0.85, chosen!.Confidence, 3);
        Assert.Contains(chosen.Trace, t => t.Contains("rejected the rules' 'Muster Elektro GmbH'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_confident_rule_stands_but_carries_the_rankers_doubt()
    {
        var chosen = PartyRanking.Choose("seller", [0.1, 0.85, 0.0], Candidates, Rule("Muster Elektro GmbH", 0.9), keepRuleFrom: 0.5);

        Assert.Equal("Muster Elektro GmbH", chosen?.Value);
        Assert.Equal(0.1, chosen!.Confidence, 3);
    }

    [Fact]
    public void A_ranker_unsure_of_every_line_leaves_the_rules_value_and_confidence()
    {
        var chosen = PartyRanking.Choose("seller", [0.05, 0.3, 0.05], Candidates, Rule("Somebody Else Ltd", 0.85));

        Assert.Equal("Somebody Else Ltd", chosen?.Value);
        Assert.Equal(0.85, chosen!.Confidence, 3);
    }

    [Fact]
    public void Without_a_rule_and_without_a_likely_candidate_there_is_no_name()
    {
        Assert.Null(PartyRanking.Choose("buyer", [0.2, 0.2, 0.1], Candidates, null));
        Assert.Equal("Kunde AG", PartyRanking.Choose("buyer", [0.1, 0.7, 0.1], Candidates, null)?.Value);
    }

    [Fact]
    public void The_rankers_ship_with_the_library()
    {
        Assert.NotNull(CandidateRanker.Seller);
        Assert.NotNull(CandidateRanker.Buyer);
    }

    // A German business letter: letterhead, sender line over the address window, the buyer in the window under
    // "Rechnung an", the seller's register and bank details in the footer.
    private static OcrDocument BusinessLetter() => new DocumentBuilder()
        .Row((0.6, "Muster Elektro GmbH"))
        .Row((0.6, "Industriestraße 5"))
        .Row((0.6, "80331 München"))
        .Gap(2)
        .Line("Muster Elektro GmbH • Industriestraße 5 • 80331 München")
        .Line("Rechnung an")
        .Line("Bäckerei Sonnenschein KG")
        .Line("Hauptstraße 12")
        .Line("10115 Berlin")
        .Gap(2)
        .Row((0.05, "Rechnung Nr. 2024-118"), (0.6, "Datum: 12.03.2024"))
        .Gap(2)
        .Row((0.05, "Wartung Kälteanlage"), (0.85, "400,00"))
        .Row((0.5, "Nettobetrag"), (0.85, "400,00"))
        .Row((0.5, "USt 19 %"), (0.85, "76,00"))
        .Row((0.5, "Gesamtbetrag EUR"), (0.85, "476,00"))
        .Gap(6)
        .Row((0.05, "Muster Elektro GmbH"), (0.4, "IBAN DE02 1203 0000 0000 2020 51"), (0.75, "USt-IdNr. DE123456789"))
        .Row((0.05, "Amtsgericht München HRB 12345"), (0.4, "www.muster-elektro.de"))
        .Build();

    [Fact]
    public void On_a_business_letter_the_seller_is_the_letterhead_and_the_buyer_the_address_window()
    {
        var fields = new LocalInvoiceExtractor().Extract(BusinessLetter()).Fields;

        Assert.Equal("Muster Elektro GmbH", fields.VendorName?.Value);
        Assert.Equal("Bäckerei Sonnenschein KG", fields.ReceiverName?.Value);
        Assert.Contains(fields.ReceiverName!.Trace, t => t.StartsWith("buyer ranker", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_the_rankers_the_rules_decide_alone()
    {
        var rules = new LocalInvoiceExtractor(new Fields.RulePartyLineScorer(), null, PartyRankers.None).Extract(BusinessLetter()).Fields;

        Assert.DoesNotContain(rules.VendorName?.Trace ?? [], t => t.Contains("ranker", StringComparison.Ordinal));
        Assert.DoesNotContain(rules.ReceiverName?.Trace ?? [], t => t.Contains("ranker", StringComparison.Ordinal));
    }
}
