using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace InvoiceScanner.Hosting;

/// <summary>One event handed out by GET /runtime/invocation/next.</summary>
public sealed record RuntimeInvocation(
    string RequestId,
    DateTimeOffset Deadline,
    string InvokedFunctionArn,
    string? TraceId,
    string? ClientContext,
    string? CognitoIdentity,
    byte[] Payload);

/// <summary>The Runtime API's answer to a POST.</summary>
public readonly record struct RuntimePostResult(HttpStatusCode StatusCode, string Body)
{
    public bool IsAccepted => (int)StatusCode is >= 200 and < 300;

    /// <summary>5xx means the sandbox is in a non-recoverable state: the runtime should exit.</summary>
    public bool IsFatal => (int)StatusCode >= 500;
}

/// <summary>The Runtime API answered, but not in a way the runtime can continue from.</summary>
public sealed class RuntimeApiException(string message, HttpStatusCode? statusCode = null) : Exception(message)
{
    public HttpStatusCode? StatusCode { get; } = statusCode;
}

/// <summary>
/// Client for the Lambda Runtime API (http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01).
/// </summary>
public sealed class RuntimeApiClient : IDisposable
{
    public const string ApiVersion = "2018-06-01";
    public const string ErrorContentType = "application/vnd.aws.lambda.error+json";
    public const string RequestIdHeader = "Lambda-Runtime-Aws-Request-Id";
    public const string DeadlineHeader = "Lambda-Runtime-Deadline-Ms";
    public const string InvokedFunctionArnHeader = "Lambda-Runtime-Invoked-Function-Arn";
    public const string TraceIdHeader = "Lambda-Runtime-Trace-Id";
    public const string ClientContextHeader = "Lambda-Runtime-Client-Context";
    public const string CognitoIdentityHeader = "Lambda-Runtime-Cognito-Identity";
    public const string FunctionErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";

    private readonly HttpClient httpClient;
    private readonly bool ownsHttpClient;

    /// <param name="runtimeApi">host:port, the value of AWS_LAMBDA_RUNTIME_API.</param>
    /// <param name="handler">Optional transport (tests); by default a SocketsHttpHandler without proxy.</param>
    public RuntimeApiClient(string runtimeApi, HttpMessageHandler? handler = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runtimeApi);
        // The Runtime API is local to the sandbox: never send it through an HTTP(S)_PROXY meant for outbound calls.
        handler ??= new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        httpClient = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = BaseAddressFor(runtimeApi),
            // /next is a long poll that may wait for minutes between events.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        ownsHttpClient = true;
    }

    /// <summary>Uses a caller-owned client whose BaseAddress is http://host:port/2018-06-01/ (see <see cref="BaseAddressFor"/>).</summary>
    public RuntimeApiClient(HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        if (httpClient.BaseAddress is null)
            throw new ArgumentException("The HttpClient needs a BaseAddress such as http://127.0.0.1:9001/2018-06-01/.", nameof(httpClient));
        this.httpClient = httpClient;
        ownsHttpClient = false;
    }

    public static Uri BaseAddressFor(string runtimeApi)
    {
        var hostAndPort = runtimeApi.Trim().TrimEnd('/');
        if (hostAndPort.Contains("://", StringComparison.Ordinal))
            hostAndPort = hostAndPort[(hostAndPort.IndexOf("://", StringComparison.Ordinal) + 3)..];
        return new Uri($"http://{hostAndPort}/{ApiVersion}/", UriKind.Absolute);
    }

    /// <summary>Long-polls for the next event. Throws <see cref="RuntimeApiException"/> on a non-success answer.</summary>
    public async Task<RuntimeInvocation> GetNextInvocationAsync(CancellationToken cancellationToken)
    {
        using var response = await httpClient.GetAsync("runtime/invocation/next", HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new RuntimeApiException(
                $"GET /runtime/invocation/next answered {(int)response.StatusCode} {response.ReasonPhrase}: {Truncate(System.Text.Encoding.UTF8.GetString(payload))}",
                response.StatusCode);
        }

        // HttpHeaders lookups are case-insensitive, as HTTP header names are.
        var requestId = Header(response, RequestIdHeader)
            ?? throw new RuntimeApiException($"The next invocation had no {RequestIdHeader} header.", response.StatusCode);
        var deadline = ParseDeadline(Header(response, DeadlineHeader));
        return new RuntimeInvocation(
            requestId,
            deadline,
            Header(response, InvokedFunctionArnHeader) ?? "",
            Header(response, TraceIdHeader),
            Header(response, ClientContextHeader),
            Header(response, CognitoIdentityHeader),
            payload);
    }

    /// <summary>POSTs the handler's JSON. A 413 (payload too large) comes back as a result, not an exception.</summary>
    public async Task<RuntimePostResult> PostResponseAsync(string requestId, byte[] responseJson, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        ArgumentNullException.ThrowIfNull(responseJson);
        using var content = new ByteArrayContent(responseJson);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"runtime/invocation/{Uri.EscapeDataString(requestId)}/response") { Content = content };
        return await SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public Task<RuntimePostResult> PostInvocationErrorAsync(string requestId, RuntimeErrorBody error, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        return PostErrorAsync($"runtime/invocation/{Uri.EscapeDataString(requestId)}/error", error, cancellationToken);
    }

    public Task<RuntimePostResult> PostInitErrorAsync(RuntimeErrorBody error, CancellationToken cancellationToken)
        => PostErrorAsync("runtime/init/error", error, cancellationToken);

    public void Dispose()
    {
        if (ownsHttpClient)
            httpClient.Dispose();
    }

    private async Task<RuntimePostResult> PostErrorAsync(string path, RuntimeErrorBody error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(error, LambdaJsonContext.Default.RuntimeErrorBody));
        content.Headers.ContentType = new MediaTypeHeaderValue(ErrorContentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.TryAddWithoutValidation(FunctionErrorTypeHeader, HeaderSafe(error.ErrorType));
        return await SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<RuntimePostResult> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await httpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return new RuntimePostResult(response.StatusCode, body);
    }

    private static string? Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static DateTimeOffset ParseDeadline(string? unixMilliseconds)
        => long.TryParse(unixMilliseconds, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            // No deadline header means no known deadline: never cancel early rather than cancel at once.
            : DateTimeOffset.MaxValue;

    /// <summary>Header values must be single-line visible ASCII.</summary>
    private static string HeaderSafe(string value)
    {
        var chars = value.Select(c => c is >= '!' and <= '~' ? c : '_').ToArray();
        return chars.Length == 0 ? "Unknown" : new string(chars);
    }

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500] + "…";
}
