using InvoiceScanner.Core.Documents;

namespace InvoiceScanner.Ocr.Neural;

/// <summary>
/// Which accented Latin-script language a page is written in, told from its common words as PP-OCR read them (without
/// accents: its alphabet lacks most of them). Used to pick the tesseract language that reads the page's accents.
/// </summary>
internal static class PageLanguage
{
    /// <summary>
    /// Frequent function words and invoice words of each language, accents dropped, lower case. Words that are also
    /// common in English or Malay, or in e-mail and web addresses ("com", "per", "via", "data"), are left out.
    /// </summary>
    private static readonly (string Tesseract, HashSet<string> Words)[] Accented =
    [
        ("fra", ["le", "la", "les", "des", "du", "de", "et", "pour", "avec", "sur", "par", "une", "au", "aux", "facture", "tva",
            "ttc", "ht", "echeance", "montant", "reglement", "rue", "paiement", "numero", "prix", "quantite", "siret", "siren"]),
        ("deu", ["der", "die", "das", "und", "mit", "fur", "von", "zu", "im", "am", "rechnung", "mwst", "ust", "betrag", "summe",
            "gesamt", "datum", "strasse", "str", "nr", "netto", "brutto", "zahlbar", "bis", "steuernummer", "menge", "preis",
            "einzelpreis", "kunde", "kundennummer", "rechnungsnummer", "bankverbindung", "gmbh"]),
        ("spa", ["el", "la", "los", "las", "del", "de", "y", "para", "con", "por", "una", "factura", "iva", "importe", "fecha",
            "calle", "pago", "cliente", "cantidad", "precio", "nif", "cif"]),
        ("ita", ["il", "gli", "di", "del", "della", "delle", "dei", "con", "una", "fattura", "importo", "totale", "pagamento",
            "quantita", "prezzo", "partita", "scadenza", "spett"]),
        ("por", ["os", "as", "do", "da", "dos", "das", "de", "em", "para", "uma", "fatura", "valor", "rua", "pagamento", "nif",
            "quantidade", "preco", "contribuinte"]),
        ("nld", ["de", "het", "een", "en", "van", "voor", "met", "factuur", "btw", "bedrag", "datum", "straat", "totaal",
            "betaling", "aantal", "prijs", "klant"]),
    ];

    /// <summary>Common words of languages written without accents (English, Malay): a page that has more of these is left alone.</summary>
    private static readonly HashSet<string> Plain =
    [
        "the", "and", "of", "to", "for", "with", "from", "by", "invoice", "total", "amount", "payment", "please", "thank", "you",
        "your", "our", "is", "are", "tax", "due", "bill", "receipt", "price", "qty", "item", "dan", "di", "terima", "kasih",
        "jalan", "taman", "harga", "jumlah", "barang", "cukai", "bandar",
    ];

    /// <summary>How many times one word may count: a heading repeated down the page is still one piece of evidence.</summary>
    private const int MaxCountPerWord = 3;

    /// <summary>Fewer matching words than this is too little to tell a language by.</summary>
    internal const int MinWords = 4;

    /// <summary>
    /// The tesseract code ("fra", "deu", "spa", "ita", "por", "nld") of the language with the most of its words on the
    /// lines, when it has at least <see cref="MinWords"/>, more than the runner-up and more than English and Malay; else null.
    /// </summary>
    public static string? Guess(IEnumerable<string> lines)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in lines)
            foreach (var run in LatinLetters.LetterRuns(line))
            {
                var word = LatinLetters.Fold(run).ToLowerInvariant();  // as the lists are written: "Tél." is "tel"
                counts[word] = counts.GetValueOrDefault(word) + 1;
            }

        int Score(HashSet<string> words) => counts.Where(c => words.Contains(c.Key)).Sum(c => Math.Min(c.Value, MaxCountPerWord));
        var ranked = Accented.Select(l => (l.Tesseract, Score: Score(l.Words))).OrderByDescending(l => l.Score).ToList();
        var (best, runnerUp) = (ranked[0], ranked[1]);
        return best.Score >= MinWords && best.Score > runnerUp.Score && best.Score > Score(Plain) ? best.Tesseract : null;
    }

    public static string? Guess(OcrPage page) => Guess(page.Lines.Select(l => l.Text));
}
