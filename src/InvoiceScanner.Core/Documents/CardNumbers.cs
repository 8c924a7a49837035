using System.Text;
using System.Text.RegularExpressions;

namespace InvoiceScanner.Core.Documents;

/// <summary>
/// Payment card numbers (PANs) masked wherever an OCR document carries text, before it is stored: PCI DSS allows at most
/// the last four digits to be kept. A PAN is 13–19 digits starting 2–6 (the card schemes' ranges), written together or in
/// the groups cards print (spaces, dashes or dots), not touching letters (an IBAN's digits follow its country code), and
/// Luhn-valid. Masking keeps the text's length, so word boxes and offsets stay where they were.
/// </summary>
public static partial class CardNumbers
{
    public const char MaskCharacter = '*';

    // Digit groups as cards print them: 13–19 together, 4-4-4-4(-3), 4-6-5 (Amex) or 4-6-4 (Diners), one space, dash or
    // dot (some terminals print 4.4.4.4; the reliability probe found those unmasked).
    [GeneratedRegex(@"(?<![\p{L}\d*])(?:\d{13,19}|\d{4}(?<s>[ .-])\d{4}\k<s>\d{4}\k<s>\d{4}(?:\k<s>\d{3})?|\d{4}(?<t>[ .-])\d{6}\k<t>\d{4,5})(?![\p{L}\d])",
        RegexOptions.CultureInvariant)]
    private static partial Regex Candidate();

    /// <summary>The text with every PAN's digits but the last four replaced by <see cref="MaskCharacter"/>.</summary>
    public static string Mask(string text)
    {
        if (text.Length < 13 || !text.Any(char.IsAsciiDigit))
            return text;
        return Candidate().Replace(text, match => IsCardNumber(match.Value) ? MaskDigits(match.Value) : match.Value);
    }

    public static bool IsCardNumber(string printed)
    {
        var digits = printed.Where(char.IsAsciiDigit).ToArray();
        return digits.Length is >= 13 and <= 19 && digits[0] is >= '2' and <= '6' && LuhnValid(digits);
    }

    private static bool LuhnValid(char[] digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[^(i + 1)] - '0';
            if (i % 2 == 1)
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            sum += d;
        }
        return sum % 10 == 0;
    }

    private static string MaskDigits(string printed)
    {
        var keep = 4;
        var masked = new StringBuilder(printed);
        for (var i = masked.Length - 1; i >= 0; i--)
        {
            if (!char.IsAsciiDigit(masked[i]))
                continue;
            if (keep > 0)
                keep--;
            else
                masked[i] = MaskCharacter;
        }
        return masked.ToString();
    }

    /// <summary>The document with every line, word and engine candidate masked; the same instance when nothing was.</summary>
    public static OcrDocument Mask(OcrDocument document)
    {
        var changed = false;
        var pages = document.Pages.Select(page => page with
        {
            Lines = [.. page.Lines.Select(line => MaskLine(line, ref changed))],
        }).ToList();
        var candidates = document.Candidates.Select(c => MaskCandidate(c, ref changed)).ToList();
        var items = document.LineItemCandidates.Select(item => item with { Cells = [.. item.Cells.Select(c => MaskCandidate(c, ref changed))] }).ToList();
        var einvoice = document.EInvoice;
        if (einvoice is not null && MaskXml(einvoice.Xml) is var xml && xml != einvoice.Xml)
        {
            einvoice = einvoice with { Xml = xml };
            changed = true;
        }
        return changed ? document with { Pages = pages, Candidates = candidates, LineItemCandidates = items, EInvoice = einvoice } : document;
    }

    // EN 16931 BT-87, the payment card's number: CII's ApplicableTradeSettlementFinancialCard/ID, UBL's
    // CardAccount/PrimaryAccountNumberID. The standard wants no more than its last digits there; senders still put
    // whole numbers, so every digit but the last four is masked whatever the number looks like.
    [GeneratedRegex(@"(?<open><(?:[\w.-]+:)?PrimaryAccountNumberID\b[^>]*>)(?<value>[^<]*)"
        + @"|(?<open><(?:[\w.-]+:)?ApplicableTradeSettlementFinancialCard\b[^>]*>\s*(?:<!--.*?-->\s*)*<(?:[\w.-]+:)?ID\b[^>]*>)(?<value>[^<]*)",
        RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex CardElement();

    // Free text a sender writes (notes, payment terms) may quote a card number like a page does: masked by the page's rule.
    [GeneratedRegex(@"(?<open><(?:[\w.-]+:)?(?:Note|PaymentNote|Content|Description|Information)\b[^>]*>)(?<value>[^<]*)",
        RegexOptions.CultureInvariant)]
    private static partial Regex TextElement();

    /// <summary>An e-invoice's XML with the card number element and card numbers quoted in its free text masked.</summary>
    public static string MaskXml(string xml)
    {
        var masked = CardElement().Replace(xml, m => m.Groups["open"].Value + MaskDigits(m.Groups["value"].Value));
        return TextElement().Replace(masked, m => m.Groups["open"].Value + Mask(m.Groups["value"].Value));
    }

    private static OcrLine MaskLine(OcrLine line, ref bool changed)
    {
        var masked = Mask(line.Text);
        if (masked == line.Text)
            return line;
        changed = true;
        // A PAN printed in groups is several words: each word takes its span of the masked line (same length).
        var words = new List<OcrWord>(line.Words.Count);
        var at = 0;
        foreach (var word in line.Words)
        {
            var start = line.Text.IndexOf(word.Text, at, StringComparison.Ordinal);
            if (start < 0)
            {
                words.Add(word with { Text = Mask(word.Text) });
                continue;
            }
            words.Add(word with { Text = masked.Substring(start, word.Text.Length) });
            at = start + word.Text.Length;
        }
        return line with { Text = masked, Words = words };
    }

    private static FieldCandidate MaskCandidate(FieldCandidate candidate, ref bool changed)
    {
        var text = Mask(candidate.Text);
        var evidence = candidate.Evidence is { } e ? e with { Line = Mask(e.Line) } : null;
        if (text == candidate.Text && evidence?.Line == candidate.Evidence?.Line)
            return candidate;
        changed = true;
        return candidate with { Text = text, Evidence = evidence };
    }
}
