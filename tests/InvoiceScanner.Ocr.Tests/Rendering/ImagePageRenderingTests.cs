using BitMiracle.LibTiff.Classic;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Ocr.Rendering;
using InvoiceScanner.Ocr.Tests.Imaging.Decoding;
using SkiaSharp;
using static InvoiceScanner.Ocr.Tests.Rendering.RenderedPictures;

namespace InvoiceScanner.Ocr.Tests.Rendering;

public sealed class ImagePageRenderingTests
{
    [Fact]
    public async Task A_large_png_is_scaled_down_to_the_long_side_keeping_what_it_shows()
    {
        var scene = new TestScene(2400, 3000, new SKRectI(400, 500, 1600, 900));

        var page = Assert.Single(await RenderAllAsync(scene.Png(), DocumentKind.Png));

        Assert.Equal((1, 1280, 1600), (page.Number, page.Width, page.Height));
        scene.AssertShownIn(Decode(page).ToGray());
    }

    [Fact]
    public async Task A_small_image_is_never_upscaled()
    {
        var scene = new TestScene(300, 200, new SKRectI(20, 20, 120, 80));

        var page = Assert.Single(await RenderAllAsync(scene.Png(), DocumentKind.Png));

        Assert.Equal((300, 200), (page.Width, page.Height));
        scene.AssertShownIn(Decode(page).ToGray(), margin: 1);
    }

    [Fact]
    public async Task A_photo_is_drawn_upright_as_its_exif_orientation_says()
    {
        // Stored landscape, shown turned a quarter clockwise (orientation 6): the page a reader sees is portrait.
        var scene = new TestScene(4000, 3000, new SKRectI(0, 0, 2000, 3000));
        var jpeg = JpegTestFiles.WithExifOrientation(scene.Jpeg(), 6);

        var page = Assert.Single(await RenderAllAsync(jpeg, DocumentKind.Jpeg));

        Assert.Equal((1200, 1600), (page.Width, page.Height));
        var picture = Decode(page);
        // The stored left half (ink) is the top half once turned clockwise.
        Assert.True(picture.In(new(0.05, 0.05, 0.9, 0.4)).Mean < 40, "the top half is the ink");
        picture.AssertBlank(new(0.05, 0.55, 0.9, 0.4), "the bottom half");
    }

    [Fact]
    public async Task Each_frame_of_a_tiff_is_a_page_up_to_the_limit()
    {
        var scenes = new[]
        {
            new TestScene(800, 1000, new SKRectI(100, 100, 400, 300)),
            new TestScene(1000, 800, new SKRectI(500, 400, 900, 700)),
            new TestScene(800, 1000, new SKRectI(100, 600, 700, 900)),
        };
        var tiff = TiffTestFiles.Write([.. scenes.Select(s => TiffTestFiles.Grey(s, 8, Compression.LZW))]);

        var all = await RenderAllAsync(tiff, DocumentKind.Tiff);
        var limited = await RenderAllAsync(tiff, DocumentKind.Tiff, new LocalOcrOptions { MaxPages = 2 });

        Assert.Equal([1, 2, 3], all.Select(p => p.Number));
        Assert.Equal([(800, 1000), (1000, 800), (800, 1000)], all.Select(p => (p.Width, p.Height)));
        for (var i = 0; i < scenes.Length; i++) scenes[i].AssertShownIn(Decode(all[i]).ToGray(), margin: 1);
        Assert.Equal([1, 2], limited.Select(p => p.Number));
    }

    [Theory]
    [InlineData(DocumentKind.Png)]
    [InlineData(DocumentKind.Jpeg)]
    [InlineData(DocumentKind.Tiff)]
    public async Task An_image_that_cannot_be_decoded_is_rejected_as_the_ocr_rejects_it(DocumentKind kind)
    {
        var scene = new TestScene(200, 100, new SKRectI(10, 10, 50, 50));
        var valid = kind switch
        {
            DocumentKind.Png => scene.Png(),
            DocumentKind.Jpeg => scene.Jpeg(),
            _ => TiffTestFiles.Write(TiffTestFiles.Grey(scene, 8, Compression.NONE)),
        };
        // The signature survives, the rest is cut short.
        var broken = valid[..Math.Min(valid.Length, 24)];

        var rejected = await Assert.ThrowsAsync<DocumentRejectedException>(() => RenderAllAsync(broken, kind));

        Assert.Equal(ErrorCodes.UnreadableImage, rejected.Code);
    }

    [Fact]
    public async Task A_document_without_pages_is_rejected_when_its_pages_are_asked_for()
    {
        var rejected = await Assert.ThrowsAsync<DocumentRejectedException>(() => RenderAllAsync("<Invoice/>"u8.ToArray(), DocumentKind.Xml));

        Assert.Equal(ErrorCodes.UnsupportedType, rejected.Code);
    }

    [Fact]
    public async Task A_cancelled_render_draws_nothing()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();
        var scene = new TestScene(200, 100, new SKRectI(10, 10, 50, 50));

        var renderer = new PageImageRenderer(new LocalOcrOptions());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var page in renderer.RenderAsync(scene.Png(), DocumentKind.Png, cancellation.Token)) Assert.Fail($"page {page.Number} was drawn");
        });
    }
}
