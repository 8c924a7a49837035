using System.Text.RegularExpressions;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction.Layout;
using InvoiceScanner.Extraction.Parsing;

namespace InvoiceScanner.Extraction.Fields;

public sealed record IdentifierFields(
    Field<string>? InvoiceNumber, Field<string>? PoNumber, Field<string>? PaymentTerms,
    Field<string>? VendorPhone, Field<string>? VendorTaxId)
{
    /// <summary>The contract the document is billed under (BT-12).</summary>
    public Field<string>? ContractReference { get; init; }
}

/// <summary>Invoice number, PO number, contract, payment terms, phone and tax id: a label, then the token after it (or below it).</summary>
public static partial class IdentifierExtractor
{
    // What may stand between a label and its value: a number's abbreviation, and whose number it is ("Bestellung Nr.
    // Kunde: 4444444444", "Order No. (customer): …").
    [GeneratedRegex(@"^[\s:.#\-–]*(?:(?:NO|NR|N°|Nº|NUMBER|NUM)\b\.?)?[\s:.#\-–]*(?:\(?(?:DES\s+)?(?:KUNDEN?|K[ÄA]UFERS?|CUSTOMER|BUYER|CLIENT|KLANT)\)?\s*:[\s:.#\-–]*)?", RegexOptions.IgnoreCase)]
    private static partial Regex LabelTailRegex();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9/_\-.]*[A-Za-z0-9]$|^[A-Za-z0-9]$")]
    private static partial Regex IdTokenRegex();

    [GeneratedRegex(@"\b(BOOKING|RESERVATION|CONFIRMATION)\s*(ID|NO\.?|NUMBER|#)\s*[:.#]?", RegexOptions.IgnoreCase)]
    private static partial Regex WeakNumberLabelRegex();

    // The number of an order or contract: that document's own number, unless another party's ("Agency Order #", "Your order").
    [GeneratedRegex(@"(?<!\b(?:ALT|AGENCY|CUSTOMER|CLIENT|YOUR|IHRE|VOTRE|BUYER)\s)\b(?:CONTRACT|ORDER|AUFTRAG|BESTELLUNG|COMMANDE|ORDINE|PEDIDO|BESTELLING|OPDRACHT|VERTRAG|CONTRAT)\b(?:\s*/\s*REV(?:ISION)?)?\s*(?:#|NO\b\.?|NR\b\.?|NUMBER|NUMMER|N°|Nº)?\s*[:.#]?", RegexOptions.IgnoreCase)]
    private static partial Regex DocumentNumberLabelRegex();

    [GeneratedRegex(@"\b(?:TEL|PHONE|PH|T|H/P|HP|MOBILE|MOB|TELEFOON|TELEFON|TÉL|TELEPHONE|TÉLÉPHONE)\b\.?\s*(?:NO\.?)?\s*[:.]?\s*(?<num>\+?[\d(][\d\s\-().\/]{6,}\d)", RegexOptions.IgnoreCase)]
    private static partial Regex PhoneRegex();

    // A tax-id label (GST/VAT/USt-IdNr./TVA/BTW/IVA/NIF …, with their dots and dashes), then the id: letters and digits
    // with single spaces, dots, dashes or slashes inside ("DE 123 456 789", "201/113/40209"); two spaces end it.
    [GeneratedRegex(@"\b(?:GST\s*(?:ID|REG(?:\.|ISTRATION)?\s*(?:NO|NUMBER)?|NO)|GSTIN|VAT\s*(?:REG(?:\.|ISTRATION)?\s*)?(?:NO|NUMBER|ID|#)|TAX\s*ID|TIN|ABN|BTW(?:[\s-]*(?:NR|NUMMER|ID))?|TVA\s*INTRA[A-Z\s]*|(?:N°|NUM[ÉE]RO)\s*(?:DE\s*)?TVA(?:\s*INTRA[A-Z]*)?|NIP|U\.?\s?ST\.?[\s.-]*ID(?:ENT)?\.?[\s.-]*(?:NR|NUMMER)?|UMSATZSTEUER[\s-]*ID(?:ENTIFIKATIONS)?[\s-]*(?:NR|NUMMER)?|UID(?:[\s-]*NR)?|STEUER[\s-]*(?:NR|NUMMER)|SST\s*(?:ID|NO|REG\s*NO)?|CIF|NIF|P\.?\s?IVA|PARTITA\s*IVA)\b[\s:.]*(?:NO\b\.?)?[\s:.]*(?<id>[A-Z]{0,2}\s?[0-9](?:[0-9A-Z\-./]|\s(?!\s)){4,}[0-9A-Z])", RegexOptions.IgnoreCase)]
    private static partial Regex TaxIdRegex();

    public static IdentifierFields Extract(ExtractionContext context, string? documentType = null)
    {
        return new IdentifierFields(
            CandidateSelector.Pick(InvoiceNumberCandidates(context, documentType)),
            CandidateSelector.Pick(LabelledTokens(context, Labels.PoNumberLabel, 3, "PO-number label")),
            CandidateSelector.Pick(PaymentTermsCandidates(context)),
            CandidateSelector.Pick(PatternCandidates(context, PhoneRegex(), "num", "phone label", topOnly: true)),
            // A VAT number (its country prefix) before a local tax number, as EN 16931 ranks the seller's identifiers.
            CandidateSelector.Pick(PatternCandidates(context, TaxIdRegex(), "id", "tax-id label", topOnly: false,
                bonus: id => id.Length > 2 && char.IsAsciiLetterUpper(id[0]) && char.IsAsciiLetterUpper(id[1]) ? 0.3 : 0)))
        {
            ContractReference = CandidateSelector.Pick(LabelledTokens(context, Labels.ContractLabel, 3, "contract label")),
        };
    }

    /// <summary>
    /// The document's number: an invoice-number label's, and on an order or a contract its order or contract number (on
    /// a document titled as an invoice that number is the buyer's order, not the document's).
    /// </summary>
    private static IEnumerable<Candidate<string>> InvoiceNumberCandidates(ExtractionContext context, string? documentType)
    {
        foreach (var c in LabelledTokens(context, Labels.InvoiceNumberLabel, 3, "invoice-number label"))
            yield return c;
        foreach (var c in LabelledTokens(context, t => WeakNumberLabelRegex().Match(t), 1.2, "booking-reference label"))
            yield return c;
        // Untitled, the document may be an order as well as an invoice: its order number is then a weaker candidate.
        if (documentType is DocumentTypeDetector.Order or DocumentTypeDetector.Contract or null)
            foreach (var c in LabelledTokens(context, t => DocumentNumberLabelRegex().Match(t), documentType is null ? 2.2 : 2.9, $"{documentType ?? "order or contract"}-number label"))
                yield return c;
    }

    /// <summary>The first id-like token after each label match; when the label ends its row, the token below it.</summary>
    private static IEnumerable<Candidate<string>> LabelledTokens(ExtractionContext context, Func<string, Match> label, double weight, string rule)
    {
        foreach (var row in context.Rows)
        {
            var m = label(row.Text);
            if (!m.Success)
                continue;
            var afterLabel = m.Index + m.Length;
            var rest = row.Text[afterLabel..];
            var tail = LabelTailRegex().Match(rest);
            var start = afterLabel + tail.Length;
            var token = FirstToken(row.Text, start, out var tokenStart);
            var position = context.RelativePosition(row);
            if (token is not null && IsIdToken(token) && tokenStart - afterLabel < 40)
            {
                yield return new Candidate<string>(token, token, weight - 0.5 * position, row.Row.EvidenceFor(tokenStart, token.Length), $"{rule} '{m.Value.Trim()}'")
                { TextConfidence = ExtractionContext.TextConfidence(row) };
                continue;
            }
            // Label above its value (table-style headers such as "Booking ID" over "IBZY2087").
            var labelLine = row.Row.LineAt(m.Index);
            var below = RowBelow(context, row, labelLine);
            if (below is { } b)
            {
                var belowToken = FirstToken(b.Row.Text, b.Row.Row.OffsetOf(b.Line), out var belowStart);
                if (belowToken is not null && IsIdToken(belowToken) && IsNumberUnderHeading(belowToken))
                    yield return new Candidate<string>(belowToken, belowToken, weight - 0.4 - 0.5 * position, b.Row.Row.EvidenceFor(belowStart, belowToken.Length), $"{rule} '{m.Value.Trim()}' above")
                    { TextConfidence = ExtractionContext.TextConfidence(b.Row) };
            }
        }
    }

    private static (AnalyzedRow Row, LayoutLine Line)? RowBelow(ExtractionContext context, AnalyzedRow row, LayoutLine labelLine)
    {
        var index = row.Row.Index;
        for (var i = index + 1; i < context.Rows.Count && i <= index + 2; i++)
        {
            var below = context.Rows[i];
            if (below.Row.Page != row.Row.Page)
                break;
            foreach (var line in below.Row.Lines)
            {
                var overlap = Math.Min(line.Box.Right, labelLine.Box.Right) - Math.Max(line.Box.Left, labelLine.Box.Left);
                if (overlap > 0.3 * Math.Min(line.Box.Width, labelLine.Box.Width))
                    return (below, line);
            }
        }
        return null;
    }

    private static string? FirstToken(string text, int start, out int tokenStart)
    {
        var i = start;
        while (i < text.Length && (char.IsWhiteSpace(text[i]) || text[i] is ':' or '#')) i++;
        tokenStart = i;
        var j = i;
        while (j < text.Length && !char.IsWhiteSpace(text[j])) j++;
        if (j <= i)
            return null;
        return text[i..j].TrimEnd(',', ';', ')', '.');
    }

    /// <summary>An identifier has a digit (or is a code like "F"), and is not a word of the running text.</summary>
    private static bool IsIdToken(string token) =>
        token.Length is > 0 and <= 40 && IdTokenRegex().IsMatch(token) && (token.Any(char.IsAsciiDigit) || token.Contains('_'));

    /// <summary>
    /// A value under a column heading is a document's number only in a number's shape: not a line or revision count of one
    /// or two characters ("Contract" over "2"), not a date, however OCR wrote its separators ("06t07t20").
    /// </summary>
    private static bool IsNumberUnderHeading(string token)
    {
        if (token.Length < 3 || OcrDateRegex().IsMatch(token))
            return false;
        var dates = DateParser.FindAll(token);
        return !(dates.Count == 1 && dates[0].Length == token.Length);
    }

    // A date whose separators OCR read as letters ("06t07t20" for 06/07/20); real separators are the date parser's.
    [GeneratedRegex(@"^\d{1,2}\p{L}\d{1,2}\p{L}\d{2,4}$")]
    private static partial Regex OcrDateRegex();

    private static IEnumerable<Candidate<string>> PaymentTermsCandidates(ExtractionContext context)
    {
        foreach (var row in context.Rows)
        {
            var m = Labels.PaymentTermsLabel(row.Text);
            if (!m.Success)
                continue;
            var value = m.Value.StartsWith("NET", StringComparison.OrdinalIgnoreCase)
                ? row.Text[m.Index..].Trim()
                : row.Text[(m.Index + m.Length)..].Trim().TrimStart(':').Trim();
            var gap = value.IndexOf("  ", StringComparison.Ordinal);
            if (gap > 0) value = value[..gap];
            if (value.Length is > 0 and <= 60)
                yield return new Candidate<string>(value, value, 2.5, row.Row.EvidenceFor(Math.Max(0, row.Text.IndexOf(value, StringComparison.Ordinal)), value.Length), "payment-terms label");
        }
    }

    private static IEnumerable<Candidate<string>> PatternCandidates(ExtractionContext context, Regex regex, string group, string rule, bool topOnly,
        Func<string, double>? bonus = null)
    {
        foreach (var row in context.Rows)
        {
            var position = context.RelativePosition(row);
            if (topOnly && position > 0.5)
                continue;
            foreach (Match m in regex.Matches(row.Text))
            {
                var g = m.Groups[group];
                var value = g.Value.Trim();
                yield return new Candidate<string>(value, value, 2.5 - position + (bonus?.Invoke(value) ?? 0), row.Row.EvidenceFor(g.Index, g.Length), rule)
                { TextConfidence = ExtractionContext.TextConfidence(row) };
            }
        }
    }
}
