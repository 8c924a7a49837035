using InvoiceScanner.Core;
using InvoiceScanner.Core.Api;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.Core.Review;
using InvoiceScanner.Hosting;
using InvoiceScanner.Hosting.Events;
using InvoiceScanner.Triggers.Http;

namespace ReviewInvoice;

/// <summary>
/// The review loop's changes (same auth, error envelope and request id as every route):
/// PATCH /invoices/{id} — corrections to fields and line items; needs If-Match (412 stale, 428 missing); 409 while the
///   invoice is being read; answers with the detail view as it now reads.
/// POST /invoices/{id}/approve — NEEDS_REVIEW or COMPLETED → COMPLETED; blocking reasons need {"override": true, "reason"}.
/// POST /invoices/{id}/reprocess — {"ocr": bool, "discardCorrections": bool}; 202; repeatable under an Idempotency-Key.
/// A caller reaches their own invoices; an operator any user's.
/// </summary>
public sealed class ReviewInvoiceHandler(InvoiceReview review, InvoiceReprocessing reprocessing)
    : ILambdaHandler<APIGatewayHttpApiV2ProxyRequest, APIGatewayHttpApiV2ProxyResponse>
{
    public Task<APIGatewayHttpApiV2ProxyResponse> HandleAsync(APIGatewayHttpApiV2ProxyRequest request, ILambdaContext context) =>
        ApiResponses.GuardAsync(context, async () =>
        {
            var actor = request.RequireActor();
            var id = request.InvoiceIdParameter();
            var ct = context.CancellationToken;
            switch (Route(request))
            {
                case "PATCH /invoices/{id}":
                    var correction = CorrectionRequest.Parse(ReadText(request));
                    return ApiResponses.Invoice(200, await review.CorrectAsync(actor, id, request.GetHeader("if-match"), correction, ct));
                case "POST /invoices/{id}/approve":
                    var approval = request.ReadJsonBody(InvoiceScannerJsonContext.Default.ApprovalRequest, new ApprovalRequest());
                    return ApiResponses.Invoice(200, await review.ApproveAsync(actor, id, request.GetHeader("if-match"), approval, ct));
                case "POST /invoices/{id}/reprocess":
                    var ask = request.ReadJsonBody(InvoiceScannerJsonContext.Default.ReprocessRequest, new ReprocessRequest());
                    var (invoice, started) = await reprocessing.ReprocessAsync(actor, id, ask, request.GetHeader("idempotency-key"), ct);
                    var response = ApiResponses.Json(202, new ReprocessResponse(InvoiceViews.Detail(invoice), started),
                        InvoiceScannerJsonContext.Default.ReprocessResponse);
                    response.Headers!["etag"] = InvoiceAccess.ETag(invoice.Version);
                    return response;
                default:
                    return ApiResponses.Error(404, ErrorCodes.RouteNotFound, $"No route {request.RouteKey} in this function.", context);
            }
        });

    /// <summary>The route key; derived from the method and path where a caller's event has none.</summary>
    private static string Route(APIGatewayHttpApiV2ProxyRequest request)
    {
        if (request.RouteKey is { } key && key.Contains('{', StringComparison.Ordinal))
            return key;
        var method = request.RequestContext?.Http?.Method;
        var path = request.RawPath ?? "";
        return method == "PATCH" ? "PATCH /invoices/{id}"
            : path.EndsWith("/approve", StringComparison.Ordinal) ? "POST /invoices/{id}/approve"
            : path.EndsWith("/reprocess", StringComparison.Ordinal) ? "POST /invoices/{id}/reprocess"
            : "";
    }

    private static string? ReadText(APIGatewayHttpApiV2ProxyRequest request)
    {
        try
        {
            return request.ReadBody();
        }
        catch (FormatException)
        {
            throw new RequestValidationException(ErrorCodes.BadRequest, "The body is marked base64 but does not decode.");
        }
    }
}
