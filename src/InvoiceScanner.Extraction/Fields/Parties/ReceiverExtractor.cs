using System.Text.RegularExpressions;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Extraction.Layout;

namespace InvoiceScanner.Extraction.Fields.Parties;

/// <summary>
/// Receiver name and address, from what a receiver label introduces: the text after it on its line, the value beside
/// it in a form ("Advertiser    Tom Steyer for President"), or the block under it in its column ("Bill To:" over an
/// address). An advertiser label comes first: on a media invoice the bill goes to an agency for the advertiser, who
/// is the buyer.
/// </summary>
internal static partial class ReceiverExtractor
{
    [GeneratedRegex(@"^\s*(ADVERTISER(\s*NAME)?|ANNONCEUR|WERBEKUNDE)\b\s*:?\s*(?<rest>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex AdvertiserLabelRegex();

    // The advertiser's label at the end of a cell it is glued to ("REMIT TOSinclair Broadcast Advertiser"), its value
    // the next cell on the row: the text layer put no gap between the remit-to block and the label.
    [GeneratedRegex(@"\S\s+(ADVERTISER(\s*NAME)?|ANNONCEUR|WERBEKUNDE)\s*:?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex AdvertiserTailRegex();

    [GeneratedRegex(@"^\s*(BILL(ED)?\s*TO|SOLD\s*TO|SHIP\s*TO|CUSTOMER|CLIENT[E]?|KLANT|KUNDE|RECHNUNGSEMPFÄNGER|LEISTUNGSEMPFÄNGER|RECHNUNG\s*AN|FACTUREZ\s*À|FACTURÉ\s*À|FACTURER\s*À|FACTUREREN\s*AAN|DESTINATARIO|NABYWCA|BUYER|ATTN|INVOICE\s*TO|DELIVER\s*TO|ADRESSE\s+(?:DU\s+|DE\s+)?(?:CLIENT|FACTURATION)|RECHNUNGSADRESSE|RECHNUNGSANSCHRIFT|FACTUURADRES|DIRECCI[ÓO]N\s+DE\s+FACTURACI[ÓO]N|INDIRIZZO\s+DI\s+FATTURAZIONE|MORADA\s+DE\s+FATURA[ÇC][ÃA]O)\b\s*:?\s*(?<rest>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex ReceiverLabelRegex();

    // What follows a receiver word when the line is the label of a number, not of a party ("Customer No.", "Kunden-Nr").
    [GeneratedRegex(@"^(NO\b|NR\b|N°|Nº|#|NUMBER|NUMMER|NUMÉRO|ID\b|REF|CODE|VAT|TAX|UST|ACCOUNT|-?NR|EXTERNAL)|:$", RegexOptions.IgnoreCase)]
    private static partial Regex NumberLabelRest();

    // A person filed surname first, "Tomlinson,Mykle" / "Bet,Vonderheid,": a media buyer's or a clerk's name beside "Buyer",
    // not the party (a legal form after the comma is a company's: "Acme,Inc").
    [GeneratedRegex(@"^\p{Lu}[\p{L}'-]+,\p{Lu}[\p{L}'-]+,?$")]
    private static partial Regex FiledPersonRegex();

    // Words of a form's column headings: a text holding one is a label, not a party's name ("Original Date / Revision").
    [GeneratedRegex(@"\b(DATE|DATES|REVISION|NUMBER|CODE|REF|TYPE|OFFICE|REGION|EXECUTIVE|ESTIMATE|CALENDAR|CYCLE|CONTACT|PERIOD|PAGE|MODIFIED|ORDER|INVOICE|DATUM|NUMMER|AGENCY|PRODUCT|SALESPERSON|NAME|\p{L}*EMPF[ÄA]NGER|ANSCHRIFT|DESTINATAIRE)\b|#", RegexOptions.IgnoreCase)]
    private static partial Regex HeadingWord();

    // A form's label cell: a short text ending with a colon ("Name:", "Billing Contact:").
    [GeneratedRegex(@"^[\p{L} /.&-]{1,30}:$")]
    private static partial Regex LabelCell();

    /// <summary>A form's column heading ("Account Executive", "Original Date / Revision"): a label, never a value.</summary>
    internal static bool IsHeading(string text) => HeadingWord().IsMatch(text);

    /// <summary>A receiver's or advertiser's label ("Bill to:", "Rechnung an", "Advertiser:"), not a number's ("Customer No.").</summary>
    internal static bool IsReceiverLabel(string text) =>
        AdvertiserLabelRegex().IsMatch(text) || IsPartyLabel(ReceiverLabelRegex().Match(text));

    /// <summary>A text without the advertiser's label glued to its end ("Sinclair Broadcast Advertiser" → "Sinclair Broadcast").</summary>
    internal static string WithoutGluedLabel(string text) =>
        AdvertiserTailRegex().Match(text) is { Success: true } m ? text[..(m.Index + 1)] : text;

    private static bool IsFiledPerson(string text) =>
        FiledPersonRegex().IsMatch(text.Trim()) && !LegalNames.HasBusinessForm(text.Replace(',', ' '));

    /// <summary>A label's match that introduces a party: not a number's label ("Customer No.") nor a word inside a sentence.</summary>
    private static bool IsPartyLabel(Match m) => m.Success && !NumberLabelRest().IsMatch(m.Groups["rest"].Value.Trim()) && !IsWordInText(m);

    /// <summary>
    /// The lines a receiver's or advertiser's label introduces (the label's own line and the block under it in its
    /// column): the customer's side of the page, where the vendor's name is never read from ("Ship To:" over the
    /// customer's store, beside "Bill To:" over the customer).
    /// </summary>
    internal static HashSet<LayoutLine> ReceiverBlockLines(IReadOnlyList<LayoutLine> lines)
    {
        var taken = new HashSet<LayoutLine>();
        for (var i = 0; i < lines.Count; i++)
        {
            foreach (var label in new[] { AdvertiserLabelRegex(), ReceiverLabelRegex() })
            {
                if (!IsPartyLabel(label.Match(lines[i].Text)))
                    continue;
                taken.Add(lines[i]);
                taken.UnionWith(BlockUnderLabel(lines, i, "", label));
                break;
            }
        }
        return taken;
    }

    internal static (Field<string>? Name, Field<string>? Address) Extract(ExtractionContext context) =>
        FromLabel(context, AdvertiserLabelRegex(), "advertiser label") is { Name: not null } advertiser ? advertiser
        : FromLabel(context, ReceiverLabelRegex(), "receiver label") is { Name: not null } receiver ? receiver
        : (BesideGluedLabel(context), null);

    /// <summary>The value beside an advertiser's label glued to the end of the cell before it, where no label stands alone.</summary>
    private static Field<string>? BesideGluedLabel(ExtractionContext context)
    {
        foreach (var line in context.Layout.Lines)
        {
            if (AdvertiserTailRegex().Match(line.Text) is not { Success: true } m || ValueBeside(context, line) is not { } value || IsFiledPerson(value.Text))
                continue;
            return new Field<string>(value.Text.Trim(), value.Text.Trim(), 0.7, PartyEvidence.Of([value]))
            { Trace = [$"value beside the advertiser label '{m.Groups[1].Value}' at the end of '{line.Text.Trim()}'"] };
        }
        return null;
    }

    private static (Field<string>? Name, Field<string>? Address) FromLabel(ExtractionContext context, Regex label, string rule)
    {
        var lines = context.Layout.Lines;
        for (var i = 0; i < lines.Count; i++)
        {
            var m = label.Match(lines[i].Text);
            if (!IsPartyLabel(m))
                continue;
            var rest = m.Groups["rest"].Value.Trim();
            if (rest.Length == 0 && (ValueBeside(context, lines[i]) ?? ValueBelow(context, lines[i])) is { } value)
            {
                if (IsFiledPerson(value.Text))
                    continue;
                return (new Field<string>(value.Text.Trim(), value.Text.Trim(), 0.75, PartyEvidence.Of([value]))
                { Trace = [$"value {(value.Box.Top > lines[i].Box.Bottom ? "under" : "beside")} the {rule} '{lines[i].Text.Trim()}'"] }, null);
            }
            var block = BlockUnderLabel(lines, i, rest, label);
            // A contact's line over the name ("Buyer contact name, Buyer dep" over "LE CLIENT") is not the name; a form's
            // label cells under the label ("Agency", "Product") say the block is no party's address at all.
            while (block.Count > 1 && HeadingWord().IsMatch(block[0].Text) && block[0].Text.Trim().Split(' ').Length > 2)
                block.RemoveAt(0);
            if (block.Count == 0 || HeadingWord().IsMatch(block[0].Text) && block[0].Text.Trim().Split(' ').Length <= 2)
                continue;
            var name = new Field<string>(block[0].Text.Trim(), block[0].Text.Trim(), 0.7, PartyEvidence.Of([block[0]]))
            { Trace = [$"first line under the {rule} '{lines[i].Text.Trim()}'"] };
            Field<string>? address = null;
            if (block.Count > 1)
            {
                var addressLines = block.Skip(1).ToList();
                var text = string.Join(" ", addressLines.Select(l => l.Text.Trim()));
                address = new Field<string>(text, text, 0.6, PartyEvidence.Of(addressLines)) { Trace = ["lines under the receiver name"] };
            }
            return (name, address);
        }
        return (null, null);
    }

    /// <summary>
    /// A form's value: the next line to the right on the label's row, past a label cell ("Name:") that may sit between,
    /// when it is near (a quarter of the page) and holds letters.
    /// </summary>
    private static LayoutLine? ValueBeside(ExtractionContext context, LayoutLine labelLine)
    {
        var right = context.Layout.RightOf(labelLine).ToList();
        var edge = labelLine.Box.Right;
        foreach (var line in right.Take(2))
        {
            if (line.Box.Left - edge > 0.25)
                return null;
            if (LabelCell().IsMatch(line.Text.Trim()))
            {
                edge = line.Box.Right;
                continue;
            }
            return line.Text.Any(char.IsLetter) && !line.Text.TrimEnd().EndsWith(':') && !HeadingWord().IsMatch(line.Text) ? line : null;
        }
        return null;
    }

    /// <summary>
    /// A heading row's value: the line in the next row that starts under the label (within a fiftieth of the page),
    /// when it holds letters and is no heading itself; past one line of identifiers.
    /// </summary>
    private static LayoutLine? ValueBelow(ExtractionContext context, LayoutLine labelLine)
    {
        var row = context.Layout.RowOf(labelLine);
        // A line of identifiers under the label ("GLN 4304171000002") comes before the name.
        for (var step = 0; step < 2 && context.Layout.RowAfter(row) is { } next; step++, row = next)
        {
            var below = next.Lines.FirstOrDefault(l => Math.Abs(l.Box.Left - labelLine.Box.Left) < 0.02);
            if (below is not null && NameShape.IsIdentifierLine(below.Text))
                continue;
            return below is not null && below.Text.Any(char.IsLetter) && !HeadingWord().IsMatch(below.Text) && !below.Text.TrimEnd().EndsWith(':') ? below : null;
        }
        return null;
    }

    private static bool IsLabelLine(Regex label, string text) => label.Match(text) is { Success: true } m && !IsWordInText(m);

    /// <summary>
    /// A receiver's word that starts a phrase rather than labelling one ("Buyer line 2", "Customer service is open"):
    /// no colon, and the text after it goes on in lower case.
    /// </summary>
    private static bool IsWordInText(Match m)
    {
        var rest = m.Groups["rest"];
        var between = m.Value[..(rest.Index - m.Index)];
        return !between.Contains(':') && rest.Value.TrimStart() is { Length: > 0 } r && char.IsLower(r[0]);
    }

    /// <summary>
    /// The text after the label on its own line, then up to five lines below it in the label's column, until a gap,
    /// another receiver label or a stop line.
    /// </summary>
    private static List<LayoutLine> BlockUnderLabel(IReadOnlyList<LayoutLine> lines, int i, string rest, Regex label)
    {
        var block = new List<LayoutLine>();
        var labelLine = lines[i];
        if (rest.Length > 0 && rest.Any(char.IsLetter))
            block.Add(labelLine with { Line = labelLine.Line with { Text = rest } });
        foreach (var next in DocumentLayout.StackUnder(lines, i, 0.06, 3 * Math.Max(0.01, labelLine.Box.Height)))
        {
            if (block.Count >= 5 || IsLabelLine(label, next.Text) || IsLabelLine(ReceiverLabelRegex(), next.Text)
                || PartyText.HasStopWord(next.Text) && !PartyText.HasPostcode(next.Text))
                break;
            block.Add(next);
        }
        return block;
    }
}
