using System.Globalization;
using System.Text.RegularExpressions;

namespace InvoiceScanner.Core.Extraction;

/// <summary>
/// The due date payment terms give where no due date is stated: an e-invoice's terms (BT-20) where it leaves BT-9 empty —
/// EN 16931 asks for one of the two when an amount is due (BR-CO-25), and many producers write the sentence they print:
/// "Zahlbar innerhalb 30 Tagen netto bis 04.07.2018, 3% Skonto innerhalb 10 Tagen bis 15.06.2018" —, or the value a page
/// prints after its terms label ("Terms: Net 30"). The date a net payment runs to is taken as written; "within 30 days"
/// counts from the invoice date; "payable immediately" is the invoice date. An early-payment discount's clause (Skonto,
/// escompte, cash discount) never gives the due date, and terms whose net clauses give different dates give none. The
/// value is marked <see cref="DerivedFlag"/>: nothing stated it as the due date, so it is not compared as one.
/// </summary>
public static partial class PaymentTermsDueDate
{
    public const string DerivedFlag = "DERIVED_FROM_PAYMENT_TERMS";

    private const double StatedConfidence = 0.95;
    private const double CountedConfidence = 0.9;

    /// <summary>Farther out than this from the invoice date a "due date" is some other date in the sentence.</summary>
    private const int MaxDays = 366 * 2;

    private const RegexOptions Opt = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    // Clauses: commas, semicolons and sentence ends (a full stop before a space; a date's dots are not followed by one).
    [GeneratedRegex(@"[,;\n]|\.\s", Opt)]
    private static partial Regex ClauseBreakRegex();

    // An early-payment discount ("3% Skonto innerhalb 10 Tagen bis", "2 % escompte pour paiement avant le", "discount if
    // paid by"): its date is neither the due date nor the invoice's. One lexicon for the XML's terms and the page's labels.
    [GeneratedRegex(@"SKONTO|ESCOMPTE|\bSCONTO\b|\b(?:CASH|EARLY[\s-]*PAYMENT|PROMPT[\s-]*PAYMENT)\s+DISCOUNT|\bDISCOUNT\b[^,;]{0,30}\bIF\s+PAID|BETALINGSKORTING|DESCUENTO\s+POR\s+PRONTO|DESCONTO", Opt)]
    private static partial Regex EarlyPaymentRegex();

    /// <summary>Whether a clause speaks of an early-payment discount (Skonto, escompte, cash discount, desconto).</summary>
    public static bool IsEarlyPaymentClause(string clause) => EarlyPaymentRegex().IsMatch(clause);

    // The clause speaks of paying the invoice (not of a delivery, an order or a contract's date).
    [GeneratedRegex(@"\bNETTO\b|OHNE\s+ABZUG|\bZAHLBAR|F[ÄA]LLIG|\bPAYABLE\b|\bDUE\b|\bNET\b|\bPAY(?:MENT)?\b|[ÀA]\s+(?:PAYER|R[ÉE]GLER)|[ÉE]CH[ÉE]ANCE|\bPAIEMENT|TE\s+BETALEN|BETAALBAAR|\bVERVAL|DA\s+PAGARE|\bPAGAMENTO|SCADENZA|VENCIMIENTO|\bA\s+PAGAR|\bPAGO\b", Opt)]
    private static partial Regex PaymentRegex();

    // Numeric dates, day first unless the caller knows the document writes the month first, and ISO dates.
    [GeneratedRegex(@"(?<!\d)(?:(?<d>\d{1,2})[./-](?<m>\d{1,2})[./-](?<y>\d{4}|\d{2})|(?<iy>\d{4})-(?<im>\d{2})-(?<id>\d{2}))(?!\d)", Opt)]
    private static partial Regex DateRegex();

    [GeneratedRegex(@"(?<!\d)(?<n>\d{1,3})\s*(?:TAGE?N?|DAYS?|JOURS?|DAGEN|GIORNI|D[ÍI]AS)\b|\bNET(?:TO)?\s+(?<n>\d{1,3})\b", Opt)]
    private static partial Regex DaysRegex();

    [GeneratedRegex(@"\bSOFORT\b|\bIMMEDIATE(?:LY)?\b|\b(?:UPON|ON)\s+RECEIPT|\b(?:[ÀA]|D[ÈE]S)\s+R[ÉE]CEPTION|\bCOMPTANT\b|\bONMIDDELLIJK|\bA\s+VISTA\b|\bAL\s+CONTADO\b|\bIMMEDIAT[OA]\b", Opt)]
    private static partial Regex ImmediateRegex();

    /// <summary>The due date the terms give, or null when they give none, or several.</summary>
    /// <param name="labelled">
    /// The text is only the terms (a page's value after "Terms:"), so a clause need not speak of paying; an e-invoice's
    /// BT-20 may carry other sentences too (how the amount is collected, what was delivered), so there it must.
    /// </param>
    /// <param name="monthFirst">The document writes dates month first (a page read as such); an e-invoice's sentence is European.</param>
    public static Field<DateOnly>? Derive(Field<string>? terms, Field<DateOnly>? invoiceDate, bool labelled = false, bool monthFirst = false)
    {
        if (terms?.Value is not { Length: > 0 } text)
            return null;
        var found = new List<(DateOnly Date, string How, bool Counted)>();
        foreach (var clause in ClauseBreakRegex().Split(text))
        {
            if (IsEarlyPaymentClause(clause) || !labelled && !PaymentRegex().IsMatch(clause))
                continue;
            if (Read(clause, invoiceDate?.Value, monthFirst) is { } due)
                found.Add(due);
        }
        if (found.Select(f => f.Date).Distinct().Count() != 1)
            return null;
        var (date, how, counted) = found[0];
        if (invoiceDate is { } issued && (date < issued.Value || date.DayNumber - issued.Value.DayNumber > MaxDays))
            return null;
        // As sure as what it was worked out from: the terms' reading and, counted from it, the invoice date's.
        var confidence = counted ? CountedConfidence * Math.Min(terms.Confidence, invoiceDate!.Confidence) : StatedConfidence * terms.Confidence;
        var where = labelled ? "the document states no due date; its payment terms" : "the XML states no due date (BT-9); its payment terms (BT-20)";
        return new Field<DateOnly>(date, text, Math.Round(confidence, 3), terms.Evidence)
        {
            Trace = [.. terms.Trace, $"{where} '{text}' {how}"],
            Flags = [DerivedFlag],
        };
    }

    /// <summary>The date one net clause gives: a date written in it, else a number of days from the invoice date, else "at once".</summary>
    private static (DateOnly Date, string How, bool Counted)? Read(string clause, DateOnly? issued, bool monthFirst)
    {
        if (DateRegex().Match(clause) is { Success: true } written)
            return Date(written, monthFirst) is { } date ? (date, $"name {written.Value} as the date the payment runs to", false) : null;
        if (issued is not { } from)
            return null;
        if (DaysRegex().Match(clause) is { Success: true } days && int.TryParse(days.Groups["n"].Value, CultureInfo.InvariantCulture, out var n))
            return (from.AddDays(n), $"give {n} days from the invoice date {from:yyyy-MM-dd}", true);
        return ImmediateRegex().IsMatch(clause) ? (from, "ask payment at once: due on the invoice date", true) : null;
    }

    private static DateOnly? Date(Match m, bool monthFirst)
    {
        var iso = m.Groups["iy"].Success;
        var year = int.Parse(iso ? m.Groups["iy"].Value : m.Groups["y"].Value, CultureInfo.InvariantCulture);
        if (year < 100)
            year += 2000;
        var (first, second) = (m.Groups["d"].Value, m.Groups["m"].Value);
        if (monthFirst)
            (first, second) = (second, first);
        var month = int.Parse(iso ? m.Groups["im"].Value : second, CultureInfo.InvariantCulture);
        var day = int.Parse(iso ? m.Groups["id"].Value : first, CultureInfo.InvariantCulture);
        return month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month) ? new DateOnly(year, month, day) : null;
    }
}
