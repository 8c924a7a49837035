using InvoiceScanner.Extraction.Fields;
using InvoiceScanner.Extraction.Layout;

namespace InvoiceScanner.Extraction.Tests;

/// <summary>Layouts and scores for the receipt vendor/address decoder tests, with invented names and numbers.</summary>
public abstract class ReceiptPartyRuleTestBase
{
    protected static IReadOnlyList<LayoutLine> Lines(params string[] texts)
    {
        var builder = new DocumentBuilder();
        foreach (var t in texts) builder.Line(t);
        return DocumentLayout.Build(builder.Build()).Lines;
    }

    protected static IReadOnlyList<PartyLineScore> Scores(params (double Company, double Address)[] p) =>
        p.Select(x => new PartyLineScore(x.Company, x.Address)).ToList();
}
