using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Files;
using InvoiceScanner.SampleInvoices;

namespace InvoiceScanner.Ocr.Tests.Support;

/// <summary>
/// Tests of <see cref="LocalOcrEngine"/>'s optional tools pipeline (<see cref="OcrPipeline.Tools"/>) with the real tools:
/// they must be installed, and each test gets its own temp root so it can check the engine left nothing behind.
/// </summary>
public abstract class OcrEngineTestBase : IDisposable
{
    protected OcrEngineTestBase()
    {
        Tools.Require("pdfinfo");
        Tools.Require("pdftotext");
        Tools.Require("pdftoppm");
        Tools.Require("tesseract");
    }

    protected TempFolder Temp { get; } = new();

    public void Dispose()
    {
        Temp.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The options every engine of the test starts from.</summary>
    protected virtual LocalOcrOptions Defaults => new() { TempDirectory = Temp.Path, Pipeline = OcrPipeline.Tools };

    protected LocalOcrEngine Engine(Func<LocalOcrOptions, LocalOcrOptions>? configure = null) =>
        new((configure ?? (o => o))(Defaults));

    /// <summary>
    /// Renders a one-page sample to a PNG at 200 dpi and reads it with <see cref="Engine"/>: one page, as wide as the PNG
    /// (its IHDR width), not from a text layer.
    /// </summary>
    protected async Task<OcrDocument> ReadPngRenderingAsync(SampleInvoice sample)
    {
        var png = await SampleInvoiceImages.RenderPngAsync(sample.RenderPdf(), 200, Token);

        var document = await Engine().RecognizeAsync(TestFiles.Input(png, DocumentKind.Png), Token);

        Assert.False(document.FromTextLayer);
        var page = Assert.Single(document.Pages);
        Assert.Equal(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(16)), page.Width);
        return document;
    }

    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<string> OnePageSamples => new(SampleInvoiceCatalog.All.Where(s => s.Expected.PageCount == 1).Select(s => s.Name));
}
