using System.Text.RegularExpressions;
using InvoiceScanner.Core.Extraction;

namespace InvoiceScanner.Extraction.Fields;

/// <summary>What an amount is, judged from its label.</summary>
public enum AmountRole { None, Total, Due, Subtotal, Tax, Discount, Paid, Change, Rounding, ServiceCharge, Quantity, Reference }

/// <summary>
/// Label keywords (English, Malay, Dutch, German, French, Spanish, Italian, Polish), tried in priority order
/// because labels nest: "SUBTOTAL" contains "TOTAL", "TOTAL GST" is a tax, "GST INCLUDED IN TOTAL" too.
/// </summary>
public static partial class Labels
{
    private const RegexOptions Opt = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    [GeneratedRegex(@"\b(TOTAL\s*(QTY|QUANTITY|ITEMS?|ITEM\(S\)|LTEM\(S\)|PCS|UNITS?|POINTS?|QTY\s*TENDER)|QTY|QUANTITY|NO\.?\s*OF\s*ITEMS?|ITEM\s*COUNT|POINTS?)\b", Opt)]
    private static partial Regex QuantityRegex();

    // A count of airings right before its number ("Total Spots  1", "# of Spots"); "Total 22 Spots for: $6,680" labels money.
    [GeneratedRegex(@"\b(?:(?:TOTAL|#\s*OF|NO\.?\s*OF)\s*SPOTS?|SPOTS)\s*:?\s*$", Opt)]
    private static partial Regex SpotCountRegex();

    [GeneratedRegex(@"\b((GST|VAT|TAX|BTW|TVA|SST)\s*(ID|NO|REG|NUMBER|NR|#|REG\.?\s*NO)|INVOICE\s*(NO|NUMBER|#)|RECEIPT\s*(NO|#)|REG\.?\s*NO|COMPANY\s*NO|ROC|BILL\s*NO|DOC(UMENT)?\s*NO|TABLE|CASHIER|TERMINAL|ORDER\s*(NO|#)|SLIP|MEMBER|CARD\s*NO|ACCOUNT|A/C|APPROVAL|TRACE|BATCH|INV\s*NO|PAX|REF)\b", Opt)]
    private static partial Regex ReferenceRegex();

    [GeneratedRegex(@"INCLUDED\s+IN\s+(THE\s+)?TOTAL|TOTAL\s+INCLUDES|TOTAL\s+INCLUDED\s+(GST|TAX|VAT)", Opt)]
    private static partial Regex TaxIncludedRegex();

    [GeneratedRegex(@"ROUNDE?D?\s*D?\s*TOTAL|TOTAL\s*(AMT\s*)?\(?ROUNDE?D?\)?|TOTAL\s*AFTER\s*(ROUND|ADJ)|\b(AMOUNT|AMT)\s*(PAID\s*)?\(?\s*INCL(USIVE|UDING|\.)?\s*(OF\s*)?(GST|TAX|VAT|SST)|NETT?\s*TOTAL|GRAND\s*TOTAL|GROSS\s*(TOTAL|AMOUNT)|TOTAL\s*(AMOUNT|AMT)\s*(PAYABLE|DUE)|TOTAL\s*PAYABLE|TOTAL\s*\(?\s*(INCL|INCLUSIVE|INCLUDING|INC\b|WITH)|TOTAL\s*SALES?\s*\(?\s*INCL|TOTAL\s*\(?(RM|MYR|USD|EUR|SGD)\)?|TOTAL\s*TTC|MONTANT\s*(EUR\s*)?TTC|TOTAL\s*(AMOUNT|AMT)\b|INVOICE\s*TOTAL|TOTAL\s*FOR\s*THIS|TOTAAL|GESAMTBETRAG|RECHNUNGSBETRAG|ENDBETRAG|BRUTTOSUMME|BRUTTOBETRAG|GESAMTSUMME|RECHNUNGSSUMME|SUMME\s*BRUTTO|GESAMT\s*BRUTTO|TOTAAL\s*INCL|IMPORTE\s*TOTAL|TOTALE\s*(FATTURA|DOCUMENTO)?", Opt)]
    private static partial Regex StrongTotalRegex();

    [GeneratedRegex(@"AMOUNT\s*DUE|BALANCE\s*DUE|TOTAL\s*DUE|DUE\s*AMOUNT|PLEASE\s*PAY|AMOUNT\s*PAYABLE|\bTO\s*PAY\b|\bTO\s*BE\s*PAID\b|SOMME\s*[AÀ]\s*PAYER|NET\s*[AÀ]\s*PAYER|TE\s*BETALEN|ZU\s*ZAHLEN|ZAHLBETRAG|NALE[ŻZ]NO[ŚS][ĆC]|DO\s*ZAP[ŁL]ATY|\bPAYABLE\b|^\W*DUE\b|\bBALANCE\s*$", Opt)]
    private static partial Regex DueRegex();

    [GeneratedRegex(@"\bCHANGE\b|\bKEMBALI|\bBAKI\b|\bCHG\s*DUE|\bCHANGE\s*DUE", Opt)]
    private static partial Regex ChangeRegex();

    [GeneratedRegex(@"\bROUND(ING|LNG|ED)?\b|\bADJ(USTMENT)?\b|\bPENGGENAPAN", Opt)]
    private static partial Regex RoundingRegex();

    [GeneratedRegex(@"\bCASH\b|TENDER|\bPAID\b|\bPAY\b|\bPAYMENT\b|\bVISA\b|MASTER|\bCARD\b|CREDIT|DEBIT|AMEX|WALLET|GRAB\s*PAY|BOOST|\bTNG\b|CHEQUE|\bTUNAI\b|\bBAYAR|RECEIVED|\bIDEAL\b|BETAALD|BEZAHLT|PAY\s*PAL|\bJCB\b|\bUNIONPAY|ANZAHLUNG|VORAUSZAHLUNG|BEREITS\s*(BE)?ZAHLT|\bACOMPTES?\b|D[ÉE]J[ÀA]\s*(PAY|R[ÉE]GL|VERS)|PRE-?PAID|PREPAYMENTS?|ADVANCE\s*PAYMENTS?|AANBETALING|VOORUITBETAALD|ANTICIPO", Opt)]
    private static partial Regex PaidRegex();

    // Sums of document-level allowances or charges ("Gesamtbetrag der Zuschläge", "Total des remises"): never the total.
    [GeneratedRegex(@"ZUSCHL[ÄA]GE?\b|ABSCHL[ÄA]GE?\b|NACHL[ÄA]SS|\bALLOWANCES?\b|\bREMISES?\b|\bRABATTE?\b|\bTOESLAG|\bMAJORATIONS?\b", Opt)]
    private static partial Regex AllowanceChargeRegex();

    [GeneratedRegex(@"\bDISC(OUNT)?\b|DISC\.|SAVING|KORTING|RABATT?|REMISE|DESCUENTO|SCONTO|\bPROMO|VOUCHER|\bLESS\b|REBATE|POTONGAN|COUPON|\bCREDITS?\b", Opt)]
    private static partial Regex DiscountRegex();

    [GeneratedRegex(@"SUB\s*-?\s*TOTA[LI]|\bTOTAL\s*\d+(?:\.\d+)?\s*%|SUBTOTAAL|ZWISCHENSUMME|SOUS[\s-]*TOTAL|TOTAL\s*\(?\s*(EXCL|EXCLUDING|EXCLUSIVE|BEFORE|W/O|NET\s+OF|EX\b|HT\b)|TOTAL\s*SALES?\s*\(?\s*(EXCL|EX\b)|\(EXCLUDED\s*GST\)|EXCL(USIEF|\.|USIVE|UDING)?\s*(OF\s*)?(BTW|VAT|GST|TAX|MWST|TVA)|(NET|NETTO)\s*(AMOUNT|BETRAG|WAARDE|BEDRAG)|NETTOBETRAG|NETTOSUMME|SUMME\s*NETTO|GESAMT\s*NETTO|WARENWERT|POSITIONSSUMME|SUMME\s*(DER\s*)?POSITIONEN|\bOHNE\s*(UST|MWST|MW\.?\s*ST|STEUER|TVA|VAT)|\bEXKL(\.|USIVE)?\s*(UST|MWST|STEUER)|HORS\s*TAXES?|SANS\s*TVA|WARTO[ŚS][ĆC]\s*NETTO|\bNETTO\b|MONTANT\s*(EUR\s*)?HT|TOTAL\s*HT|\bHT\b|AMOUNT\s*BEFORE\s*(TAX|GST|VAT)|TAXABLE\s*AMOUNT|\bCHARGES\b\s*$|IMPONIBILE|BASE\s*IMPONIBLE", Opt)]
    private static partial Regex SubtotalRegex();

    // The sum of the lines before document allowances and charges (EN 16931 BT-106), as opposed to the net they leave.
    [GeneratedRegex(@"SUB\s*-?\s*TOTA[LI]|SUBTOTAAL|ZWISCHENSUMME|SOUS[\s-]*TOTAL|WARENWERT|POSITIONSSUMME|SUMME\s*(DER\s*)?POSITIONEN|TOTAL\s*(DES\s*)?LIGNES|\bLINE\s*TOTAL|SUBTOTALE|TOTAAL\s*REGELS", Opt)]
    private static partial Regex LineTotalRegex();

    /// <summary>Whether a subtotal's label names the sum of the lines ("Zwischensumme", "Warenwert") rather than the net after allowances.</summary>
    public static bool IsLineTotalLabel(string label) => LineTotalRegex().IsMatch(label);

    [GeneratedRegex(@"\b(GST|VAT|TAX|TAXES|BTW|TVA|MWST|MW\.?ST|UST|IVA|SST|HST|PST|QST|CGST|SGST|IGST|PPN|KDV|MOMS|ALV|DPH|VAT\s*AMOUNT|KWOTA\s*VAT|MONTANT\s*TVA|SERVICE\s*TAX|STEUER|MEHRWERTSTEUER|UMSATZSTEUER|STEUERBETRAG|UMSATZSTEUERBETRAG|MWST-?BETRAG|UST-?BETRAG)\b", Opt)]
    private static partial Regex TaxRegex();

    [GeneratedRegex(@"SERVICE\s*(CHARGE|CHG)|\bSERV\.?\s*CHARGE|\bSVC\b|\bSERV\.?\s*CHG|\bS\.?\s*CHG|\bSC\b", Opt)]
    private static partial Regex ServiceChargeRegex();

    [GeneratedRegex(@"\bTOTAL\b|\bTOTAAL\b|\bGESAMT|\bSUMME\b|\bSUMA\b|\bRAZEM\b|\bTOTALE\b|\bJUMLAH\b|\bTTC\b|\bBRUTTO\b|\bGROSS\b|\bBEDRAG\b|\bBETRAG\b|\bIMPORTE\b|\bMONTANT\b|\bAMOUNT\b|\bAMT\b|\bTOTAL\s*RM\b", Opt)]
    private static partial Regex WeakTotalRegex();

    [GeneratedRegex(@"\bTOTALS?\b|\bTTL\b|\bTOTAAL\b|\bGESAMT|\bSUMME\b|\bRAZEM\b|\bTOTALE\b|\bJUMLAH\b", Opt)]
    private static partial Regex PlainTotalRegex();

    /// <summary>Whether the label names a total of some kind ("TOTAL HT", "Summe netto", "Gesamtbetrag").</summary>
    public static bool HasTotalWord(string label) => PlainTotalRegex().IsMatch(label);

    [GeneratedRegex(@"\([^)]*\)", Opt)]
    private static partial Regex BracketsRegex();

    /// <summary>
    /// The labels of a party's tax identifiers, as a regex alternation: VAT numbers (N° TVA, USt-IdNr., VAT No, BTW-nummer,
    /// P.IVA, NIF/CIF), German tax numbers, French company numbers (SIREN/SIRET), the Dutch chamber of commerce's (KvK).
    /// </summary>
    internal const string TaxIdLabel = @"\bN[°º]\s*(?:DE\s+)?TVA|\bTVA\s+INTRA\p{L}*|\bU\.?\s?ST\.?[\s.-]*ID\p{L}*(?:[\s.-]*NR\.?)?|\bSTEUER[\s-]*(?:NR\.?|NUMMER)|\b(?:GST|VAT|TAX|BTW|TVA|SST|IVA)\s*(?:REG(?:\.|ISTRATION)?\s*)?(?:ID|NO\.?|NUMBER|NR\.?|#)|\bBTW[\s-]*(?:NUMMER|NR\.?)|\bP\.?\s?IVA\b|PARTITA\s+IVA|\bNIF\b|\bCIF\b|\bSIRE[NT]\b(?:\s*/\s*SIRET)?|\bKVK\b";

    // An identifier's label right before the "amount": the digits are part of a VAT or tax number ("N° TVA : FR 05 987 654
    // 321", "USt-IdNr. DE 123 456 789", "TVA :FR 05 …" with a European VAT number's country prefix), not money.
    [GeneratedRegex(@"(?:" + TaxIdLabel + @")\s*[:.#]?\s*[A-Z]{0,3}[\s\d./-]*$|\b(?:TVA|VAT|MWST|UST|BTW|IVA)\s*[:.#]?\s*(?:AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|XI|GB|CH|NO)\s?[\d\s]*$", Opt)]
    private static partial Regex TaxIdTailRegex();

    // A page number ("Page 1 / 2", "Seite 1 von", "Page 2 of"): not money.
    [GeneratedRegex(@"\b(?:PAGE|SEITE|PAGINA|PÁGINA|BLATT)\s*\d*\s*(?:/|OF|VON|DE|DI|SUR)?\s*$", Opt)]
    private static partial Regex PageTailRegex();

    // The base an amount of VAT is computed on ("Base TVA", "Basisbetrag", "Bemessungsgrundlage", "Taxable base"): one
    // rate's net, neither the tax nor the document's net.
    [GeneratedRegex(@"\bBASE\s+(?:TVA|HT|IMPOSABLE|DE\s+TVA)|\bBASISBETRAG|BEMESSUNGSGRUNDLAGE|TAXABLE\s+BASE|\bBASE\s+IVA|\bGRONDSLAG", Opt)]
    private static partial Regex TaxBaseRegex();

    // A rate per unit of something ("Total CPP:", "CPM", "cost per point", "price per unit", "average"): a media buy's cost per
    // rating point or per thousand impressions, not an amount of the document however "total" the label reads.
    [GeneratedRegex(@"(?:\b(?:CPP|CPM|CPR|CPC|CPA|CPV|AVG|AVERAGE)|\b(?:COST|PRICE|RATE)\s+PER\s+\p{L}+|\bPER\s+(?:UNIT|POINT|THOUSAND|SPOT|ITEM|HOUR))\s*[:#$€£]?\s*$", Opt)]
    private static partial Regex PerUnitTailRegex();

    /// <summary>The role a label gives the amount that follows it, and how sure the label is (points).</summary>
    public static (AmountRole Role, double Weight) ClassifyAmountLabel(string label)
    {
        if (string.IsNullOrWhiteSpace(label) || !label.Any(char.IsLetter))
            return (AmountRole.None, 0);
        if (TaxIdTailRegex().IsMatch(label) || PageTailRegex().IsMatch(label) || TaxBaseRegex().IsMatch(label) || PerUnitTailRegex().IsMatch(label))
            return (AmountRole.Reference, 2);
        if (TaxIncludedRegex().IsMatch(label)) return (AmountRole.Tax, 2.5);
        // "SUBTOTAL (QTY 4)": a count in brackets does not make the amount after it a quantity.
        if (QuantityRegex().IsMatch(label) && BracketsRegex().Replace(label, " ") is var outer && outer.Any(char.IsLetter) && !QuantityRegex().IsMatch(outer))
            return ClassifyAmountLabel(outer);
        if (QuantityRegex().IsMatch(label) && !StrongTotalRegex().IsMatch(label.Replace("QTY", "", StringComparison.OrdinalIgnoreCase))) return (AmountRole.Quantity, 3);
        if (SpotCountRegex().IsMatch(label)) return (AmountRole.Quantity, 3);
        if (ChangeRegex().IsMatch(label)) return (AmountRole.Change, 3);
        if (AllowanceChargeRegex().Match(label) is { Success: true } allowance)
            return allowance.Value.StartsWith("ZUSCHL", StringComparison.OrdinalIgnoreCase) || allowance.Value.StartsWith("TOESLAG", StringComparison.OrdinalIgnoreCase)
                || allowance.Value.StartsWith("MAJORATION", StringComparison.OrdinalIgnoreCase) ? (AmountRole.ServiceCharge, 2.5) : (AmountRole.Discount, 2.5);
        if (SubtotalRegex().IsMatch(label)) return (AmountRole.Subtotal, 3);
        if (DiscountRegex().IsMatch(label) && !StrongTotalRegex().IsMatch(label)) return (AmountRole.Discount, 2.5);
        if (StrongTotalRegex().IsMatch(label)) return (AmountRole.Total, 3.5);
        // "GST PAYABLE" is the tax, not the amount payable.
        if (TaxRegex().IsMatch(label) && !PlainTotalRegex().IsMatch(label) && !DueRegex().Match(label).Value.Contains("DUE", StringComparison.OrdinalIgnoreCase)) return (AmountRole.Tax, 3);
        if (DueRegex().IsMatch(label)) return (AmountRole.Due, 3.5);
        if (RoundingRegex().IsMatch(label)) return (AmountRole.Rounding, 3);
        if (ServiceChargeRegex().IsMatch(label)) return (AmountRole.ServiceCharge, 2.5);
        if (TaxRegex().IsMatch(label) && !PlainTotalRegex().IsMatch(label)) return (AmountRole.Tax, 3);
        if (TaxRegex().IsMatch(label)) return (AmountRole.Tax, 2);
        if (PaidRegex().IsMatch(label)) return (AmountRole.Paid, 2.5);
        if (PlainTotalRegex().IsMatch(label)) return (AmountRole.Total, 3);
        if (ReferenceRegex().IsMatch(label)) return (AmountRole.Reference, 2);
        if (WeakTotalRegex().IsMatch(label)) return (AmountRole.Total, 1.2);
        return (AmountRole.None, 0);
    }

    /// <summary>
    /// The start of a title line up to its number label: words naming an invoice or credit note, asides in brackets and the
    /// document's type code ("Rechnungskorrektur (384) Nr.", "Schlussrechnung Bau (877) Nr.", "Gutschrift (Selbst
    /// ausgestellte Rechnung) (389) Nr."); never an order's or a delivery note's reference ("Ihre Bestellung Nr. 4711 vom").
    /// </summary>
    private const string TitleLine = @"^\W*(?=[\p{L} ()-]*(?:RECHNUNG|GUTSCHRIFT|INVOICE|FACTURE|AVOIR|FACTUUR|FACTURA|FATTURA))(?![\p{L} ()-]*(?:BESTELL|AUFTRAG|LIEFERSCHEIN|ORDER|COMMANDE))[\p{L} ()-]{0,60}?(?:\(\d{1,4}\)\s*)?";

    // The heading of the VAT breakdown by rate: the item table has ended above it.
    [GeneratedRegex(@"^\W*(?:UMSATZSTEUERAUFSCHL[ÜU]SSELUNG|STEUERAUFSCHL[ÜU]SSELUNG|MWST[\s-]*AUFSCHL[ÜU]SSELUNG|VAT\s+(?:SUMMARY|BREAKDOWN|ANALYSIS)|TAX\s+(?:SUMMARY|BREAKDOWN)|R[ÉE]CAPITULATIF\s+(?:DE\s+LA\s+|DES\s+)?TVA|D[ÉE]TAIL\s+(?:DE\s+LA\s+)?TVA|BTW[\s-]*(?:OVERZICHT|SPECIFICATIE)|RESUMEN\s+(?:DE(?:L)?\s+)?IVA|RIEPILOGO\s+IVA|RESUMO\s+(?:DO\s+)?IVA)\b", Opt)]
    private static partial Regex TaxBreakdownHeadingRegex();

    /// <summary>"Umsatzsteueraufschlüsselung", "VAT summary", "Récapitulatif TVA", …: a row that starts the VAT breakdown.</summary>
    public static bool IsTaxBreakdownHeading(string text) => TaxBreakdownHeadingRegex().IsMatch(text);

    // ----- dates -----

    [GeneratedRegex(@"DUE\s*DATE|DATE\s*DUE|PAYMENT\s*DUE|DUE\s*(ON|BY)|PAY\s*BY|VERVALDATUM|VERVALT|F[ÄA]LLIG|ZAHLBAR\s*BIS|DATE\s*LIMITE|[ÉE]CH[ÉE]ANCE|TERMIN\s*P[ŁL]ATNO|VENCIMIENTO|SCADENZA|PR[ÉE]L[ÈE]VEMENT", Opt)]
    private static partial Regex DueDateRegex();

    [GeneratedRegex(@"INVOICE\s*DATE|DATE\s*OF\s*(INVOICE|ISSUE)|BILL\s*DATE|RECEIPT\s*DATE|TAX\s*POINT|FACTUURDATUM|RECHNUNGSDATUM|DATE\s*DE\s*(LA\s*)?FACTURE|DATA\s*WYSTAWIENIA|FECHA\s*(DE\s*)?(FACTURA|EMISI[ÓO]N)|DATA\s*FATTURA|ISSUE\s*DATE|DATE\s*ISSUED|FACTURE\s*N|INVOICE\s*N|" + TitleLine + @"(NR|NO|N°|Nº|#)\.?\s*\S+\s+(VOM|DU|DATED|OF|VAN|DEL|DE)\s*$", Opt)]
    private static partial Regex InvoiceDateRegex();

    [GeneratedRegex(@"\bDATE\b|\bDATUM\b|\bDATA\b|\bFECHA\b|\bTARIKH\b|\bDT\b|\bDATED\b|\bDU\b", Opt)]
    private static partial Regex GenericDateRegex();

    [GeneratedRegex(@"ORDER\s*DATE|ORDERDATUM|BESTELLDATUM|DATE\s*DE\s*COMMANDE|DELIVERY|LEVERDATUM|LIEFERDATUM|CHECK[\s-]*(IN|OUT)|ARRIVAL|DEPARTURE|PERIOD|P[ÉE]RIODE|ZEITRAUM|FROM\b|\bTO\b|\bAU\b|\bDU\s*1ER|START|END\b|EXPIR|VALID|BIRTH|SINCE|UNTIL|PRINT|LAST\s*VISIT|SHIP(PED|PING)?\s*DATE|SERVICE\s*DATE|DOKUMENT[ÓO]W|Z\s*DNIA|LIVRAISON|PRESTATION|LEISTUNGSDATUM|LEVERING|ENTREGA|CONSEGNA|FORNITURA|EXP[ÉE]DITION|DESPATCH|DISPATCH|D[ÉE]BUT|\bFIN\b|\bBEGINN|\bENDE\b|\bINICIO|\bINIZIO|\bFINE\b|\bEIND", Opt)]
    private static partial Regex OtherDateRegex();

    public static bool IsDueDateLabel(string label) => DueDateRegex().IsMatch(label);

    // A payment term's clause ending in the date it runs to: "Zahlbar innerhalb 30 Tagen netto bis", "ohne Abzug bis zum",
    // "payable net by", "à régler avant le", "te betalen vóór".
    [GeneratedRegex(@"(?:\bNETTO|OHNE\s+ABZUG|\bZAHLBAR|\bPAYABLE|\bNET\b|\bDUE\b|[ÀA]\s+(?:PAYER|R[ÉE]GLER)|TE\s+BETALEN|DA\s+PAGARE|A\s+PAGAR)\b[^,;]{0,60}?\b(?:BIS(?:\s+(?:ZUM|SP[ÄA]TESTENS))?|BY|BEFORE|UNTIL|NO\s+LATER\s+THAN|AVANT\s+LE|JUSQU'?AU|V[OÓ]{1,2}R|ENTRO\s+IL|ANTES\s+DE(?:L)?)\s*:?\s*$", Opt)]
    private static partial Regex DueClauseRegex();

    /// <summary>
    /// The last clause before a date (after the last comma, semicolon or gap between cells): the one that labels it; the
    /// whole label when that clause has no words.
    /// </summary>
    public static string LastClause(string label)
    {
        var gap = label.TrimEnd().LastIndexOf("  ", StringComparison.Ordinal);
        var clause = label[Math.Max(label.LastIndexOfAny([',', ';']) + 1, gap >= 0 ? gap + 2 : 0)..];
        return clause.Any(char.IsLetter) ? clause : label;
    }

    /// <summary>The rest of a date's clause after it, to the next comma, semicolon, full stop or gap between cells.</summary>
    public static string NextClause(string rest)
    {
        var end = rest.IndexOfAny([',', ';', '.']);
        var gap = rest.IndexOf("  ", StringComparison.Ordinal);
        end = end < 0 ? gap : gap < 0 ? end : Math.Min(end, gap);
        return end < 0 ? rest : rest[..end];
    }

    /// <summary>Whether a clause names the date a net payment runs to ("netto bis", "payable by"), not a discount's.</summary>
    public static bool IsDueClause(string clause) => DueClauseRegex().IsMatch(clause) && !PaymentTermsDueDate.IsEarlyPaymentClause(clause);

    /// <summary>Whether a clause speaks of an early-payment discount (Skonto, escompte, cash discount).</summary>
    public static bool IsEarlyPaymentClause(string clause) => PaymentTermsDueDate.IsEarlyPaymentClause(clause);

    // Another invoice's date: the one a credit note or a correction refers to ("Date de facture associée", "Datum der
    // Ursprungsrechnung", "Original invoice date").
    [GeneratedRegex(@"ASSOCI[ÉE]E|PR[ÉE]C[ÉE]DENTE|D'ORIGINE|RECTIFI[ÉE]E|\bORIGINAL\s+INVOICE|PRECEDING\s+INVOICE|REFERENCED\s+INVOICE|RELATED\s+INVOICE|URSPRUNGSRECHNUNG|VORAUSGEGANGENE|BERICHTIGTE[N]?\s+RECHNUNG|KORRIGIERTE[N]?\s+RECHNUNG|BEZUGSRECHNUNG|OORSPRONKELIJKE\s+FACTUUR|FACTURA\s+(?:ORIGINAL|RECTIFICADA)|FATTURA\s+(?:ORIGINALE|DI\s+RIFERIMENTO)", Opt)]
    private static partial Regex ReferencedInvoiceRegex();

    public static bool IsInvoiceDateLabel(string label) => InvoiceDateRegex().IsMatch(label) && !ReferencedInvoiceRegex().IsMatch(label);
    public static bool IsGenericDateLabel(string label) => GenericDateRegex().IsMatch(label);
    public static bool IsOtherDateLabel(string label) => OtherDateRegex().IsMatch(label) || ReferencedInvoiceRegex().IsMatch(label);

    // ----- identifiers -----

    [GeneratedRegex(@"(?:INVOICE|INV|TAX\s*INVOICE|BILL|RECEIPT|RCPT|FACTUUR|RECHNUNGS?|FACTURE|FACTURA|FATTURA|FAKTURA|NOTA|CHECK|DOCUMENT|DOC|GUTSCHRIFT|AVOIR|CREDIT\s*NOTE|CREDITNOTA|BELEG)(?:\s+(?:DES|DER|OF\s+THE|DE\s+LA|DU)\s+\p{L}+)?[\s-]*(?:\(\d{1,4}\)\s*)?(?:NO\.?|NUMBER|NUMMER|NUM\.?|NR\.?|N°|Nº|NO\s*:|#|ID)\s*[:.#]?|(?<!\p{L})(?:INVOICE|FACTUUR|FACTURE|FAKTURA|RECHNUNG)\s*(?=[A-Z0-9/_\-]*\d)|\bFACTUURNUMMER\b|\bRECHNUNGSNUMMER\b|\bBILL\s*#|\bINVOICE\s*#|^#|" + TitleLine + @"(?:NR\.?|NO\.?|N°|Nº)\s*(?=[A-Z0-9])", Opt)]
    private static partial Regex InvoiceNumberLabelRegex();

    [GeneratedRegex(@"\b(P\.?\s?O\.?|PURCHASE\s*ORDER|ORDER|BESTELL|BESTELLUNG)[\s-]*(NO\.?|NUMBER|NUMMER|NR\.?|#|REF)\s*[:.#]?|\bPO\s*[:#]|\bORDERNUMMER\b|\bBESTELLUNG\s*:|\bBESTELLNUMMER\b|\bBESTELNUMMER\b|\bINKOOPORDER(?:NUMMER)?\b|\bBON\s+DE\s+COMMANDE\b|\bN[°º]\s*(?:DE\s+)?COMMANDE\b|\bCOMMANDE\s*(?:N[°º]|:)|\b(?:N[°º.]?\s*(?:DE\s+)?)?PEDIDO\s*(?:N[°º.]|:)|\bORDEN\s+DE\s+COMPRA\b|\bORDINE\s*(?:N[°º.]|:)|\bN(?:UMERO|\.)\s*ORDINE\b|\bNOTA\s+DE\s+ENCOMENDA\b|\bENCOMENDA\s*(?:N[°º.]|:)|\bYOUR\s+ORDER\s*(?:NO\.?|NUMBER|REF(?:ERENCE)?)?\s*:|\bORDER\s+REF(?:ERENCE)?\b", Opt)]
    private static partial Regex PoNumberLabelRegex();

    [GeneratedRegex(@"PAYMENT\s*TERMS?|TERMS?\s*(OF\s*PAYMENT)?\s*:|BETALINGSTERMIJN|ZAHLUNGSBEDINGUNGEN|ZAHLUNGSZIEL|CONDITIONS\s*DE\s*PAIEMENT|\bNET\s*\d{1,3}\b", Opt)]
    private static partial Regex PaymentTermsLabelRegex();

    // The contract the invoice is billed under (EN 16931's BT-12): "Contract #", "Vertragsnummer", "N° contrat", "Numero contratto".
    [GeneratedRegex(@"\bCONTRACT\s*(?:#|NO\b\.?|NR\b\.?|NUMBER|REF(?:ERENCE)?\b)?\s*[:.#]?|\bVERTRAGS?(?:NUMMER|[\s-]*NR\b\.?)\s*[:.]?|\bN[°º]\s*(?:DE\s+)?CONTRA(?:T|TO)\b\s*[:.]?|\bCONTRACTNUMMER\b\s*:?|\bN(?:UMERO|\.)\s*(?:DI\s+|DE\s+)?CONTRAT(?:TO|O)\b\s*:?|\bCONTRATO\s*(?:N[°º.]|:)", Opt)]
    private static partial Regex ContractLabelRegex();

    public static Match InvoiceNumberLabel(string text) => InvoiceNumberLabelRegex().Match(text);
    public static Match ContractLabel(string text) => ContractLabelRegex().Match(text);
    public static Match PoNumberLabel(string text) => PoNumberLabelRegex().Match(text);
    public static Match PaymentTermsLabel(string text) => PaymentTermsLabelRegex().Match(text);
}
