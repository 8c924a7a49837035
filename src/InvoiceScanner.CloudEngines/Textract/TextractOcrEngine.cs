using System.Security.Cryptography;
using System.Text;
using InvoiceScanner.CloudEngines.Aws;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;

namespace InvoiceScanner.CloudEngines.Textract;

public sealed record TextractOcrEngineOptions
{
    /// <summary>SNS topic Textract notifies when an async job ends (needed by <see cref="TextractOcrEngine.StartAsync(OcrInput, string, CancellationToken)"/>).</summary>
    public string? SnsTopicArn { get; init; }

    /// <summary>Role Textract assumes to publish to <see cref="SnsTopicArn"/>.</summary>
    public string? RoleArn { get; init; }

    /// <summary>Optional: also have Textract write raw results to this bucket/prefix.</summary>
    public OutputConfig? OutputConfig { get; init; }

    /// <summary>Textract's synchronous limit.</summary>
    public long MaxSyncBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>Async limit for PDF/TIFF (images are limited to <see cref="MaxSyncBytes"/> either way).</summary>
    public long MaxAsyncBytes { get; init; } = 500L * 1024 * 1024;

    /// <summary>GetExpenseAnalysis page size, 1..20; null = service default (20).</summary>
    public int? MaxResults { get; init; }
}

/// <summary>An async job that Textract has not finished; transient, the caller should retry later.</summary>
public sealed class TextractJobNotFinishedException(string jobId, string? status)
    : Exception($"Textract job {jobId} is {status ?? "in an unknown state"}, not finished.")
{
    public string JobId { get; } = jobId;
}

/// <summary>
/// <see cref="IOcrEngine"/> on Amazon Textract AnalyzeExpense. Single-page documents go through the synchronous API
/// (<see cref="RecognizeAsync"/>); multi-page PDFs/TIFFs through <see cref="StartAsync(OcrInput, string, CancellationToken)"/>,
/// whose SNS completion notice should trigger a function that calls <see cref="CompleteAsync"/> (no polling).
/// </summary>
public sealed class TextractOcrEngine(TextractClient client, TextractOcrEngineOptions? options = null) : IAsyncOcrEngine
{
    public const string EngineName = TextractExpenseMapper.EngineName;

    private readonly TextractOcrEngineOptions _options = options ?? new TextractOcrEngineOptions();

    public string Name => EngineName;

    public bool PaidPerPage => true;

    /// <summary>
    /// Whether <paramref name="input"/> must go through <see cref="StartAsync(OcrInput, string, CancellationToken)"/>:
    /// PDFs/TIFFs with more than one page (when <paramref name="pageCount"/> is known) or above the sync size limit.
    /// </summary>
    public bool RequiresAsync(OcrInput input, int? pageCount = null) =>
        input.Kind is DocumentKind.Pdf or DocumentKind.Tiff && (pageCount > 1 || input.Content.Length > _options.MaxSyncBytes);

    /// <summary>
    /// The fleet's routing: a PDF goes to the synchronous API only when it visibly has one page; other PDFs (page
    /// count unknown, e.g. compressed object streams) and TIFFs (possibly multi-page) go through a job.
    /// </summary>
    bool IAsyncOcrEngine.RequiresAsync(OcrInput input) => input.Kind switch
    {
        DocumentKind.Pdf => PdfPages.CountHint(input.Content.Span) != 1 || RequiresAsync(input),
        DocumentKind.Tiff => true,
        _ => false,
    };

    /// <summary>Synchronous AnalyzeExpense of a single-page document (by S3 reference, or bytes when no bucket is given).</summary>
    public async Task<OcrDocument> RecognizeAsync(OcrInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Content.Length > _options.MaxSyncBytes)
        {
            throw new DocumentRejectedException(ErrorCodes.TooLarge, input.Kind is DocumentKind.Pdf or DocumentKind.Tiff
                ? $"The document is {input.Content.Length:N0} bytes; Textract reads at most {_options.MaxSyncBytes:N0} synchronously (multi-page or large PDFs go through StartAsync)."
                : $"The image is {input.Content.Length:N0} bytes; Textract reads images of at most {_options.MaxSyncBytes:N0}.");
        }
        var document = string.IsNullOrEmpty(input.Bucket)
            ? new Document { Bytes = input.Content.ToArray() }
            : new Document { S3Object = new S3Object { Bucket = input.Bucket, Name = input.Key } };
        try
        {
            var response = await client.AnalyzeExpenseAsync(new AnalyzeExpenseRequest { Document = document }, cancellationToken).ConfigureAwait(false);
            return TextractExpenseMapper.ToOcrDocument(response.ExpenseDocuments ?? [], response.DocumentMetadata?.Pages);
        }
        catch (AwsServiceException error) when (Rejection(error, input.Kind) is { } rejected)
        {
            throw rejected;
        }
    }

    /// <summary>
    /// Starts StartExpenseAnalysis for a stored multi-page document. JobTag is the invoice id (echoed in the SNS notice)
    /// and ClientRequestToken derives from it, so a redelivered upload event gets the same JobId back. Returns the JobId.
    /// </summary>
    public Task<string> StartAsync(OcrInput input, string invoiceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Content.Length > (input.Kind is DocumentKind.Pdf or DocumentKind.Tiff ? _options.MaxAsyncBytes : _options.MaxSyncBytes))
            throw new DocumentRejectedException(ErrorCodes.TooLarge, $"The document is {input.Content.Length:N0} bytes, above Textract's limit for {input.Kind} files.");
        return StartAsync(input.Bucket, input.Key, invoiceId, cancellationToken);
    }

    /// <inheritdoc cref="StartAsync(OcrInput, string, CancellationToken)"/>
    public async Task<string> StartAsync(string bucket, string key, string invoiceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (_options.SnsTopicArn is not { Length: > 0 } topic || _options.RoleArn is not { Length: > 0 } role)
            throw new DocumentRejectedException(ErrorCodes.EngineConfiguration, "Textract async analysis needs an SNS topic ARN and a role ARN (TEXTRACT_SNS_TOPIC_ARN, TEXTRACT_ROLE_ARN).");
        var request = new StartExpenseAnalysisRequest
        {
            DocumentLocation = new DocumentLocation { S3Object = new S3Object { Bucket = bucket, Name = key } },
            ClientRequestToken = ClientRequestToken(invoiceId),
            JobTag = JobTag(invoiceId),
            NotificationChannel = new NotificationChannel { SNSTopicArn = topic, RoleArn = role },
            OutputConfig = _options.OutputConfig,
        };
        try
        {
            var response = await client.StartExpenseAnalysisAsync(request, cancellationToken).ConfigureAwait(false);
            return response.JobId is { Length: > 0 } jobId
                ? jobId
                : throw new AwsServiceException("InvalidResponseException", "StartExpenseAnalysis returned no JobId.", 200, null);
        }
        catch (AwsServiceException error) when (Rejection(error, DocumentKind.Pdf) is { } rejected)
        {
            throw rejected;
        }
    }

    /// <summary>Textract's SNS message for a finished job; <see cref="FormatException"/> for any other message.</summary>
    public OcrJobCompletion ReadCompletionNotice(string message)
    {
        var notice = TextractCompletionNotice.Parse(message);
        return new OcrJobCompletion(notice.JobId, notice.Succeeded,
            notice.DocumentLocation?.S3Bucket ?? "", notice.DocumentLocation?.S3ObjectName ?? "", notice.Status);
    }

    /// <summary>
    /// Reads a finished job through all result pages into one OcrDocument. FAILED → <see cref="DocumentRejectedException"/>
    /// (OCR_FAILED); still IN_PROGRESS → <see cref="TextractJobNotFinishedException"/> (transient).
    /// </summary>
    public async Task<OcrDocument> CompleteAsync(string jobId, CancellationToken cancellationToken)
    {
        GetExpenseAnalysisResponse result;
        try
        {
            result = await client.GetAllExpenseAnalysisPagesAsync(jobId, _options.MaxResults, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException error) when (error.ErrorType == "InvalidJobIdException")
        {
            throw new DocumentRejectedException(ErrorCodes.OcrFailed, $"Textract no longer knows job {jobId} (results are kept 7 days): {error.Message}", error);
        }
        catch (AwsServiceException error) when (Rejection(error, DocumentKind.Pdf) is { } rejected)
        {
            throw rejected;
        }

        return result.JobStatus switch
        {
            TextractJobStatus.Succeeded or TextractJobStatus.PartialSuccess =>
                TextractExpenseMapper.ToOcrDocument(result.ExpenseDocuments ?? [], result.DocumentMetadata?.Pages),
            TextractJobStatus.Failed => throw new DocumentRejectedException(ErrorCodes.OcrFailed,
                $"Textract could not analyse the document: {result.StatusMessage ?? "no reason given"}."),
            _ => throw new TextractJobNotFinishedException(jobId, result.JobStatus),
        };
    }

    /// <summary>The document's fault or our configuration's → rejection; anything else (throttling, 5xx) stays transient.</summary>
    internal static DocumentRejectedException? Rejection(AwsServiceException error, DocumentKind kind) => error.ErrorType switch
    {
        "UnsupportedDocumentException" => new(TextractErrorCodes.UnsupportedDocument, kind is DocumentKind.Pdf or DocumentKind.Tiff
            ? $"Textract does not support this document ({error.Message}). Multi-page PDFs and TIFFs must be analysed asynchronously."
            : $"Textract does not support this document format ({error.Message}).", error),
        "BadDocumentException" => new(TextractErrorCodes.BadDocument, $"Textract could not read the document ({error.Message}).", error),
        "DocumentTooLargeException" => new(ErrorCodes.TooLarge, $"The document is too large for Textract ({error.Message}).", error),
        "InvalidParameterException" => new(TextractErrorCodes.InvalidDocument, $"Textract refused the document's parameters ({error.Message}).", error),
        "AccessDeniedException" or "InvalidS3ObjectException" or "InvalidKMSKeyException" or "UnrecognizedClientException"
            or "InvalidSignatureException" or "ExpiredTokenException" or "MissingAuthenticationTokenException" =>
            new(ErrorCodes.EngineConfiguration,
                $"Textract could not be used with this deployment's configuration: {error.ErrorType}: {error.Message}. " +
                "Check the function role's textract:* permissions, that Textract may read the bucket (same region, object KMS key), and the credentials.",
                error),
        _ => null,
    };

    /// <summary>JobTag allows [a-zA-Z0-9_.\-:]{1,64}; invoice ids (ULIDs) already fit.</summary>
    internal static string JobTag(string invoiceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(invoiceId);
        if (invoiceId.Length > 64 || !invoiceId.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or ':'))
            throw new ArgumentException($"'{invoiceId}' cannot be a Textract JobTag (1-64 of [a-zA-Z0-9_.\\-:]).", nameof(invoiceId));
        return invoiceId;
    }

    /// <summary>ClientRequestToken allows [a-zA-Z0-9-_]{1,64}: the invoice id when it fits, else a hash of it.</summary>
    internal static string ClientRequestToken(string invoiceId)
    {
        var token = "invoice-" + invoiceId;
        if (token.Length <= 64 && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            return token;
        return "invoice-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(invoiceId)))[..48];
    }
}
