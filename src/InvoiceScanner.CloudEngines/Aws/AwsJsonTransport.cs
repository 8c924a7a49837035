using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace InvoiceScanner.CloudEngines.Aws;

/// <summary>One JSON operation: where it goes and how the protocol labels it.</summary>
/// <param name="Name">Operation name for messages, e.g. "AnalyzeExpense".</param>
/// <param name="ResourcePath">Path template, "/" for awsJson1_1 services.</param>
/// <param name="ContentType">application/x-amz-json-1.1 (awsJson1_1) or application/json (restJson1).</param>
/// <param name="Target">X-Amz-Target value for awsJson1_1, e.g. "Textract.AnalyzeExpense".</param>
/// <param name="PathResources">Placeholder values for <paramref name="ResourcePath"/>, unencoded.</param>
public sealed record AwsJsonOperation(
    string Name,
    string ResourcePath,
    string ContentType,
    string? Target = null,
    IReadOnlyDictionary<string, string>? PathResources = null);

/// <summary>
/// Sends SigV4-signed JSON requests to one service endpoint and turns error answers into
/// <see cref="AwsServiceException"/>, retrying throttling and service faults per <see cref="AwsRetryPolicy"/>.
/// </summary>
public sealed class AwsJsonTransport
{
    private static readonly Lazy<HttpClient> SharedHttp = new(() => new HttpClient(new SocketsHttpHandler
    {
        // Lambda sandboxes live for hours: re-resolve DNS now and then.
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    });

    private readonly AwsClientOptions _options;
    private readonly HttpClient _http;

    /// <param name="signingName">SigV4 service name, e.g. "textract" or "bedrock".</param>
    /// <param name="endpoint">Service base URL.</param>
    /// <param name="httpClient">Null uses one shared client; its own Timeout should be infinite or generous.</param>
    public AwsJsonTransport(string signingName, Uri endpoint, AwsClientOptions options, HttpClient? httpClient = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(signingName);
        ArgumentException.ThrowIfNullOrEmpty(options.Region);
        if (options.Retry.MaxAttempts < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "Retry.MaxAttempts must be at least 1.");
        SigningName = signingName;
        Endpoint = endpoint;
        _options = options;
        _http = httpClient ?? SharedHttp.Value;
    }

    public string SigningName { get; }
    public Uri Endpoint { get; }
    public string Region => _options.Region;

    public async Task<TResponse> SendAsync<TRequest, TResponse>(
        AwsJsonOperation operation,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, requestType);
        var retry = _options.Retry;
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return await SendOnceAsync(operation, body, responseType, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException error) when (error.IsRetryable && attempt < retry.MaxAttempts)
            {
            }
            catch (HttpRequestException) when (attempt < retry.MaxAttempts)
            {
                // Connection reset, DNS hiccup: nothing reached the service or the answer was lost.
            }
            catch (TimeoutException) when (attempt < retry.MaxAttempts)
            {
            }
            await retry.Delay(retry.BackoffAfter(attempt), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<TResponse> SendOnceAsync<TResponse>(
        AwsJsonOperation operation, byte[] body, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        var credentials = await CredentialsSource.ResolveAsync(_options.Credentials, cancellationToken).ConfigureAwait(false);
        var pathResources = operation.PathResources?.ToDictionary(p => p.Key, p => p.Value);

        var toSign = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = operation.ContentType };
        if (operation.Target is not null)
            toSign["X-Amz-Target"] = operation.Target;
        var signed = SigV4Signer.Sign("POST", Endpoint, operation.ResourcePath, pathResources, toSign, body, credentials,
            _options.Region, SigningName, _options.Clock.GetUtcNow().UtcDateTime);

        var uri = new UriBuilder(Endpoint) { Path = SigV4Signer.ResolvePath(Endpoint, operation.ResourcePath, pathResources), Query = "" }.Uri;
        using var message = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        foreach (var (name, value) in signed)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
            else if (name.Equals("Host", StringComparison.OrdinalIgnoreCase))
                message.Headers.Host = value;
            else
                message.Headers.TryAddWithoutValidation(name, value);
        }
        // Not signed, as the AWS SDKs do: the header may be rewritten on the way without breaking the signature.
        if (_options.TraceHeader() is { Length: > 0 } trace)
            message.Headers.TryAddWithoutValidation("X-Amzn-Trace-Id", trace);

        using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attemptTimeout.CancelAfter(_options.AttemptTimeout);
        try
        {
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, attemptTimeout.Token).ConfigureAwait(false);
            var bytes = await response.Content.ReadAsByteArrayAsync(attemptTimeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is < 200 or > 299)
                throw AwsErrors.FromResponse(status, response.ReasonPhrase, response.Headers, bytes);
            try
            {
                return JsonSerializer.Deserialize(bytes, responseType)
                    ?? throw new JsonException("The response body was JSON null.");
            }
            catch (JsonException error)
            {
                throw new AwsServiceException("InvalidResponseException",
                    $"{operation.Name} returned a body that is not the expected JSON: {error.Message}",
                    status, AwsErrors.RequestId(response.Headers), error);
            }
        }
        catch (OperationCanceledException error) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{operation.Name} did not answer within {_options.AttemptTimeout.TotalSeconds:0.#} s.", error);
        }
    }
}
