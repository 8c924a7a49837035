using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Memory;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.Core.Review;
using InvoiceScanner.Core.Validation;
using InvoiceScanner.Storage.S3;
using InvoiceScanner.TestSupport.Fakes;

namespace InvoiceScanner.Tests.Domain;

/// <summary>
/// The diverted-payment check on in-memory adapters: an invoice of a vendor the owner approved before, asking payment to an
/// account none of that vendor's approvals named, is held (VENDOR_ACCOUNT_CHANGED) and approved only over the check with a
/// reason — which makes the account one of the vendor's.
/// </summary>
public class VendorAccountTests
{
    private const string Alice = "user-alice";
    private const string Bob = "user-bob";
    private const string Known = "DE89370400440532013000";
    private const string Other = "GB82WEST12345698765432";
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
    private readonly InMemoryInvoiceRepository _invoices = new();
    private readonly InMemoryObjectStore _objects = new();
    private readonly InMemoryVendorMemoryStore _memory = new();
    private readonly ProcessingSettings _settings = new() { Lease = TimeSpan.FromMinutes(5) };
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Reads the page as the scripted draft: what is under test is the account check, not the reading aid.</summary>
    private sealed class DraftAsRead : IVendorPrior
    {
        public ExtractionResult Apply(OcrDocument document, ExtractionResult draft, VendorMemory memory, OcrDocument? remembered, ExtractionOptions options) => draft;
    }

    private static Field<string> Text(string value) => new(value, value, 0.95);

    private static InvoiceFields Fields(string? iban, string number = "RE-1") => new()
    {
        VendorName = Text("Nordwind Papier GmbH"),
        VendorTaxId = Text("DE123456789"),
        InvoiceNumber = Text(number),
        InvoiceDate = new Field<DateOnly>(new DateOnly(2026, 12, 1), "01.12.2026", 0.95),
        Total = new Field<decimal>(119m, "119,00", 0.95),
        Currency = Text("EUR"),
        Iban = iban is null ? null : Text(iban),
    };

    private InvoiceReview Review => new(_invoices, _clock, _memory);

    private async Task<InvoiceRecord> ScanAsync(string user, InvoiceFields fields, OcrDocument? document = null)
    {
        var ocr = new S3OcrResultStore(_objects);
        var (id, ocrKey) = await OcrReadyInvoice.CreateAsync(_invoices, ocr, _clock, user, document ?? Documents.FromLines("Nordwind Papier GmbH"));
        var processor = new ExtractionProcessor(_invoices, ocr, new ScriptedExtractor(_ => new ExtractionResult(fields, [], [], 0.95, "scripted")),
            ExtractionOptions.Default, _clock, _settings, new VendorMemoryReader(_memory, new DraftAsRead(), ocr));
        Assert.Equal(OutcomeKind.Processed, (await processor.ExtractAsync(ocrKey, Ct)).Kind);
        return (await _invoices.GetAsync(user, id, Ct))!;
    }

    private async Task<InvoiceRecord> ApprovedAsync(string user, InvoiceFields fields)
    {
        var invoice = await ScanAsync(user, fields);
        return await Review.ApproveAsync(Actor.User(user), invoice.InvoiceId, null, new ApprovalRequest(), Ct);
    }

    private static IReadOnlyList<ReviewReason> Reasons(InvoiceRecord invoice) => EffectiveResult.Of(invoice)!.ReviewReasons;

    [Fact]
    public async Task A_known_vendor_asking_payment_to_a_new_account_is_held_naming_both_accounts()
    {
        var approved = await ApprovedAsync(Alice, Fields(Known));

        var diverted = await ScanAsync(Alice, Fields("gb82 west 1234 5698 7654 32", "RE-2"));

        Assert.Equal(InvoiceStatus.NeedsReview, diverted.Status);
        var reason = Assert.Single(Reasons(diverted));
        Assert.Equal((ReviewCodes.VendorAccountChanged, FieldNames.Iban), (reason.Code, reason.Field));
        Assert.Contains("GB82 WEST 1234 5698 7654 32", reason.Message, StringComparison.Ordinal);
        Assert.Contains("DE89 3704 0044 0532 0130 00", reason.Message, StringComparison.Ordinal);
        Assert.Contains(approved.InvoiceId, reason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_account_no_account_a_first_account_and_another_users_memory_pass()
    {
        await ApprovedAsync(Alice, Fields(iban: null));
        var firstAccount = await ScanAsync(Alice, Fields(Other, "RE-2"));
        await ApprovedAsync(Bob, Fields(Known));

        var same = await ScanAsync(Bob, Fields("DE89 3704 0044 0532 0130 00", "RE-3"));
        var none = await ScanAsync(Bob, Fields(iban: null, "RE-4"));
        var alicesOwn = await ScanAsync(Alice, Fields(Other, "RE-5"));

        Assert.All(new[] { firstAccount, same, none, alicesOwn }, invoice => Assert.Equal(InvoiceStatus.Completed, invoice.Status));
    }

    [Fact]
    public async Task Approval_needs_an_override_and_then_both_accounts_are_the_vendors()
    {
        await ApprovedAsync(Alice, Fields(Known));
        var diverted = await ScanAsync(Alice, Fields(Other, "RE-2"));

        var refused = await Assert.ThrowsAsync<ReviewRefusedException>(
            () => Review.ApproveAsync(Actor.User(Alice), diverted.InvoiceId, null, new ApprovalRequest(), Ct));
        var approved = await Review.ApproveAsync(Actor.User(Alice), diverted.InvoiceId, null,
            new ApprovalRequest(true, "new account confirmed by phone with the vendor's accounts team"), Ct);
        var onOld = await ScanAsync(Alice, Fields(Known, "RE-3"));
        var onNew = await ScanAsync(Alice, Fields(Other, "RE-4"));

        Assert.Contains(ReviewCodes.VendorAccountChanged, refused.Details!.Keys);
        Assert.Equal([ReviewCodes.VendorAccountChanged], approved.Approval!.OverriddenCodes);
        Assert.Equal((InvoiceStatus.Completed, InvoiceStatus.Completed), (onOld.Status, onNew.Status));
    }

    [Fact]
    public async Task An_e_invoices_account_is_checked_though_its_xml_needs_no_reading_aid()
    {
        await ApprovedAsync(Alice, Fields(Known));

        var xml = await ScanAsync(Alice, Fields(Other, "RE-2"), Documents.FromLines("x") with { EInvoice = new EInvoiceFile("<Invoice/>", "UBL Invoice") });

        Assert.Equal(ReviewCodes.VendorAccountChanged, Assert.Single(Reasons(xml)).Code);
    }

    [Fact]
    public async Task A_person_setting_the_account_settles_the_doubt_and_the_memory_keeps_a_bounded_list()
    {
        var memory = new VendorMemory(Alice, "vat:de123456789", "A", null, _clock.Now)
        {
            Keys = ["vat:de123456789", .. Enumerable.Range(0, 8).Select(i => $"iban:acct{i}")],
        };
        var learned = memory with { SourceInvoiceId = "B", Keys = ["vat:de123456789", "iban:new"] };

        var kept = VendorAccounts.KeepingAccounts(learned, memory);

        Assert.Equal(VendorAccounts.MaxAccounts, VendorAccounts.Approved(kept).Count);
        Assert.Equal(["NEW", "ACCT0", "ACCT1", "ACCT2", "ACCT3"], VendorAccounts.Approved(kept));
        var reason = VendorAccounts.Check(Fields(Other), new VendorMemory(Alice, "k", "A", null, _clock.Now) { Keys = ["iban:" + Known.ToLowerInvariant()] })!;
        var settled = EffectiveResult.Apply(new ExtractionResult(Fields(Other), [], [reason], 0.9, "rules"),
            [new FieldCorrection("iban", "\"" + Known + "\"", "user-alice", _clock.Now)], null);
        Assert.Empty(settled.ReviewReasons);
    }
}
