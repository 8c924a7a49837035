using InvoiceScanner.Core.Configuration;

namespace InvoiceScanner.Tests.Domain;

/// <summary>The one configuration reader: defaults when unset, a named error when a value is wrong.</summary>
public class SettingsReaderTests
{
    private static SettingsReader Reader(params (string Name, string Value)[] variables) =>
        new(name => variables.Where(v => v.Name == name).Select(v => v.Value).FirstOrDefault());

    private enum Colour { Red, Green }

    [Fact]
    public void Unset_and_blank_values_keep_the_default()
    {
        var read = Reader(("BLANK", "  "));
        Assert.Null(read.Text("UNSET"));
        Assert.Null(read.Text("BLANK"));
        Assert.Equal(7, read.Integer("BLANK", 7, 1, 10));
        Assert.Equal(TimeSpan.FromSeconds(90), read.Seconds("UNSET", TimeSpan.FromSeconds(90), 1, 100));
        Assert.Equal(0.8, read.Fraction("UNSET", 0.8));
        Assert.True(read.Switch("UNSET", true));
        Assert.Equal(Colour.Green, read.Choice("UNSET", Colour.Green));
        Assert.Null(read.HttpUrl("UNSET"));
    }

    [Fact]
    public void Values_are_trimmed_and_parsed()
    {
        var read = Reader(("N", " 42 "), ("F", "0.25"), ("S", "0"), ("C", "green"), ("U", "http://127.0.0.1:4569"), ("T", " x "));
        Assert.Equal("x", read.Text("T"));
        Assert.Equal(42, read.Integer("N", 1, 1, 100));
        Assert.Equal(0.25, read.Fraction("F", 0.8));
        Assert.False(read.Switch("S", true));
        Assert.Equal(Colour.Green, read.Choice("C", Colour.Red));
        Assert.Equal(new Uri("http://127.0.0.1:4569"), read.HttpUrl("U"));
    }

    [Theory]
    [InlineData("N", "lots", "a whole number from 1 to 100")]
    [InlineData("N", "101", "a whole number from 1 to 100")]
    [InlineData("F", "1.5", "a number from 0 to 1")]
    [InlineData("S", "yes", "a whole number from 0 to 1")]
    [InlineData("C", "blue", "one of Red, Green")]
    [InlineData("U", "ftp://x", "an http(s) URL")]
    public void A_wrong_value_names_the_variable_what_it_must_be_and_what_it_was(string name, string value, string expected)
    {
        var read = Reader((name, value));
        var error = Assert.Throws<InvalidOperationException>(() =>
        {
            _ = name switch
            {
                "N" => (object)read.Integer("N", 1, 1, 100),
                "F" => read.Fraction("F", 0.8),
                "S" => read.Switch("S", true),
                "C" => read.Choice("C", Colour.Red),
                _ => read.HttpUrl("U")!,
            };
        });
        Assert.Equal($"Environment variable {name} must be {expected}, not '{value}'.", error.Message);
    }

    [Fact]
    public void A_required_value_that_is_missing_is_an_error_naming_it()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Reader().Required("TABLE_NAME"));
        Assert.Contains("TABLE_NAME", error.Message);
    }

    [Fact]
    public void Region_and_endpoints_follow_the_AWS_conventions()
    {
        Assert.Equal("us-east-1", Reader().AwsRegion());
        Assert.Equal("eu-west-1", Reader(("AWS_DEFAULT_REGION", "eu-west-1")).AwsRegion());
        Assert.Equal("eu-central-1", Reader(("AWS_DEFAULT_REGION", "eu-west-1"), ("AWS_REGION", "eu-central-1")).AwsRegion());
        Assert.Equal(new Uri("http://a:1"), Reader(("AWS_ENDPOINT_URL", "http://a:1")).AwsEndpoint("AWS_ENDPOINT_URL_S3"));
        Assert.Equal(new Uri("http://b:2"), Reader(("AWS_ENDPOINT_URL", "http://a:1"), ("AWS_ENDPOINT_URL_S3", "http://b:2")).AwsEndpoint("AWS_ENDPOINT_URL_S3"));
    }
}
