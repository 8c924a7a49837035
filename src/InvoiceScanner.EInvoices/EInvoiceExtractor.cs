using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Ports;

namespace InvoiceScanner.EInvoices;

/// <summary>
/// Reads what an upload's e-invoice says, exactly, and uses <paramref name="documents"/> for every other document.
/// A hybrid PDF's page, when it has a text layer, is also read by <paramref name="pages"/> (a local reader: no paid
/// engine is asked to read a page whose data the XML already gives) and compared with the XML.
/// </summary>
public sealed class EInvoiceExtractor(IInvoiceExtractor pages, IInvoiceExtractor documents) : IInvoiceExtractor
{
    /// <summary>A PDF attaches an e-invoice that cannot be read: its data comes from the page, which a person should check.</summary>
    public const string UnreadableCode = "EINVOICE_UNREADABLE";

    public async Task<ExtractionResult> ExtractAsync(OcrDocument document, ExtractionOptions options, CancellationToken cancellationToken)
    {
        if (document.EInvoice is not { } einvoice)
        {
            var read = await documents.ExtractAsync(document, options, cancellationToken);
            return document.UnreadableEInvoice is { } why
                ? read with { ReviewReasons = [.. read.ReviewReasons, new ReviewReason(UnreadableCode, why)] }
                : read;
        }

        var result = EInvoiceReader.Read(EInvoiceFinder.Load(einvoice));
        // Recognised text is too noisy to accuse the page of disagreeing; a text layer is what the producer printed.
        if (!document.FromTextLayer || document.Pages.Count == 0)
            return result;
        var page = await pages.ExtractAsync(document with { EInvoice = null }, options, cancellationToken);
        var mismatches = PageComparison.Compare(result.Fields, PrintedValues.Of(document), page.Fields, options.ReviewThreshold);
        return mismatches.Count == 0 ? result : result with { ReviewReasons = [.. result.ReviewReasons, .. mismatches] };
    }
}
