using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Geometry;
using UglyToad.PdfPig.Graphics.Operations;
using UglyToad.PdfPig.Outline.Destinations;
using UglyToad.PdfPig.Parser;
using UglyToad.PdfPig.Tokenization.Scanner;
using UglyToad.PdfPig.Tokens;

namespace InvoiceScanner.Ocr.Rendering;

/// <summary>
/// Makes PdfPig produce a <see cref="DisplayList"/> for a page instead of its <see cref="Page"/> (letters, paths,
/// images): registered with <c>AddPageFactory</c>, it reuses PdfPig's page tree, resources, crop box and rotation
/// handling and its content parser, and only the drawing side is ours.
/// </summary>
/// <remarks>
/// PdfPig calls this constructor by reflection; its AddPageFactory annotates the factory type with
/// DynamicallyAccessedMembers(PublicConstructors), so the trimmer keeps it (checked by a Native AOT publish).
/// </remarks>
internal sealed class DisplayListPageFactory(
    IPdfTokenScanner pdfScanner, IResourceStore resourceStore, ILookupFilterProvider filterProvider,
    IPageContentParser pageContentParser, ParsingOptions parsingOptions)
    : BasePageFactory<DisplayList>(pdfScanner, resourceStore, filterProvider, pageContentParser, parsingOptions)
{
    protected override DisplayList ProcessPage(
        int pageNumber, DictionaryToken dictionary, NamedDestinations namedDestinations, MediaBox mediaBox, CropBox cropBox,
        UserSpaceUnit userSpaceUnit, PageRotationDegrees rotation, TransformationMatrix initialMatrix,
        IReadOnlyList<IGraphicsStateOperation> operations)
    {
        var recorder = new DisplayListRecorder(
            pageNumber, ResourceStore, PdfScanner, PageContentParser, FilterProvider, cropBox, userSpaceUnit, rotation, initialMatrix, ParsingOptions);
        return recorder.Process(pageNumber, operations);
    }
}
