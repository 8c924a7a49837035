using InvoiceScanner.Core;
using InvoiceScanner.Core.Api;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.Hosting;
using InvoiceScanner.Hosting.Events;
using InvoiceScanner.Triggers.Http;

namespace UploadPresign;

/// <summary>POST /invoices: creates the invoice record and returns where to PUT the file.</summary>
public sealed class UploadPresignHandler(InvoiceUploads uploads)
    : ILambdaHandler<APIGatewayHttpApiV2ProxyRequest, APIGatewayHttpApiV2ProxyResponse>
{
    public Task<APIGatewayHttpApiV2ProxyResponse> HandleAsync(APIGatewayHttpApiV2ProxyRequest request, ILambdaContext context) =>
        ApiResponses.GuardAsync(context, async () =>
        {
            var userId = request.RequireUserId();
            var body = request.ReadJsonBody(InvoiceScannerJsonContext.Default.CreateInvoiceBody, new CreateInvoiceBody(null, null, null));
            var ticket = await uploads.CreateAsync(userId, new NewInvoiceRequest(body.FileName, body.ContentType, body.Size), context.CancellationToken);
            context.Logger.Info("Invoice created", ("invoiceId", ticket.Invoice.InvoiceId), ("contentType", ticket.Invoice.ContentType));

            var upload = new UploadInstructions(ticket.Upload.Url.AbsoluteUri, ticket.Upload.Method, ticket.Upload.Headers, ticket.Upload.ExpiresAt);
            var response = ApiResponses.Json(201,
                new CreateInvoiceResponse(ticket.Invoice.InvoiceId, ticket.Invoice.Status.ToWire(), upload),
                InvoiceScannerJsonContext.Default.CreateInvoiceResponse);
            response.Headers!["location"] = $"/invoices/{ticket.Invoice.InvoiceId}";
            return response;
        });
}
