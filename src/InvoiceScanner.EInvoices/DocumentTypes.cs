namespace InvoiceScanner.EInvoices;

/// <summary>
/// The kind of an e-invoice in words, from its UNTDID 1001 document type code (BT-3): what EN 16931 and its CIUS
/// (XRechnung, Peppol, Factur-X) allow, and a few older codes ZUGFeRD 1.0 documents carry.
/// </summary>
internal static class DocumentTypes
{
    public const string Invoice = "invoice";
    public const string CreditNote = "credit-note";
    public const string Corrective = "corrective";
    public const string Prepayment = "prepayment";
    public const string SelfBilled = "self-billed";
    public const string SelfBilledCreditNote = "self-billed-credit-note";
    public const string Partial = "partial";
    public const string PartialFinal = "partial-final";
    public const string Final = "final";
    public const string DebitNote = "debit-note";
    public const string Proforma = "proforma";
    public const string Other = "other";

    public static string Describe(string code) => code switch
    {
        // Commercial invoice; invoice information for accounting purposes (751, XRechnung); metered services, consolidated,
        // hire, tax, delcredere, factored, lease, consignment, insurer's, forwarder's, freight and customs invoices.
        "380" or "751" or "82" or "385" or "387" or "388" or "390" or "393" or "394" or "395" or "575" or "623" or "780" or "935" => Invoice,
        // Credit note; related to goods or services (81) or to financial adjustments (83); consolidated, delcredere,
        // factored and forwarder's credit notes.
        "381" or "81" or "83" or "262" or "308" or "396" or "532" => CreditNote,
        "384" => Corrective,
        "386" => Prepayment,
        "389" => SelfBilled,
        "261" => SelfBilledCreditNote,
        // Partial invoice; partial construction invoice (Abschlagsrechnung).
        "326" or "875" => Partial,
        // Partial final construction invoice (Teilschlussrechnung).
        "876" => PartialFinal,
        // Final construction invoice (Schlussrechnung).
        "877" => Final,
        // Debit notes: related to goods or services (80), to financial adjustments (84), debit note (383), self-billed (527).
        "80" or "84" or "383" or "527" => DebitNote,
        "325" => Proforma,
        _ => Other,
    };
}
