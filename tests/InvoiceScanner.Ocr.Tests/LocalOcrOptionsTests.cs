namespace InvoiceScanner.Ocr.Tests;

public sealed class LocalOcrOptionsTests
{
    [Fact]
    public void Defaults_are_the_measured_choices()
    {
        var options = new LocalOcrOptions();

        Assert.Equal(50, options.MaxPages);
        Assert.Equal(300, options.RasterDpi);
        Assert.Equal(6, options.PageSegmentationMode);
        Assert.Equal("eng", options.Language);
        Assert.Equal(Environment.ProcessorCount, options.MaxParallelPages);
        Assert.Equal(Path.GetTempPath(), options.TempDirectory);
        Assert.Null(options.TesseractPath);
        Assert.Null(options.ImageConverterPath);
        Assert.Equal(15, options.MinCharacterHeight);
        Assert.Equal(3, options.MaxUpscale);
        Assert.Equal(ImageOcrEngine.Auto, options.ImageEngine);
        Assert.Null(options.PpOcrModelDirectory);
        Assert.Equal(["/opt/share/ppocr", Path.Combine(AppContext.BaseDirectory, "ppocr")], LocalOcrOptions.DefaultPpOcrModelDirectories);
    }

    [Theory]
    [InlineData("auto", ImageOcrEngine.Auto)]
    [InlineData("PPOCR", ImageOcrEngine.PpOcr)]
    [InlineData(" tesseract ", ImageOcrEngine.Tesseract)]
    public void Reads_the_image_engine_and_the_model_folder(string value, ImageOcrEngine expected)
    {
        var variables = new Dictionary<string, string> { ["OCR_IMAGE_ENGINE"] = value, ["OCR_PPOCR_MODEL_DIR"] = "/opt/share/models", ["OCR_PPOCR_THREADS"] = "1", ["OCR_CURRENCY_SIGN_CHECK"] = "0", ["OCR_ACCENT_CHECK"] = "0" };

        var options = LocalOcrOptions.FromEnvironment(name => variables.GetValueOrDefault(name));

        Assert.Equal((expected, "/opt/share/models", 1, false, false), (options.ImageEngine, options.PpOcrModelDirectory, options.PpOcrThreads, options.CurrencySignCheck, options.AccentCheck));
        Assert.True(new LocalOcrOptions().CurrencySignCheck);
        Assert.True(new LocalOcrOptions().AccentCheck);
    }

    [Theory]
    [InlineData(null, true, null)]
    [InlineData("on", true, null)]
    [InlineData("OFF", false, null)]
    [InlineData("/opt/share/my-invoices.lm", true, "/opt/share/my-invoices.lm")]
    public void Reads_whether_and_with_which_language_model_ppocr_decodes(string? value, bool enabled, string? path)
    {
        var options = LocalOcrOptions.FromEnvironment(name => name == "OCR_LANGUAGE_MODEL" ? value : null);

        Assert.Equal((enabled, path), (options.LanguageModel, options.LanguageModelPath));
    }

    [Fact]
    public void An_unknown_image_engine_fails_at_start_up_naming_the_choices()
    {
        var error = Assert.Throws<InvalidOperationException>(() => LocalOcrOptions.FromEnvironment(n => n == "OCR_IMAGE_ENGINE" ? "paddle" : null));

        Assert.Contains("auto, tesseract, ppocr", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LocalOcrEngine(new LocalOcrOptions { PpOcrThreads = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LocalOcrEngine(new LocalOcrOptions { ImageEngine = (ImageOcrEngine)7 }));
    }

    [Fact]
    public void Reads_overrides_from_environment_variables()
    {
        var variables = new Dictionary<string, string>
        {
            ["OCR_TESSERACT_PATH"] = "/opt/bin/tesseract",
            ["OCR_PDFTOTEXT_PATH"] = "/opt/bin/pdftotext",
            ["OCR_TESSDATA_DIR"] = "/opt/share/tessdata",
            ["OCR_MAX_PAGES"] = "10",
            ["OCR_RASTER_DPI"] = "200",
            ["OCR_LANGUAGE"] = "eng+deu",
            ["OCR_PSM"] = "3",
            ["OCR_MAX_PARALLEL_PAGES"] = "4",
            ["OCR_TOOL_TIMEOUT_SECONDS"] = "30",
            ["OCR_TEMP_DIR"] = "/mnt/scratch",
            ["OCR_MIN_TEXT_WORDS"] = "3",
            ["OCR_IMAGE_CONVERTER_PATH"] = "/opt/bin/gm",
            ["OCR_MIN_CHAR_HEIGHT"] = "0",
        };

        var options = LocalOcrOptions.FromEnvironment(name => variables.GetValueOrDefault(name));

        Assert.Equal("/opt/bin/tesseract", options.TesseractPath);
        Assert.Equal("/opt/bin/pdftotext", options.PdfToTextPath);
        Assert.Null(options.PdfToPpmPath);
        Assert.Equal("/opt/share/tessdata", options.TessDataDirectory);
        Assert.Equal((10, 200, "eng+deu", 3, 4), (options.MaxPages, options.RasterDpi, options.Language, options.PageSegmentationMode, options.MaxParallelPages));
        Assert.Equal(TimeSpan.FromSeconds(30), options.ToolTimeout);
        Assert.Equal("/mnt/scratch", options.TempDirectory);
        Assert.Equal(3, options.MinTextLayerWordsPerPage);
        Assert.Equal("/opt/bin/gm", options.ImageConverterPath);
        Assert.Equal(0, options.MinCharacterHeight);
    }

    [Fact]
    public void Unset_variables_keep_defaults_and_invalid_values_fail_fast()
    {
        Assert.Equal(new LocalOcrOptions(), LocalOcrOptions.FromEnvironment(_ => null));
        Assert.Equal(new LocalOcrOptions(), LocalOcrOptions.FromEnvironment(_ => ""));

        var error = Assert.Throws<InvalidOperationException>(() => LocalOcrOptions.FromEnvironment(n => n == "OCR_MAX_PAGES" ? "lots" : null));
        Assert.Contains("OCR_MAX_PAGES", error.Message);
        Assert.Throws<InvalidOperationException>(() => LocalOcrOptions.FromEnvironment(n => n == "OCR_RASTER_DPI" ? "5000" : null));
        Assert.Throws<InvalidOperationException>(() => LocalOcrOptions.FromEnvironment(n => n == "OCR_MIN_CHAR_HEIGHT" ? "-1" : null));
    }
}
