using Microsoft.AspNetCore.Http;

namespace InvoiceScanner.LocalHost.Web;

/// <summary>
/// The API's contract as the local gateway serves it, ahead of the route table and without a token: GET /openapi.yaml
/// (the repository's file) and GET /docs (that file rendered as HTML, read afresh on each request).
/// </summary>
public static class ContractPages
{
    public const string SpecPath = "/openapi.yaml";
    public const string DocsPath = "/docs";

    /// <summary>Answers a GET of one of the two pages; false for anything else (or when there is no spec to serve).</summary>
    public static async Task<bool> TryServeAsync(HttpContext context, string rawPath, string? specFile)
    {
        if (specFile is null || !HttpMethods.IsGet(context.Request.Method) || rawPath is not (SpecPath or DocsPath) || !File.Exists(specFile))
            return false;
        var yaml = await File.ReadAllTextAsync(specFile, context.RequestAborted);
        var (body, contentType) = rawPath == SpecPath
            ? (yaml, "application/yaml; charset=utf-8")
            : (OpenApiDocs.Render(yaml), "text/html; charset=utf-8");
        var bytes = System.Text.Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = contentType;
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
        return true;
    }
}
