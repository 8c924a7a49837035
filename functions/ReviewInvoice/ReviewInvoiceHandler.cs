using InvoiceScanner.Core;
using InvoiceScanner.Core.Api;
using InvoiceScanner.Core.Erasure;
using InvoiceScanner.Core.Invoices;
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
/// DELETE /invoices/{id} — erases the invoice, its objects and items; 204, then 404 like any missing invoice.
/// DELETE /me — erases everything of the caller; 204 when all is gone, 202 ERASING (call again) when time ran short.
/// A caller reaches their own invoices; an operator any user's, except for erasure (the owner's own right, see InvoiceErasure).
/// </summary>
public sealed class ReviewInvoiceHandler(InvoiceReview review, InvoiceReprocessing reprocessing, InvoiceErasure erasure)
    : ILambdaHandler<APIGatewayHttpApiV2ProxyRequest, APIGatewayHttpApiV2ProxyResponse>
{
    /// <summary>DELETE /me stops starting new work this long before the invocation's deadline, to answer in time.</summary>
    public static readonly TimeSpan StopBeforeDeadline = TimeSpan.FromSeconds(2);

    public Task<APIGatewayHttpApiV2ProxyResponse> HandleAsync(APIGatewayHttpApiV2ProxyRequest request, ILambdaContext context) =>
        ApiResponses.GuardAsync(context, async () =>
        {
            var actor = request.RequireActor();
            var route = Route(request);
            if (route == "DELETE /me")
                return await EraseCallerAsync(actor, context);
            var id = request.InvoiceIdParameter();
            var ct = context.CancellationToken;
            switch (route)
            {
                case "DELETE /invoices/{id}":
                    await erasure.EraseInvoiceAsync(actor, id, ct);
                    return ApiResponses.NoContent();
                case "PATCH /invoices/{id}":
                    var correction = CorrectionRequest.Parse(request.ReadBodyText());
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

    private async Task<APIGatewayHttpApiV2ProxyResponse> EraseCallerAsync(Actor actor, ILambdaContext context)
    {
        var budget = context.RemainingTime - StopBeforeDeadline;
        using var stop = new CancellationTokenSource(budget > TimeSpan.Zero ? budget : TimeSpan.Zero);
        var progress = await erasure.EraseUserAsync(actor.Id, stop.Token, context.CancellationToken);
        context.Logger.Info(progress.Done ? "Erased the caller's data" : "Erased part of the caller's data; the caller is to call again",
            ("user", UserIds.LogRef(actor.Id)), ("invoices", progress.Invoices), ("items", progress.Items), ("objects", progress.Objects));
        if (progress.Done)
            return ApiResponses.NoContent();
        var response = ApiResponses.Json(202,
            new ErasureStatusResponse("ERASING", "Part of your data is erased; call DELETE /me again (after Retry-After seconds) until it answers 204."),
            InvoiceScannerJsonContext.Default.ErasureStatusResponse);
        response.Headers!["retry-after"] = "1";
        return response;
    }

    /// <summary>The route key; derived from the method and path where a caller's event has none.</summary>
    private static string Route(APIGatewayHttpApiV2ProxyRequest request)
    {
        if (request.RouteKey is { } key && (key.Contains('{', StringComparison.Ordinal) || key == "DELETE /me"))
            return key;
        var method = request.RequestContext?.Http?.Method;
        var path = request.RawPath ?? "";
        return method == "DELETE" ? (path == "/me" ? "DELETE /me" : "DELETE /invoices/{id}")
            : method == "PATCH" ? "PATCH /invoices/{id}"
            : path.EndsWith("/approve", StringComparison.Ordinal) ? "POST /invoices/{id}/approve"
            : path.EndsWith("/reprocess", StringComparison.Ordinal) ? "POST /invoices/{id}/reprocess"
            : "";
    }
}
