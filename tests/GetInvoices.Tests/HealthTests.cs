using System.Reflection;
using InvoiceScanner.TestSupport;
using InvoiceScanner.TestSupport.Fakes;

namespace GetInvoices.Tests;

/// <summary>GET /health: answered without a token, naming the build and the function.</summary>
public class HealthTests : HandlerTestBed
{
    private static InvoiceScanner.Hosting.Events.APIGatewayHttpApiV2ProxyRequest HealthRequest(string? routeKey = "GET /health")
    {
        var request = Events.Http("list-invoices.json").As(null);
        request.RequestContext!.Authorizer = null; // Auth NONE: no authorizer ran
        request.Headers!.Remove("authorization");
        request.RouteKey = routeKey;
        request.RawPath = "/health";
        request.QueryStringParameters = null;
        return request;
    }

    [Fact]
    public async Task Health_answers_without_a_token_with_the_version_the_function_and_the_time()
    {
        var handler = TestHandlers.Get(Invoices, Objects, Clock, environment: n => n == "AWS_LAMBDA_FUNCTION_NAME" ? "invoicescanner-GetInvoicesFunction-Ab12" : null);

        var response = await handler.HandleAsync(HealthRequest(), Context);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("no-store", response.Headers!["cache-control"]);
        var health = Body(response, HealthJsonContext.Default.HealthResponse);
        Assert.Equal("ok", health.Status);
        var version = typeof(GetInvoicesHandler).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.Equal(version, health.Version);
        Assert.NotEmpty(health.Version);
        Assert.Equal("invoicescanner-GetInvoicesFunction-Ab12", health.Function);
        Assert.Equal(Clock.Now, health.Time);
        Assert.Contains("\"status\":\"ok\"", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_route_key_or_a_function_name_the_path_decides_and_the_name_is_GetInvoices()
    {
        var response = await TestHandlers.Get(Invoices, Objects, Clock).HandleAsync(HealthRequest(routeKey: null), Context);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("GetInvoices", Body(response, HealthJsonContext.Default.HealthResponse).Function);
    }

    [Fact]
    public async Task Other_routes_still_need_a_token()
    {
        var request = HealthRequest(routeKey: "GET /invoices");
        request.RawPath = "/invoices";

        var response = await TestHandlers.Get(Invoices, Objects, Clock).HandleAsync(request, Context);

        Assert.Equal(401, response.StatusCode);
    }
}
