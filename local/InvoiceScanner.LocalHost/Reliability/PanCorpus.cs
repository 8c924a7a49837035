using System.Globalization;
using System.Text;

namespace InvoiceScanner.LocalHost.Reliability;

/// <summary>A receipt printing a card number: <see cref="Digits"/> must never come back through the API.</summary>
public sealed record PanReceipt(string Name, string Format, string Printed, string Digits, string Total, byte[] Content)
{
    public string ContentType { get; init; } = "application/pdf";

    /// <summary>How the card reaches the product: a text PDF, a picture of one (read by OCR), an e-invoice's XML.</summary>
    public string Medium { get; init; } = "text PDF";

    /// <summary>The reply shows the printed total: the text layer was read, so a reply without the card number means something.</summary>
    public bool ShowsTotal(string reply) =>
        reply.Contains(Total, StringComparison.Ordinal) || reply.Contains(Total.TrimEnd('0').TrimEnd('.'), StringComparison.Ordinal);
}

/// <summary>Text-layer receipts, each with a Luhn-valid card number in another format, from a seed.</summary>
public static class PanCorpus
{
    private static readonly (string Format, string Prefix, int Length, int[] Groups, char Separator)[] Formats =
    [
        ("16 digits", "4", 16, [16], ' '),
        ("4-4-4-4 spaces", "5", 16, [4, 4, 4, 4], ' '),
        ("4-4-4-4 dashes", "4", 16, [4, 4, 4, 4], '-'),
        ("Amex 4-6-5", "37", 15, [4, 6, 5], ' '),
        ("13 digits", "4", 13, [13], ' '),
        ("19 digits", "6", 19, [19], ' '),
        ("19 digits 4-4-4-4-3", "6", 19, [4, 4, 4, 4, 3], ' '),
        ("4.4.4.4 dots", "5", 16, [4, 4, 4, 4], '.'),
    ];

    public static IReadOnlyList<PanReceipt> Generate(int seed, int count)
    {
        var random = new Random(seed);
        var receipts = new List<PanReceipt>();
        for (var i = 0; i < count; i++)
        {
            var (format, prefix, length, groups, separator) = Formats[i % Formats.Length];
            var digits = LuhnNumber(random, prefix, length);
            var printed = Group(digits, groups, separator);
            var total = (10 + random.Next(0, 9000) / 100m).ToString("0.00", CultureInfo.InvariantCulture);
            var content = HostileFiles.TextPdf($"R-{i:D4}", decimal.Parse(total, CultureInfo.InvariantCulture),
                "Card payment receipt", $"Card: {printed}", "Auth code 0A1B2C");
            receipts.Add(new PanReceipt($"pan-receipt-{i:D2}.pdf", format, printed, digits, total, content));
        }
        return receipts;
    }

    /// <summary>
    /// The same receipts as pictures (PNG at 150 dpi, rendered by poppler's pdftoppm): the card number then comes from OCR.
    /// Null when pdftoppm is not installed.
    /// </summary>
    public static async Task<IReadOnlyList<PanReceipt>?> AsImagesAsync(IEnumerable<PanReceipt> receipts, CancellationToken cancellationToken)
    {
        if (Processes.ExecutableSearch.Find("pdftoppm") is null)
            return null;
        var images = new List<PanReceipt>();
        foreach (var receipt in receipts)
        {
            var png = await SampleInvoices.SampleInvoiceImages.RenderPngAsync(receipt.Content, 150, cancellationToken);
            images.Add(receipt with { Name = Path.ChangeExtension(receipt.Name, ".png"), Content = png, ContentType = "image/png", Medium = "PNG" });
        }
        return images;
    }

    /// <summary>CII e-invoices paid by card: the number in BT-87 (digits only) and quoted as printed in a note.</summary>
    public static IReadOnlyList<PanReceipt> AsEInvoices(IEnumerable<PanReceipt> receipts) =>
    [
        .. receipts.Select(r => r with
        {
            Name = Path.ChangeExtension(r.Name, ".xml"),
            Content = Encoding.UTF8.GetBytes(PanEInvoice.Cii(Path.GetFileNameWithoutExtension(r.Name), decimal.Parse(r.Total, CultureInfo.InvariantCulture), r.Digits, r.Printed)),
            ContentType = "application/xml",
            Medium = "CII XML",
        }),
    ];

    /// <summary>The Luhn check digit makes the number one a card scanner would flag.</summary>
    public static string LuhnNumber(Random random, string prefix, int length)
    {
        var body = prefix + string.Concat(Enumerable.Range(0, length - prefix.Length - 1).Select(_ => random.Next(0, 10)));
        return Enumerable.Range(0, 10).Select(check => body + (char)('0' + check)).First(IsLuhnValid);
    }

    public static bool IsLuhnValid(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var digit = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
                digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
            sum += digit;
        }
        return sum % 10 == 0;
    }

    /// <summary>The digits, ignoring the separators a reply may keep (spaces, dashes, dots) or escape.</summary>
    public static bool Shows(string text, string digits)
    {
        var squeezed = new StringBuilder(text.Length);
        foreach (var c in text.Replace("\\u0020", "", StringComparison.Ordinal))
        {
            if (c is not (' ' or '-' or '.' or '\u00a0'))
                squeezed.Append(c);
        }
        return squeezed.ToString().Contains(digits, StringComparison.Ordinal);
    }

    private static string Group(string digits, int[] groups, char separator)
    {
        var parts = new List<string>();
        var at = 0;
        foreach (var size in groups)
        {
            parts.Add(digits.Substring(at, size));
            at += size;
        }
        return string.Join(separator, parts);
    }
}
