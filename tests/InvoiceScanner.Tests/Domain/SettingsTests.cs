using InvoiceScanner.Core.Configuration;

namespace InvoiceScanner.Tests.Domain;

public class SettingsTests
{
    private static Func<string, string?> Env(params (string Key, string Value)[] values)
    {
        var map = values.ToDictionary(v => v.Key, v => v.Value);
        return name => map.GetValueOrDefault(name);
    }

    [Fact]
    public void Reads_the_deployment_settings_with_defaults()
    {
        var settings = FunctionSettings.FromVariables(Env(("TABLE_NAME", "t"), ("BUCKET_NAME", "b"), ("AWS_REGION", "eu-west-1")));

        Assert.Equal(("t", "b", "eu-west-1"), (settings.TableName, settings.BucketName, settings.Region));
        Assert.Null(settings.S3Endpoint);
        Assert.Equal(10 * 1024 * 1024, settings.Processing.MaxUploadBytes);
        Assert.Equal(OcrEngineChoice.Local, settings.OcrEngine);
        Assert.Equal(StructuringChoice.Rules, settings.Structuring);
        Assert.Null(settings.Extraction.LocaleHint);
    }

    [Fact]
    public void Reads_overrides()
    {
        var settings = FunctionSettings.FromVariables(Env(("TABLE_NAME", "t"), ("BUCKET_NAME", "b"),
            ("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:4569"), ("MAX_UPLOAD_BYTES", "2048"), ("OCR_ENGINE", "textract"),
            ("LOCALE_HINT", "en-GB"), ("REVIEW_THRESHOLD", "0.65"), ("UPLOAD_URL_TTL_SECONDS", "300")));

        Assert.Equal(new Uri("http://127.0.0.1:4569"), settings.S3Endpoint);
        Assert.Equal(2048, settings.Processing.MaxUploadBytes);
        Assert.Equal(OcrEngineChoice.Textract, settings.OcrEngine);
        Assert.Equal("en-GB", settings.Extraction.LocaleHint);
        Assert.Equal(0.65, settings.Extraction.ReviewThreshold);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.Upload.UrlLifetime);
    }

    [Theory]
    [InlineData("TABLE_NAME", "")]
    [InlineData("MAX_UPLOAD_BYTES", "-1")]
    [InlineData("MAX_UPLOAD_BYTES", "lots")]
    [InlineData("OCR_ENGINE", "Magic")]
    [InlineData("REVIEW_THRESHOLD", "1.5")]
    [InlineData("AWS_ENDPOINT_URL_S3", "ftp://x")]
    [InlineData("STRUCTURING", "Bedrock")] // without BEDROCK_MODEL_ID
    public void Misconfiguration_fails_at_init_naming_the_variable(string name, string value)
    {
        var values = new Dictionary<string, string> { ["TABLE_NAME"] = "t", ["BUCKET_NAME"] = "b", [name] = value };
        var error = Assert.Throws<InvalidOperationException>(() => FunctionSettings.FromVariables(values.GetValueOrDefault));
        Assert.Contains(name == "STRUCTURING" ? "BEDROCK_MODEL_ID" : name, error.Message);
    }
}
