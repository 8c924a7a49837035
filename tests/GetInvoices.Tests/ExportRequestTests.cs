using InvoiceScanner.Core;
using InvoiceScanner.Core.Invoices;

namespace GetInvoices.Tests;

/// <summary>The export's parameters, its route against /invoices/{id}, and whose invoices it may hold.</summary>
public class ExportRequestTests : ExportTestBed
{
    private static Dictionary<string, string> Details(InvoiceScanner.Hosting.Events.APIGatewayHttpApiV2ProxyResponse response)
    {
        Assert.Equal(400, response.StatusCode);
        var error = Body(response, InvoiceScannerJsonContext.Default.ErrorResponse).Error;
        Assert.Equal(ErrorCodes.ValidationFailed, error.Code);
        return new Dictionary<string, string>(error.Details!);
    }

    [Theory]
    [InlineData("format=xml", "format")]
    [InlineData("format=csv&format=jsonl", "format")]
    [InlineData("from=2026-11-31", "from")]
    [InlineData("from=2026-1-1", "from")]
    [InlineData("to=23.11.2026", "to")]
    [InlineData("from=2026-12-01&to=2026-11-30", "to")]
    [InlineData("status=DONE", "status")]
    [InlineData("status=COMPLETED,DONE", "status")]
    [InlineData("status=", "status")]
    [InlineData("lines=yes", "lines")]
    public async Task A_bad_parameter_is_a_400_naming_it(string query, string parameter)
    {
        var details = Details(await ExportAsync(query));

        Assert.Equal([parameter], details.Keys);
    }

    [Fact]
    public async Task Every_bad_parameter_is_named_in_one_answer()
    {
        var details = Details(await ExportAsync("format=pdf&from=yesterday&to=2026-02-30&status=PAID&lines=1"));

        Assert.Equal(["format", "from", "lines", "status", "to"], details.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("COMPLETED", details["status"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_export_path_wins_over_the_invoice_id_route_with_or_without_a_route_key()
    {
        var id = await SeedReadAsync(Alice, Fields("ACME", "1", new DateOnly(2026, 11, 20), 1m));
        var asInvoiceRoute = ExportRequest();
        asInvoiceRoute.RouteKey = "GET /invoices/{id}";
        asInvoiceRoute.PathParameters = new() { ["id"] = "export" };
        var withoutRouteKey = ExportRequest();
        withoutRouteKey.RouteKey = null;

        foreach (var request in new[] { asInvoiceRoute, withoutRouteKey })
        {
            var response = await Handler().HandleAsync(request, Context);
            Assert.Equal(200, response.StatusCode);
            Assert.StartsWith("text/csv", response.Headers!["content-type"], StringComparison.Ordinal);
            Assert.Equal(id, Assert.Single(ParseCsv(response.Body!).Rows)["invoiceId"]);
        }
    }

    [Fact]
    public async Task The_export_needs_a_token()
    {
        var response = await Handler().HandleAsync(ExportRequest(user: null), Context);

        Assert.Equal(401, response.StatusCode);
    }

    [Fact]
    public async Task Another_users_invoices_are_never_exported_not_even_to_an_operator()
    {
        var alices = await SeedReadAsync(Alice, Fields("Alice's vendor", "A-1", new DateOnly(2026, 11, 20), 1m));
        var bobs = await SeedReadAsync(Bob, Fields("Bob's vendor", "B-1", new DateOnly(2026, 11, 20), 2m));
        var operatorRequest = ExportRequest();
        operatorRequest.RequestContext!.Authorizer!.Jwt!.Claims!["cognito:groups"] = "[operators]";

        var alice = ParseCsv((await ExportAsync()).Body!).Rows;
        var bob = ParseCsv((await ExportAsync(user: Bob)).Body!).Rows;
        var asOperator = ParseCsv((await Handler().HandleAsync(operatorRequest, Context)).Body!).Rows;
        var nobody = ParseCsv((await ExportAsync(user: "user-nobody")).Body!).Rows;

        Assert.Equal(alices, Assert.Single(alice)["invoiceId"]);
        Assert.Equal(bobs, Assert.Single(bob)["invoiceId"]);
        Assert.Equal(alices, Assert.Single(asOperator)["invoiceId"]);
        Assert.Empty(nobody);
    }

    [Fact]
    public async Task An_export_that_runs_out_of_time_is_a_503_and_writes_nothing()
    {
        await SeedReadAsync(Alice, Fields("ACME", "1", new DateOnly(2026, 11, 20), 1m));
        Context.CancellationToken = new CancellationToken(canceled: true);

        var response = await Handler(inlineMaxBytes: 0).HandleAsync(ExportRequest(), Context);

        Assert.Equal(503, response.StatusCode);
        Assert.Empty(Objects.Objects);
    }
}
