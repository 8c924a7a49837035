using System.Globalization;
using System.Text;
using InvoiceScanner.Core;
using InvoiceScanner.Core.Api;
using InvoiceScanner.Core.Downloads;
using InvoiceScanner.Core.Export;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.Core.Review;
using InvoiceScanner.Hosting;
using InvoiceScanner.Hosting.Events;
using InvoiceScanner.Triggers.Http;

namespace GetInvoices;

/// <summary>
/// The read routes:
/// GET /invoices — the caller's invoices, newest first (order=oldest for a review queue), cursor-paginated, optional status;
/// GET /invoices/{id} — status, failure reason, fields as they now read, with the version as ETag;
/// GET /invoices/{id}/history — every change since creation, oldest first, paginated;
/// GET /invoices/{id}/pages/{n}, /invoices/{id}/file and /invoices/{id}/einvoice — short-lived links to a page's image,
/// the uploaded file and an e-invoice's XML (see <see cref="InvoiceDownloads"/>);
/// GET /review — operators only: every user's invoices in NEEDS_REVIEW, oldest first;
/// GET /invoices/export — the caller's invoices as CSV or JSON Lines (see <see cref="InvoiceExport"/>);
/// GET /health — no token: the function answers (see <see cref="HealthEndpoint"/>).
/// Another user's invoice is a 404, not a 403, so ids cannot be probed; operators reach any invoice by its id.
/// </summary>
public sealed class GetInvoicesHandler(IInvoiceRepository invoices, InvoiceExport export, InvoiceDownloads downloads, HealthEndpoint health)
    : ILambdaHandler<APIGatewayHttpApiV2ProxyRequest, APIGatewayHttpApiV2ProxyResponse>
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;
    public const string ExportRoute = "GET /invoices/export";
    public const string PageRoute = "GET /invoices/{id}/pages/{n}";
    public const string FileRoute = "GET /invoices/{id}/file";
    public const string EInvoiceRoute = "GET /invoices/{id}/einvoice";

    public Task<APIGatewayHttpApiV2ProxyResponse> HandleAsync(APIGatewayHttpApiV2ProxyRequest request, ILambdaContext context) =>
        ApiResponses.GuardAsync(context, async () =>
        {
            var route = Route(request);
            // The one route without a token: answered before anything asks who is calling.
            if (route == HealthEndpoint.RouteKey)
                return health.Answer();
            var actor = request.RequireActor();
            var id = request.GetPathParameter("id");
            return route switch
            {
                ExportRoute => await ExportAsync(actor.Id, request, context),
                "GET /review" => await ReviewQueueAsync(actor, request, context),
                "GET /invoices/{id}/history" => await HistoryAsync(actor, request.InvoiceIdParameter(), request, context),
                PageRoute => ApiResponses.Json(200,
                    await downloads.PageAsync(actor, request.InvoiceIdParameter(), request.GetPathParameter("n") ?? "", context.CancellationToken),
                    InvoiceScannerJsonContext.Default.PageImageLink),
                FileRoute => ApiResponses.Json(200,
                    await downloads.OriginalAsync(actor, request.InvoiceIdParameter(), context.CancellationToken),
                    InvoiceScannerJsonContext.Default.OriginalFileLink),
                EInvoiceRoute => ApiResponses.Json(200,
                    await downloads.EInvoiceAsync(actor, request.InvoiceIdParameter(), context.CancellationToken),
                    InvoiceScannerJsonContext.Default.OriginalFileLink),
                _ when id is not null => ApiResponses.Invoice(200, await invoices.FindAsync(actor, id, context.CancellationToken)),
                _ => await ListAsync(actor.Id, request, context),
            };
        });

    /// <summary>
    /// The route key; derived from the path where a caller's event has none. The literal paths win over /invoices/{id}
    /// whatever the event's route key says, so "export" is never taken for an invoice id.
    /// </summary>
    private static string Route(APIGatewayHttpApiV2ProxyRequest request) =>
        request.RawPath == "/invoices/export" || request.GetPathParameter("id") == "export" ? ExportRoute
        : request.RawPath == HealthEndpoint.Path ? HealthEndpoint.RouteKey
        : request.RouteKey is { } key && key.StartsWith("GET ", StringComparison.Ordinal) ? key
        : request.RawPath?.EndsWith("/history", StringComparison.Ordinal) == true ? "GET /invoices/{id}/history"
        : request.RawPath?.EndsWith("/file", StringComparison.Ordinal) == true ? FileRoute
        : request.RawPath?.EndsWith("/einvoice", StringComparison.Ordinal) == true ? EInvoiceRoute
        : request.RawPath?.Contains("/pages/", StringComparison.Ordinal) == true ? PageRoute
        : request.RawPath == "/review" ? "GET /review"
        : "";

    private async Task<APIGatewayHttpApiV2ProxyResponse> ListAsync(string userId, APIGatewayHttpApiV2ProxyRequest request, ILambdaContext context)
    {
        var errors = new Dictionary<string, string>();
        var limit = ReadLimit(request, errors);
        InvoiceStatus? status = null;
        if (request.GetQuery("status") is { } statusText)
        {
            if (InvoiceStatuses.TryParseWire(statusText, out var parsed))
                status = parsed;
            else
                errors["status"] = "must be one of " + string.Join(", ", Enum.GetValues<InvoiceStatus>().Select(s => s.ToWire()));
        }
        var order = request.GetQuery("order") ?? "newest";
        if (order is not ("newest" or "oldest"))
            errors["order"] = "must be newest (the default) or oldest";
        if (errors.Count > 0)
            throw new RequestValidationException(ErrorCodes.ValidationFailed, "The query is invalid.", errors);

        var query = new InvoiceQuery(userId, limit, request.GetQuery("cursor"), status) { OldestFirst = order == "oldest" };
        var page = await invoices.ListAsync(query, context.CancellationToken);
        return ApiResponses.Json(200,
            new InvoiceListResponse(page.Items.Select(InvoiceViews.Summary).ToList(), page.NextCursor),
            InvoiceScannerJsonContext.Default.InvoiceListResponse);
    }

    private async Task<APIGatewayHttpApiV2ProxyResponse> ExportAsync(string userId, APIGatewayHttpApiV2ProxyRequest request, ILambdaContext context)
    {
        var query = ExportQuery.Parse(request.GetQuery);
        switch (await export.RunAsync(userId, query, context.CancellationToken))
        {
            case StoredExport stored:
                // Too large to answer inline: 303 to a short-lived link (curl -L follows it), with the link as body too.
                var link = ApiResponses.Json(303, new ExportLink(stored.Url.AbsoluteUri, stored.ExpiresAt, stored.Rows), ExportJsonContext.Default.ExportLink);
                link.Headers!["location"] = stored.Url.AbsoluteUri;
                return link;
            case InlineExport inline:
                var response = ApiResponses.Content(200, Encoding.UTF8.GetString(inline.Content), inline.ContentType);
                response.Headers!["content-disposition"] = $"attachment; filename={inline.FileName}";
                return response;
            default:
                throw new InvalidOperationException("An export is either inline or stored.");
        }
    }

    private async Task<APIGatewayHttpApiV2ProxyResponse> HistoryAsync(Actor actor, string id, APIGatewayHttpApiV2ProxyRequest request, ILambdaContext context)
    {
        var errors = new Dictionary<string, string>();
        var limit = ReadLimit(request, errors);
        if (errors.Count > 0)
            throw new RequestValidationException(ErrorCodes.ValidationFailed, "The query is invalid.", errors);
        var offset = request.GetQuery("cursor") is { } cursor ? HistoryCursor.Decode(cursor) : 0;

        var invoice = await invoices.FindAsync(actor, id, context.CancellationToken);
        // Numbered over the whole history (attempts count from the start), then cut to the page.
        var all = InvoiceViews.History(await invoices.HistoryAsync(invoice.UserId, invoice.InvoiceId, context.CancellationToken));
        var page = all.Skip(offset).Take(limit).ToList();
        var next = offset + page.Count < all.Count ? HistoryCursor.Encode(offset + page.Count) : null;
        return ApiResponses.Json(200, new HistoryResponse(page, next), InvoiceScannerJsonContext.Default.HistoryResponse);
    }

    private async Task<APIGatewayHttpApiV2ProxyResponse> ReviewQueueAsync(Actor actor, APIGatewayHttpApiV2ProxyRequest request, ILambdaContext context)
    {
        InvoiceAccess.RequireOperator(actor);
        var errors = new Dictionary<string, string>();
        var limit = ReadLimit(request, errors);
        if (errors.Count > 0)
            throw new RequestValidationException(ErrorCodes.ValidationFailed, "The query is invalid.", errors);
        var page = await invoices.ReviewQueueAsync(limit, request.GetQuery("cursor"), context.CancellationToken);
        return ApiResponses.Json(200,
            new InvoiceListResponse([.. page.Items.Select(i => InvoiceViews.Summary(i) with { Owner = i.UserId })], page.NextCursor),
            InvoiceScannerJsonContext.Default.InvoiceListResponse);
    }

    private static int ReadLimit(APIGatewayHttpApiV2ProxyRequest request, Dictionary<string, string> errors)
    {
        var limit = DefaultPageSize;
        if (request.GetQuery("limit") is { } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > MaxPageSize))
            errors["limit"] = $"must be a whole number from 1 to {MaxPageSize}";
        return limit;
    }
}
