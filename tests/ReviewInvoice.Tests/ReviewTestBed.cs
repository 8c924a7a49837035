using InvoiceScanner.Core.Erasure;
using InvoiceScanner.Core.Review;
using InvoiceScanner.Hosting.Events;
using InvoiceScanner.TestSupport;
using InvoiceScanner.TestSupport.Fakes;

namespace ReviewInvoice.Tests;

/// <summary>The handler and the sample requests on the read invoice of <see cref="ReadInvoiceTestBed"/>.</summary>
public abstract class ReviewTestBed : ReadInvoiceTestBed
{
    protected ReviewInvoiceHandler Handler() =>
        new(new InvoiceReview(Invoices, Clock), new InvoiceReprocessing(Invoices, Objects, Clock), new InvoiceErasure(Invoices, Objects, Clock));

    protected static APIGatewayHttpApiV2ProxyRequest Patch(string body, string? ifMatch)
    {
        var request = Events.Http("patch-invoice.json");
        request.Body = body;
        if (ifMatch is null) request.Headers!.Remove("if-match"); else request.Headers!["if-match"] = ifMatch;
        return request;
    }

    protected static APIGatewayHttpApiV2ProxyRequest Approve(string body = "{}")
    {
        var request = Events.Http("approve-invoice.json");
        request.Body = body;
        return request;
    }

    protected static APIGatewayHttpApiV2ProxyRequest DeleteInvoice(string id = SampleInvoiceId)
    {
        var request = Events.Http("delete-invoice.json");
        request.PathParameters!["id"] = id;
        return request;
    }

    protected static APIGatewayHttpApiV2ProxyRequest DeleteMe() => Events.Http("delete-me.json");

    protected static APIGatewayHttpApiV2ProxyRequest Reprocess(string body = "{}", string? key = null)
    {
        var request = Events.Http("reprocess-invoice.json");
        request.Body = body;
        if (key is null) request.Headers!.Remove("idempotency-key"); else request.Headers!["idempotency-key"] = key;
        return request;
    }
}
