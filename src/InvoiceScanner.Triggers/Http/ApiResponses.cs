using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using InvoiceScanner.Core;
using InvoiceScanner.Core.Api;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.Core.Review;
using InvoiceScanner.Hosting;
using InvoiceScanner.Hosting.Events;

namespace InvoiceScanner.Triggers.Http;

/// <summary>Shapes HTTP API responses: JSON bodies, and errors as {"error":{code,message,details,requestId}}.</summary>
public static class ApiResponses
{
    public static APIGatewayHttpApiV2ProxyResponse Json<T>(int statusCode, T body, JsonTypeInfo<T> type) =>
        Content(statusCode, JsonSerializer.Serialize(body, type), "application/json; charset=utf-8");

    /// <summary>A text body of any type (e.g. a CSV export), not cached.</summary>
    public static APIGatewayHttpApiV2ProxyResponse Content(int statusCode, string body, string contentType) => new()
    {
        StatusCode = statusCode,
        Headers = new Dictionary<string, string>
        {
            ["content-type"] = contentType,
            ["cache-control"] = "no-store",
        },
        Body = body,
    };

    /// <summary>204: done, nothing to say (no body, no content type).</summary>
    public static APIGatewayHttpApiV2ProxyResponse NoContent() => new()
    {
        StatusCode = 204,
        Headers = new Dictionary<string, string> { ["cache-control"] = "no-store" },
    };

    public static APIGatewayHttpApiV2ProxyResponse Error(int statusCode, string code, string message, ILambdaContext context,
        IReadOnlyDictionary<string, string>? details = null) =>
        Json(statusCode,
            new ErrorResponse(new ErrorBody(code, message) { Details = details is { Count: > 0 } ? details : null, RequestId = context.AwsRequestId }),
            InvoiceScannerJsonContext.Default.ErrorResponse);

    /// <summary>The JSON detail view of an invoice with its version as the ETag (for If-Match on changes).</summary>
    public static APIGatewayHttpApiV2ProxyResponse Invoice(int statusCode, InvoiceRecord invoice)
    {
        var response = Json(statusCode, InvoiceViews.Detail(invoice), InvoiceScannerJsonContext.Default.InvoiceView);
        response.Headers!["etag"] = InvoiceAccess.ETag(invoice.Version);
        return response;
    }

    public static int StatusOf(Refusal refusal) => refusal switch
    {
        Refusal.Invalid => 400,
        Refusal.Forbidden => 403,
        Refusal.NotFound => 404,
        Refusal.Conflict => 409,
        Refusal.Stale => 412,
        Refusal.PreconditionRequired => 428,
        _ => 400,
    };

    /// <summary>
    /// Runs an API handler body and turns the exceptions that mean bad input into their status codes;
    /// anything else is logged and answered with a 500 that names the request id, never a stack trace.
    /// </summary>
    public static async Task<APIGatewayHttpApiV2ProxyResponse> GuardAsync(ILambdaContext context, Func<Task<APIGatewayHttpApiV2ProxyResponse>> body)
    {
        try
        {
            return await body();
        }
        catch (UnauthenticatedException e)
        {
            return Error(401, ErrorCodes.Unauthorized, e.Message, context);
        }
        catch (RequestValidationException e)
        {
            return Error(400, e.Code, e.Message, context, e.Details);
        }
        catch (ReviewRefusedException e)
        {
            return Error(StatusOf(e.Refusal), e.Code, e.Message, context, e.Details);
        }
        catch (QuotaExceededException e)
        {
            var response = Error(429, ErrorCodes.RateLimited, e.Message, context, new Dictionary<string, string>
            {
                ["window"] = e.Refusal.Window.Name,
                ["limit"] = e.Refusal.Window.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["retryAt"] = e.Refusal.RetryAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            });
            response.Headers!["retry-after"] = e.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return response;
        }
        catch (InvalidCursorException e)
        {
            return Error(400, ErrorCodes.ValidationFailed, e.Message, context, new Dictionary<string, string> { ["cursor"] = e.Message });
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            context.Logger.Error("Request ran out of time");
            return Error(503, ErrorCodes.Internal, "The service took too long; please retry.", context);
        }
        catch (Exception e)
        {
            context.Logger.Error("Unhandled error", e);
            return Error(500, ErrorCodes.Internal, "Something went wrong on our side; quote the request id if you report it.", context);
        }
    }
}
