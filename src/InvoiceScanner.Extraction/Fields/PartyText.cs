using System.Text.RegularExpressions;

namespace InvoiceScanner.Extraction.Fields;

/// <summary>Text tests shared by the vendor/address rules and the line classifier's features.</summary>
public static partial class PartyText
{
    [GeneratedRegex(@"\b(SDN\.?\s*BHD\.?|SDN|BHD\.?|S/B|BERHAD|ENTERPRISE|ENTERPRISES|TRADING|LTD\.?|LIMITED|INC\.?|LLC|L\.L\.C|GMBH|AG|B\.?V\.?|N\.?V\.?|S\.?A\.?S?|SARL|S\.?R\.?L\.?|S\.?P\.?A\.?|SP\.?\s*Z\s*O\.?\s*O\.?|PLC|PTY|PTE|CORP\.?|CORPORATION|COMPANY|CO\.|& CO|HOLDINGS|GROUP|RESTAURANT|RESTORAN|CAFE|CAFÉ|KAFE|BAKERY|MART|MINIMARKET|SUPERMARKET|HYPERMARKET|STORE|STORES|SHOP|HARDWARE|PHARMACY|FARMASI|STATIONERY|BOOKSTORE|KEDAI|SYARIKAT|PERNIAGAAN|HOTEL|MOTEL|STATION|MACHINERY|ELECTRICAL|AUTO|MOTOR|KITCHEN|FOOD|FOODS|BISTRO|CATERING|TEA|COFFEE|GALLERY|SPA|CLINIC|MEDICAL|SERVICES?|SOLUTIONS?|INDUSTRIES|MARKETING|SUPPLY|SUPPLIES|WHOLESALE|RETAIL|OUTLET|CENTRE|CENTER)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CompanyWordRegex();

    [GeneratedRegex(@"\b(JALAN|JLN|LORONG|LRG|TAMAN|TMN|LOT|NO\.?|BLOK|BLK|BLOCK|PERSIARAN|LEBUH|KAMPUNG|KG|BANDAR|BDR|KAWASAN|PERINDUSTRIAN|PUSAT|KOMPLEKS|PLAZA|WISMA|MENARA|ARAS|TINGKAT|LEVEL|FLOOR|FLR|UNIT|SUITE|STREET|ST\.?|ROAD|RD\.?|AVENUE|AVE\.?|BOULEVARD|BLVD|LANE|DRIVE|DR\.?|HIGHWAY|WAY|STRASSE|STRAßE|STR\.?|WEG|PLATZ|RUE|AVENUE|BOULEVARD|CHEMIN|PLACE|CALLE|VIA|ULICA|UL\.?|ALEJA|STRAAT|LAAN|PLEIN|GRACHT|BUILDING|BLDG|CITY|INDUSTRIAL|PARK|SQUARE|MALL|CEDEX|P\.?O\.?\s*BOX)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AddressWordRegex();

    [GeneratedRegex(@"(?<!\d)\d{5}(?!\d)|\b\d{4}\s?[A-Z]{2}\b|\b[A-Z]{1,2}\d{1,2}[A-Z]?\s\d[A-Z]{2}\b|\b\d{2}-\d{3}\b")]
    private static partial Regex PostcodeRegex();

    [GeneratedRegex(@"\b(TEL|FAX|PHONE|H/P|HP|MOBILE|EMAIL|E-MAIL|WEBSITE|WWW|HTTP|GST|VAT|SST|REG\.?\s*NO|ROC|CO\.?\s*REG|COMPANY\s*NO|TAX\s*INVOICE|INVOICE|RECEIPT|CASH\s*BILL|CASHIER|DATE|TIME|TABLE|BILL\s*NO|DOC\s*NO|ORDER|SALES|MEMBER|COUNTER|POS|TERMINAL|SLIP)\b|@|\.COM\b", RegexOptions.IgnoreCase)]
    private static partial Regex StopWordRegex();

    // Company registration numbers printed beside names: "(519537-X)", "1110644-W", "(CO. REG. NO. 123456-A)".
    [GeneratedRegex(@"\s*[\(\[]?\s*(?:(?:CO(?:MPANY)?\.?|REG(?:ISTRATION)?\.?|ROC|NO\.?|:)\s*)*\b\d{3,12}\s?-\s?[A-Z]\b\s*[\)\]]?[\s,.;]*(?:\([A-Z]{1,6}\))?[\s,.;]*$|\s*\(\s*\d{4,8}\s?-?\s?[A-Z]\s*\)\s*$|\s*\((?:CO\.?\s*REG|ROC|CO\.?\s*NO|COMPANY)[^)]*\)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex RegistrationSuffixRegex();

    [GeneratedRegex(@"^\s*[\(\[]?\s*(?:(?:CO(?:MPANY)?\.?|REG(?:ISTRATION)?\.?|ROC|NO\.?|:)\s*)*[A-Z]{0,2}\d{3,12}\s?-?\s?[A-Z]?\s*[\)\]]?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex RegistrationOnlyRegex();

    // Tax / company registration lines ("GST REG NO : 0010...", "CO. REG: 1234-X", "(GST ID: ...)"): receipts print
    // them between the name and the address, so unlike other stop lines they do not end the header block.
    [GeneratedRegex(@"\b(GST|VAT|SST|TAX)\s*(REG(ISTRATION)?\.?\s*)?(ID|NO|NUMBER|NR|#)|\bREG(ISTRATION)?\.?\s*(NO|ID)|\bROC\b|\bCO(MPANY)?[\s.\-]*(REG|NO)\b|\bBUSINESS\s*REG|\bTAX\s*REG", RegexOptions.IgnoreCase)]
    private static partial Regex TaxIdLineRegex();

    public static bool IsTaxIdLine(string text) => TaxIdLineRegex().IsMatch(text) || IsRegistrationOnly(text);

    public static bool HasCompanyWord(string text) => CompanyWordRegex().IsMatch(text);

    /// <summary>
    /// True when every word of the line (numbers aside) is a generic business word or legal form ("RESTAURANT SDN BHD",
    /// "BAKERY"): such a line names no one by itself and is the tail of a name printed on the lines above.
    /// </summary>
    public static bool IsGenericNameOnly(string text)
    {
        var words = StripRegistration(text.Trim()).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Trim(',', '.', '(', ')', ':', ';')).Where(w => w.Length > 0 && !w.Any(char.IsDigit) && w != "&").ToList();
        if (words.Count == 0)
            return false;
        var rest = CompanyWordRegex().Replace(string.Join(' ', words), " ");
        return !rest.Any(char.IsLetter);
    }

    // Street words proper (not areas, buildings or units): a line naming a street is part of the address.
    [GeneratedRegex(@"\b(JALAN|JLN|LORONG|LRG|PERSIARAN|LEBUH|LEBUHRAYA|LINTANG|STREET|ST|ROAD|RD|AVENUE|AVE|BOULEVARD|BLVD|LANE|DRIVE|HIGHWAY|STRASSE|STRAßE|RUE|CALLE|STRAAT)\b", RegexOptions.IgnoreCase)]
    private static partial Regex StreetWordRegex();

    // The premises number an address line starts with: "NO.12A,", "NO 15", "30,", "LOT F/L2.4", "G-26", "F-G-01", "UNIT 3".
    [GeneratedRegex(@"^\W*(?:(?:NO|LOT|UNIT|BLO?K|BLOCK|SUITE|PT|PTD)\b\.?\s*:?\s*)?[A-Z]{0,2}[\-./]?(?:[A-Z][\-./])?[A-Z]?\d", RegexOptions.IgnoreCase)]
    private static partial Regex PremisesNumberRegex();

    public static bool HasStreetWord(string text) => StreetWordRegex().IsMatch(text);
    public static bool StartsWithPremisesNumber(string text) => PremisesNumberRegex().IsMatch(text);

    public static int AddressWordCount(string text) => AddressWordRegex().Matches(text).Count;
    public static bool HasPostcode(string text) => PostcodeRegex().IsMatch(text);
    public static bool HasStopWord(string text) => StopWordRegex().IsMatch(text);
    public static bool IsRegistrationOnly(string text) => RegistrationOnlyRegex().IsMatch(text);

    /// <summary>The name without a trailing registration number ("99 SPEED MART S/B (519537-X)" → "99 SPEED MART S/B").</summary>
    /// <summary>
    /// Drops what OCR makes of a margin, a fold or a logo edge in front of a line: a lone mark such as "|", ";", "»",
    /// "—" or "." followed by a space ("| HON HWA HARDWARE", "; NO.113G &amp; 115G, ..."). Only marks that never start a
    /// name or an address are dropped; brackets, quotes, "#", "&amp;" and digits stay.
    /// </summary>
    public static string TrimOcrMargin(string text) => OcrMarginRegex().Replace(text, "");

    [GeneratedRegex(@"^(?:[|;:.,»«~_=*•·—–\-‘’`'´]{1,3}\s+)+")]
    private static partial Regex OcrMarginRegex();

    public static string StripRegistration(string text)
    {
        var stripped = RegistrationSuffixRegex().Replace(text, "").TrimEnd();
        return stripped.Length >= 3 ? stripped : text;
    }
}
