using System.Text;
using System.Text.RegularExpressions;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Validation;
using InvoiceScanner.Extraction.Layout;

namespace InvoiceScanner.Extraction.Fields.Payment;

/// <summary>The payee's account as the page prints it: IBAN (BT-84) and BIC (BT-86).</summary>
public sealed record PaymentAccount(Field<string>? Iban, Field<string>? Bic)
{
    /// <summary>An account printed after an IBAN label, of its country's length, whose check digits fail (as printed), where none is read right.</summary>
    public string? FailedIban { get; init; }
}

/// <summary>
/// Reads the account an invoice asks to be paid to. An IBAN is taken only when it has its country's length and its check
/// digits agree (ISO 13616), so a value read is one that can be right; one after an IBAN label is preferred, and an
/// account the buyer is debited from (a direct-debit notice: "von Ihrem Konto", "your account", "prélevé sur votre
/// compte") is not the payee's. The BIC is read after its label, beside the IBAN first.
/// </summary>
public static partial class PaymentAccountExtractor
{
    private const double LabelledConfidence = 0.95;
    private const double UnlabelledConfidence = 0.8;
    // Several accounts printed (a footer of banks): any one pays the invoice, the first is the one to show.
    private const double OneOfSeveralConfidence = 0.75;

    [GeneratedRegex(@"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?=[\s-]?[A-Z0-9])")]
    private static partial Regex IbanStartRegex();

    [GeneratedRegex(@"\bIBAN\b", RegexOptions.IgnoreCase)]
    private static partial Regex IbanLabelRegex();

    [GeneratedRegex(@"\b(?:BIC|SWIFT)(?:[\s/-]*(?:CODE|BIC|SWIFT))?\s*[:.]?\s*(?-i:(?<bic>[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?))(?![A-Za-z0-9])", RegexOptions.IgnoreCase)]
    private static partial Regex BicRegex();

    // The buyer's own account on a direct-debit notice or mandate.
    [GeneratedRegex(@"\bIHRE[MN]?\s+KONTO|\bABGEBUCHT|\bABBUCHEN|\bYOUR\s+(?:BANK\s+)?ACCOUNT|\bDEBITED\b|\bPR[ÉE]LEV[ÉE]|\bVOTRE\s+COMPTE|\bUW\s+REKENING|\bADDEBITAT|\bSU\s+CUENTA", RegexOptions.IgnoreCase)]
    private static partial Regex DebtorRegex();

    public static PaymentAccount Extract(DocumentLayout layout)
    {
        var ibans = new List<(string Iban, string Raw, LayoutRow Row, int Start, bool Labelled)>();
        var failed = new List<string>();
        foreach (var row in layout.Rows)
        {
            if (DebtorRegex().IsMatch(row.Text))
                continue;
            foreach (Match start in IbanStartRegex().Matches(row.Text))
            {
                if (Read(row.Text, start.Index) is not { } found)
                    continue;
                var labelled = IbanLabelRegex().IsMatch(row.Text[..start.Index]) || LabelAbove(layout, row.LineAt(start.Index));
                if (found.Iban is { } valid)
                    ibans.Add((valid, found.Raw, row, start.Index, labelled));
                else if (labelled)
                    failed.Add(found.Raw);
            }
        }
        var distinct = ibans.Select(i => i.Iban).Distinct(StringComparer.Ordinal).Count();
        var best = ibans.OrderByDescending(i => i.Labelled).FirstOrDefault();
        Field<string>? iban = null;
        if (best.Iban is not null)
        {
            var confidence = distinct > 1 ? OneOfSeveralConfidence : best.Labelled ? LabelledConfidence : UnlabelledConfidence;
            iban = new Field<string>(best.Iban, best.Raw, confidence, best.Row.EvidenceFor(best.Start, best.Raw.Length))
            {
                Trace = [$"{(best.Labelled ? "after an IBAN label" : "an account number")} with its country's length and agreeing check digits in '{best.Row.Text.Trim()}'"
                    + (distinct > 1 ? $"; {distinct} accounts printed, the first labelled taken" : "")],
            };
        }
        // A labelled account that cannot be right, and no account read right to pay to: misprinted, or misread from a scan.
        return new PaymentAccount(iban, Bic(layout, best.Row)) { FailedIban = iban is null ? failed.FirstOrDefault() : null };
    }

    /// <summary>
    /// The account starting at <paramref name="start"/>: its country's length of letters and digits, single spaces or
    /// dashes between; <c>Iban</c> is null where its check digits fail.
    /// </summary>
    private static (string? Iban, string Raw)? Read(string text, int start)
    {
        if (IbanLengths.Of(text.Substring(start, 2)) is not { } length)
            return null;
        var compact = new StringBuilder(length);
        var end = start;
        while (end < text.Length && compact.Length < length)
        {
            var c = text[end];
            if (char.IsAsciiLetterOrDigit(c))
                compact.Append(char.ToUpperInvariant(c));
            else if (c is not (' ' or '-') || end + 1 >= text.Length || !char.IsAsciiLetterOrDigit(text[end + 1]))
                break;
            end++;
        }
        // The account ends where its length does: a longer run of letters and digits is some other number.
        if (compact.Length != length || end < text.Length && char.IsAsciiLetterOrDigit(text[end]))
            return null;
        return (Ibans.Normalise(compact.ToString()), text[start..end]);
    }

    /// <summary>An "IBAN" heading over the account in its column (a bank-details table).</summary>
    private static bool LabelAbove(DocumentLayout layout, LayoutLine line) =>
        layout.Lines.Any(l => l.Page == line.Page && l.Box.Bottom <= line.Box.Top + 0.002 && line.Box.Top - l.Box.Bottom < 2 * line.Box.Height
            && l.Box.Left < line.Box.Right && l.Box.Right > line.Box.Left && IbanLabelRegex().IsMatch(l.Text) && l.Text.Trim().Length <= 12);

    /// <summary>A labelled BIC: on the IBAN's row or the next ones first, else the first on the document.</summary>
    private static Field<string>? Bic(DocumentLayout layout, LayoutRow? ibanRow)
    {
        var rows = layout.Rows;
        var near = ibanRow is null ? [] : rows.Skip(ibanRow.Index).Take(3);
        foreach (var row in near.Concat(rows))
        {
            if (BicRegex().Match(row.Text) is not { Success: true } m || DebtorRegex().IsMatch(row.Text))
                continue;
            var bic = m.Groups["bic"];
            return new Field<string>(bic.Value, bic.Value, LabelledConfidence, row.EvidenceFor(bic.Index, bic.Length))
            {
                Trace = [$"after a BIC label in '{row.Text.Trim()}'"],
            };
        }
        return null;
    }
}
