using System.Text.RegularExpressions;

namespace InvoiceScanner.Extraction.Fields.Parties;

/// <summary>How the shape of a line weighs against it being the vendor name.</summary>
internal static partial class NameShape
{
    /// <summary>
    /// How much less likely a line is the name by its shape: a name does not end in a comma, an address line does
    /// ("AEON TEBRAU CITY," between the unit and the street); a line wholly in brackets is an aside to the name (a
    /// registration, a former name, a shop code: "(CONTOH SHOP (95874))"); column headings are not a name at all.
    /// </summary>
    internal static double Factor(string text)
    {
        var t = PartyText.TrimOcrMargin(text.Trim());
        if (TableWordsOnlyRegex().IsMatch(t) || IsNeverAName(t)) return TableWordsFactor;
        return t.EndsWith(',') ? TrailingCommaFactor : t.Length > 2 && t[0] == '(' && t[^1] == ')' ? BracketedLineFactor : 1;
    }

    /// <summary>A number's label, a party's role, a heading, a title or a country alone on the line: never the vendor's name.</summary>
    internal static bool IsNeverAName(string text)
    {
        var t = PartyText.TrimOcrMargin(text.Trim());
        return LabelOnlyRegex().IsMatch(t) || NeverANameRegex().IsMatch(t) || ContactOnlyRegex().IsMatch(t);
    }

    /// <summary>A line of identifiers ("GLN 4333741000005 Lief-Nr: 549910", "Kunden-Nr. : 009420"): more digits than letters.</summary>
    internal static bool IsIdentifierLine(string text) => text.Count(char.IsDigit) >= Math.Max(5, text.Count(char.IsLetter));

    internal const double TrailingCommaFactor = 0.5;

    /// <summary>A line of column headings or payment labels only ("PRICE", "QTY AMOUNT", "CASH"): never a name.</summary>
    internal const double TableWordsFactor = 0.1;

    [GeneratedRegex(@"^\W*(?:(?:ITEMS?|QTY|QUANTITY|PRICE|UNIT|AMOUNT|AMT|TOTAL|SUBTOTAL|DESCRIPTION|DESC|CASH|CHANGE|RM|TAX|GST|DISCOUNT|DISC)\W*)+$", RegexOptions.IgnoreCase)]
    private static partial Regex TableWordsOnlyRegex();

    // A number's label waiting for its value ("FACTURE N° :", "Invoice No.:", "Rechnungs-Nr.:"): labels are never names.
    [GeneratedRegex(@"^[\p{L} .'’/-]{1,40}(?:N°|Nº|\bNO\.?|\bNR\.?|#)\s*:$", RegexOptions.IgnoreCase)]
    private static partial Regex LabelOnlyRegex();

    // A party's role, a section heading, a document's title or a country on a line of its own ("Bill to:", "Nabywca:",
    // "Invoice Summary", "Hotel Details", "Rechnung", "Page", "Orders", "Germany"): the words around a name, never the name.
    [GeneratedRegex(@"^\W*(?:(?:BILL(?:ED)?\s*(?:TO|FROM)|SHIP(?:PED)?\s*TO|SOLD\s*(?:TO|BY)|INVOICE\s*TO|DELIVER\s*TO|TO|FROM|BUYER|SELLER|CUSTOMER|CLIENTE?|VENDOR|SUPPLIER|PAYER|PAYEE|RECIPIENT|NABYWCA|SPRZEDAWCA|ODBIORCA|K[ÄA]UFER|VERK[ÄA]UFER|KUNDE|LIEFERANT|RECHNUNGSEMPF[ÄA]NGER|ACHETEUR|VENDEUR|FOURNISSEUR|DESTINATAIRE|KLANT|LEVERANCIER|AFNEMER|PROVEEDOR|COMPRADOR|FORNITORE|ACQUIRENTE|ADVERTISER(?:\s*NAME)?|AGENCY(?:\s*NAME)?|ATTN|ATTENTION|REMIT\s*TO|PAY\s*TO|STATION|SALESPERSON|ACCOUNT\s*EXECUTIVE|BILLING\s*CONTACT)\s*:?"
        + @"|(?:(?:INVOICE|BILLING|HOTEL|CUSTOMER|CLIENT|ACCOUNT|PAYMENT|BOOKING|ORDER|SHIPPING|DELIVERY|CONTACT|COMPANY|GUEST|STAY|TAX)\s*)*(?:DETAILS|SUMMARY|INFORMATION|INFO|OVERVIEW)\s*:?"
        + @"|PAGE|SEITE|ORDERS?|DUPLICATE|TRIPLICATE|ORIGINAL|COPY|REPRINT|CONTRACTS?|PROPERTY|TERMS|ISSUE|(?:TAX\s*)?INVOICES?|RECHNUNG|FACTURE|FACTUUR|FACTURA|FATTURA|FAKTURA(?:\s*VAT)?|GUTSCHRIFT|CREDIT\s*NOTE|AVOIR|QUITTUNG|RECHNUNGSKORREKTUR"
        + @"|GERMANY|DEUTSCHLAND|FRANCE|UNITED\s*STATES(?:\s*OF\s*AMERICA)?|USA|UNITED\s*KINGDOM|UK|NETHERLANDS|NEDERLAND|AUSTRIA|ÖSTERREICH|SWITZERLAND|SCHWEIZ|SUISSE|BELGIUM|BELGIQUE|BELGIË|IRELAND|SPAIN|ESPAÑA|ITALY|ITALIA|POLAND|POLSKA|LUXEMBOURG|DENMARK|SWEDEN|NORWAY|FINLAND|PORTUGAL|CANADA|AUSTRALIA|INDIA|SINGAPORE|MALAYSIA)\W*$",
        RegexOptions.IgnoreCase)]
    private static partial Regex NeverANameRegex();

    internal const double BracketedLineFactor = 0.2;

    // An e-mail or web address alone on its line ("smaystone4@fake.com", "www.example.com"): how to reach a party, not its name.
    [GeneratedRegex(@"^\W*(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://|www\.)\S+)\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex ContactOnlyRegex();
}
