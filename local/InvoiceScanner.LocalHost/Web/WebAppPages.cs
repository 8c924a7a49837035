using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.LocalHost.Api;
using InvoiceScanner.LocalHost.Security;
using Microsoft.AspNetCore.Http;

namespace InvoiceScanner.LocalHost.Web;

/// <summary>The web app the local gateway serves: the folder holding index.html and app/, and the key local sign-in signs with.</summary>
public sealed record WebAppSettings(string WebRoot, DevSigningKey SigningKey)
{
    /// <summary>How long a token from the local sign-in lasts (a working day).</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromHours(12);
}

/// <summary>
/// The web app for people, as the local gateway serves it ahead of the route table and without a token:
/// GET / (web/index.html, with a strict content security policy), GET /app/{file} (a file directly inside web/app),
/// GET /config.json (same-origin API, local sign-in) and POST /local/sign-in, which hands out a dev token like the
/// `token` command (local only: there is no such endpoint in AWS, where people sign in with Cognito).
/// </summary>
public static partial class WebAppPages
{
    public const string IndexPath = "/";
    public const string AppPrefix = "/app/";
    public const string ConfigPath = "/config.json";
    public const string SignInPath = "/local/sign-in";

    /// <summary>Scripts and styles only from this origin; the API on it and the S3 emulator's presigned URLs (another port).</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; connect-src 'self' http://127.0.0.1:* http://localhost:*; img-src 'self' data: http://127.0.0.1:*; " +
        "style-src 'self'; script-src 'self'; frame-ancestors 'none'";

    private const int MaxSignInBytes = 4096;

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".js"] = "text/javascript; charset=utf-8",
        [".mjs"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".json"] = "application/json; charset=utf-8",
        [".ico"] = "image/x-icon",
    };

    /// <summary>The banner's line for `up` and `demo`.</summary>
    public static string BannerLine(string apiUrl) => $"  Web app    {apiUrl}/  (sign in with any user name; local only)";

    /// <summary>Answers the web app's requests; false for anything else (the route table's).</summary>
    public static async Task<bool> TryServeAsync(HttpContext context, string rawPath, string requestId, WebAppSettings? settings)
    {
        if (settings is null)
            return false;
        var method = context.Request.Method;
        if (HttpMethods.IsPost(method) && rawPath == SignInPath)
        {
            await SignInAsync(context, requestId, settings);
            return true;
        }
        if (!HttpMethods.IsGet(method))
            return false;
        if (rawPath == IndexPath)
        {
            var index = Path.Combine(settings.WebRoot, "index.html");
            if (!File.Exists(index))
                return false;
            SetSecurityHeaders(context.Response);
            await WriteAsync(context, await File.ReadAllBytesAsync(index, context.RequestAborted), "text/html; charset=utf-8");
            return true;
        }
        if (rawPath == ConfigPath)
        {
            await WriteAsync(context, """{"apiUrl":"","auth":{"mode":"local"}}"""u8.ToArray(), "application/json; charset=utf-8");
            return true;
        }
        if (!rawPath.StartsWith(AppPrefix, StringComparison.Ordinal))
            return false;

        var name = rawPath[AppPrefix.Length..];
        var file = AppFile(settings.WebRoot, name);
        if (file is null || !ContentTypes.TryGetValue(Path.GetExtension(name), out var contentType))
        {
            await GatewayAnswers.ErrorAsync(context, requestId, StatusCodes.Status404NotFound, ErrorCodes.NotFound, "No such file of the web app.");
            return true;
        }
        context.Response.Headers.XContentTypeOptions = "nosniff";
        await WriteAsync(context, await File.ReadAllBytesAsync(file, context.RequestAborted), contentType);
        return true;
    }

    /// <summary>The file web/app/<paramref name="name"/> when the name is a plain file name and the file exists; else null.</summary>
    public static string? AppFile(string webRoot, string name)
    {
        // Letters, digits, dot, underscore and hyphen only: no slash (raw or encoded), no escapes, no hidden files, no "..".
        if (!FileName().IsMatch(name) || name.StartsWith('.'))
            return null;
        var folder = Path.GetFullPath(Path.Combine(webRoot, "app"));
        var file = Path.GetFullPath(Path.Combine(folder, name));
        return Path.GetDirectoryName(file) == folder && File.Exists(file) ? file : null;
    }

    /// <summary>A user name the sign-in accepts: 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit.</summary>
    public static bool IsReasonableUser(string? user) => user is not null && UserName().IsMatch(user);

    private static async Task SignInAsync(HttpContext context, string requestId, WebAppSettings settings)
    {
        var body = await HttpBodies.ReadAsync(context.Request, MaxSignInBytes, context.RequestAborted);
        string? user = null;
        var isOperator = false;
        try
        {
            if (body is null)
                throw new JsonException("too large");
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new JsonException("not an object");
            if (root.TryGetProperty("user", out var userElement) && userElement.ValueKind == JsonValueKind.String)
                user = userElement.GetString();
            if (root.TryGetProperty("operator", out var operatorElement))
            {
                isOperator = operatorElement.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False or JsonValueKind.Null => false,
                    _ => throw new JsonException("operator is not a boolean"),
                };
            }
        }
        catch (JsonException)
        {
            await GatewayAnswers.ErrorAsync(context, requestId, StatusCodes.Status400BadRequest, ErrorCodes.BadRequest,
                """The body must be JSON: {"user": "<name>", "operator": true|false}.""");
            return;
        }
        if (!IsReasonableUser(user))
        {
            await GatewayAnswers.ErrorAsync(context, requestId, StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed,
                "The user name must be 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit.");
            return;
        }

        var now = DateTimeOffset.UtcNow;
        var token = DevTokens.ForUser(settings.SigningKey, user!, settings.TokenLifetime, isOperator ? [DevTokens.OperatorsGroup] : null, now);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("token", token);
            writer.WriteString("expiresAt", (now + settings.TokenLifetime).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        }
        await WriteAsync(context, buffer.ToArray(), "application/json; charset=utf-8", cacheControl: "no-store");
    }

    private static void SetSecurityHeaders(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["referrer-policy"] = "no-referrer";
    }

    private static async Task WriteAsync(HttpContext context, byte[] bytes, string contentType, string cacheControl = "no-cache")
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = contentType;
        context.Response.Headers.CacheControl = cacheControl;
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+\\z")]
    private static partial Regex FileName();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}\\z")]
    private static partial Regex UserName();
}
