using InvoiceScanner.Core;
using InvoiceScanner.Core.Api;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.Hosting.Events;
using InvoiceScanner.Triggers.Http;

namespace InvoiceScanner.Tests.Http;

/// <summary>A malformed body is a 400 BAD_REQUEST that says where, in words a client reads: no .NET type names.</summary>
public class ApiRequestsTests
{
    private static readonly CreateInvoiceBody Empty = new(null, null, null);

    [Theory]
    [InlineData("""{"fileName":"a.pdf","size":"many"}""", "$.size")]
    [InlineData("""{"fileName":["a.pdf"]}""", "$.fileName")]
    [InlineData("""{"size":12.5}""", "$.size")]
    [InlineData("""{"fileName":"a.pdf",""", null)]
    [InlineData("[1,2]", null)]
    public void A_body_of_the_wrong_shape_is_BAD_REQUEST_naming_the_place_but_no_type(string body, string? path)
    {
        var request = new APIGatewayHttpApiV2ProxyRequest { Body = body };

        var refusal = Assert.Throws<RequestValidationException>(() =>
            request.ReadJsonBody(InvoiceScannerJsonContext.Default.CreateInvoiceBody, Empty));

        Assert.Equal(ErrorCodes.BadRequest, refusal.Code);
        Assert.StartsWith("The body is not valid JSON for this request", refusal.Message, StringComparison.Ordinal);
        if (path is not null)
            Assert.Contains("at " + path, refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("`1", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("InvoiceScanner", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_body_gives_the_default_and_a_good_one_is_read()
    {
        Assert.Same(Empty, new APIGatewayHttpApiV2ProxyRequest { Body = "  " }.ReadJsonBody(InvoiceScannerJsonContext.Default.CreateInvoiceBody, Empty));
        var read = new APIGatewayHttpApiV2ProxyRequest { Body = """{"fileName":"a.pdf","size":12}""" }
            .ReadJsonBody(InvoiceScannerJsonContext.Default.CreateInvoiceBody, Empty);
        Assert.Equal(new CreateInvoiceBody("a.pdf", null, 12), read);
    }
}
