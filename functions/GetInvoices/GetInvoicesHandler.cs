using System.Globalization;
using InvoiceScanner.Core;
using InvoiceScanner.Core.Api;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.Hosting;
using InvoiceScanner.Hosting.Events;
using InvoiceScanner.Triggers.Http;

namespace GetInvoices;

/// <summary>
/// GET /invoices (the caller's invoices, newest first, cursor-paginated, optional status filter) and
/// GET /invoices/{id} (status, failure reason, extracted fields). Another user's invoice is a 404, not a 403,
/// so ids cannot be probed.
/// </summary>
public sealed class GetInvoicesHandler(IInvoiceRepository invoices)
    : ILambdaHandler<APIGatewayHttpApiV2ProxyRequest, APIGatewayHttpApiV2ProxyResponse>
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public Task<APIGatewayHttpApiV2ProxyResponse> HandleAsync(APIGatewayHttpApiV2ProxyRequest request, ILambdaContext context) =>
        ApiResponses.GuardAsync(context, async () =>
        {
            var userId = request.RequireUserId();
            var id = request.GetPathParameter("id");
            return id is null ? await ListAsync(userId, request, context) : await GetAsync(userId, id, context);
        });

    private async Task<APIGatewayHttpApiV2ProxyResponse> GetAsync(string userId, string id, ILambdaContext context)
    {
        if (!InvoiceId.IsValid(id))
            throw new RequestValidationException(ErrorCodes.ValidationFailed, "The invoice id is malformed.",
                new Dictionary<string, string> { ["id"] = "expected a 26-character invoice id as returned by POST /invoices" });
        var invoice = await invoices.GetAsync(userId, id, context.CancellationToken);
        return invoice is null
            ? ApiResponses.Error(404, ErrorCodes.NotFound, $"No invoice {id}.", context)
            : ApiResponses.Json(200, InvoiceViews.Detail(invoice), InvoiceScannerJsonContext.Default.InvoiceView);
    }

    private async Task<APIGatewayHttpApiV2ProxyResponse> ListAsync(string userId, APIGatewayHttpApiV2ProxyRequest request, ILambdaContext context)
    {
        var errors = new Dictionary<string, string>();
        var limit = DefaultPageSize;
        if (request.GetQuery("limit") is { } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > MaxPageSize))
            errors["limit"] = $"must be a whole number from 1 to {MaxPageSize}";
        InvoiceStatus? status = null;
        if (request.GetQuery("status") is { } statusText)
        {
            if (InvoiceStatuses.TryParseWire(statusText, out var parsed))
                status = parsed;
            else
                errors["status"] = "must be one of " + string.Join(", ", Enum.GetValues<InvoiceStatus>().Select(s => s.ToWire()));
        }
        if (errors.Count > 0)
            throw new RequestValidationException(ErrorCodes.ValidationFailed, "The query is invalid.", errors);

        var page = await invoices.ListAsync(new InvoiceQuery(userId, limit, request.GetQuery("cursor"), status), context.CancellationToken);
        return ApiResponses.Json(200,
            new InvoiceListResponse(page.Items.Select(InvoiceViews.Summary).ToList(), page.NextCursor),
            InvoiceScannerJsonContext.Default.InvoiceListResponse);
    }
}
