using InvoiceScanner.Core.Review;
using InvoiceScanner.TestSupport.Fakes;

namespace ReviewInvoice.Tests;

/// <summary>What an approval teaches the owner's vendor memory.</summary>
public class ApprovalMemoryTests : ReviewTestBed
{
    [Fact]
    public async Task An_approval_remembers_the_vendor_for_the_owner_with_the_approved_values()
    {
        var memory = new InMemoryVendorMemoryStore();
        var handler = new ReviewInvoiceHandler(new InvoiceReview(Invoices, Clock, memory), new InvoiceReprocessing(Invoices, Objects, Clock),
            new InvoiceScanner.Core.Erasure.InvoiceErasure(Invoices, Objects, Clock));
        await SeedReadAsync(user: "user-bob");

        await handler.HandleAsync(AsOperator(Patch("""{"fields":{"total":119,"vendorName":"ACME Office GmbH"}}""", await ETagAsync("user-bob"))), Context);
        await handler.HandleAsync(AsOperator(Approve()), Context);
        await handler.HandleAsync(AsOperator(Approve()), Context);

        var learned = Assert.Single(memory.Entries).Value;
        Assert.Equal(("user-bob", "name:acmeofficegmbh", SampleInvoiceId, OcrKey.Replace(Alice, "user-bob", StringComparison.Ordinal)),
            (learned.UserId, learned.VendorKey, learned.SourceInvoiceId, learned.SourceOcrKey));
        Assert.Equal(("ACME Office GmbH", "EUR", 2), (learned.VendorName, learned.Currency, learned.Approvals));
        Assert.Equal("119", learned.Fields["total"]);
        Assert.Equal("\"RE-17\"", learned.Fields["invoiceNumber"]);
        Assert.DoesNotContain("vendorName", learned.Fields.Keys);
    }
}
