using FsCheck;
using FsCheck.Fluent;
using InvoiceScanner.Core.Extraction;

namespace InvoiceScanner.Extraction.Tests;

/// <summary>
/// OCR of a photo is noise as often as text. Whatever it reads, the engine must return a result (flagged for review
/// if need be), never throw: an exception in ExtractData would leave the invoice to retries instead of an answer.
/// </summary>
public sealed class RobustnessTests
{
    // Tokens OCR makes of receipts, including the misreadings that produce overlapping or glued amounts.
    private static readonly string[] Tokens =
    [
        "TOTAL", "SUBTOTAL", "GST", "TAX", "ROUNDING", "CASH", "CHANGE", "DISCOUNT", "AMOUNT", "DUE", "INVOICE", "NO", "DATE",
        "RM", "$", "€", "£", "EUR", "USD", "-", "--", ":", ".", ",", "(", ")", "%", "/", "x", "@", "#",
        "0", "1", "12", "1.00", "1,00", "12.50", "1,234.56", "1.234,56", "3 038,14", "0.05", "-0.02", "(4.11)", "12,-",
        "9.60.00", "1.2.3", "12.50RM", "RM12.50", "1,2,3.4", "..5", "05/03/2024", "2024-03-05", "20180304", "OCT 3, 2016",
        "SDN BHD", "GmbH", "Ltd", "JALAN", "No. 5", "Tel", "+60 3-1234 5678",
    ];

    [Fact]
    public void Any_sequence_of_receipt_tokens_yields_a_result_and_never_throws()
    {
        var token = Gen.Elements(Tokens).SelectMany(t => Gen.Elements(" ", "", "  ").Select(separator => t + separator));
        var line = token.ListOf().Select(string.Concat);
        var document = Gen.Choose(1, 5).ToArbitrary().Generator
            .SelectMany(columns => line.ArrayOf().Select(lines => (columns, lines)));
        Prop.ForAll(document.ToArbitrary(), input =>
        {
            var builder = new DocumentBuilder();
            foreach (var text in input.lines)
                builder.Row(Enumerable.Range(0, input.columns).Select(c => (0.05 + c * 0.18, text)).ToArray());
            var result = new LocalInvoiceExtractor().Extract(builder.Build(), ExtractionOptions.Default);
            return (result is not null && result.Confidence is >= 0 and <= 1).Label(string.Join(" | ", input.lines));
        }).QuickCheckThrowOnFailure();
    }
}
