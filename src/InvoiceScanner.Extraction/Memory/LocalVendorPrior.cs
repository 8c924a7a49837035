using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Memory;

namespace InvoiceScanner.Extraction.Memory;

/// <summary>The <see cref="IVendorPrior"/> port served by <see cref="VendorPrior"/>.</summary>
public sealed class LocalVendorPrior : IVendorPrior
{
    public ExtractionResult Apply(OcrDocument document, ExtractionResult draft, VendorMemory memory, OcrDocument? remembered, ExtractionOptions options) =>
        VendorPrior.Apply(document, draft, memory, remembered, options);
}
