using InvoiceScanner.Core.Erasure;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.Core.Review;
using InvoiceScanner.Core.Storage;
using InvoiceScanner.Core.Validation;
using InvoiceScanner.Storage.S3;
using InvoiceScanner.TestSupport.Fakes;

namespace InvoiceScanner.Tests.Domain;

/// <summary>
/// ExtractData's duplicate check on in-memory adapters: the same file again, or the same vendor's number again, goes to
/// review naming the first invoice — within one user's invoices, never the invoice itself, never one gone or being erased.
/// </summary>
public class DuplicateTests
{
    private const string Alice = "user-alice";
    private const string Bob = "user-bob";
    private const string FileA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string FileB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private const string FileC = "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc";
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
    private readonly InMemoryInvoiceRepository _invoices = new();
    private readonly InMemoryObjectStore _objects = new();
    private readonly InMemoryDuplicateIndex _index = new();
    private readonly ProcessingSettings _settings = new() { Lease = TimeSpan.FromMinutes(5) };
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Field<string> Text(string value) => new(value, value, 0.95);

    private static InvoiceFields Fields(string number, decimal? total = 119m, string vendor = "Nordwind Papier GmbH", string? vat = null) => new()
    {
        VendorName = Text(vendor),
        VendorTaxId = vat is null ? null : Text(vat),
        InvoiceNumber = Text(number),
        Total = total is { } t ? new Field<decimal>(t, t.ToString(System.Globalization.CultureInfo.InvariantCulture), 0.95) : null,
        Currency = Text("EUR"),
    };

    private ExtractionProcessor Extractor(InvoiceFields fields) => new(_invoices, new S3OcrResultStore(_objects),
        new ScriptedExtractor(_ => new ExtractionResult(fields, [], [], 0.95, "scripted")), ExtractionOptions.Default, _clock, _settings,
        duplicates: new DuplicateCheck(_index, _invoices));

    /// <summary>An upload whose file (its SHA-256) ProcessInvoice recorded, then read by ExtractData with these fields.</summary>
    private async Task<InvoiceRecord> ScanAsync(string user, string sha256, InvoiceFields fields)
    {
        var (id, _) = await OcrReadyInvoice.CreateAsync(_invoices, new S3OcrResultStore(_objects), _clock, user, Documents.FromLines("Nordwind Papier GmbH"), sha256);
        return await ExtractAsync(user, id, fields);
    }

    private async Task<InvoiceRecord> ExtractAsync(string user, string id, InvoiceFields fields)
    {
        var outcome = await Extractor(fields).ExtractAsync(ObjectKeys.OcrResult(user, id), Ct);
        Assert.Equal(OutcomeKind.Processed, outcome.Kind);
        return (await _invoices.GetAsync(user, id, Ct))!;
    }

    private static IReadOnlyList<ReviewReason> Reasons(InvoiceRecord invoice) => EffectiveResult.Of(invoice)!.ReviewReasons;

    [Fact]
    public async Task The_same_file_twice_sends_the_later_to_review_naming_the_first()
    {
        var first = await ScanAsync(Alice, FileA, Fields("RE-1"));
        var second = await ScanAsync(Alice, FileA, Fields("RE-1"));

        Assert.Equal(InvoiceStatus.Completed, first.Status);
        Assert.Equal(InvoiceStatus.NeedsReview, second.Status);
        var reason = Assert.Single(Reasons(second));
        Assert.Equal((ReviewCodes.DuplicateFile, first.InvoiceId), (reason.Code, reason.DuplicateOf));
        Assert.Contains(first.InvoiceId, reason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_vendors_number_again_is_a_possible_duplicate_unless_the_totals_differ()
    {
        var first = await ScanAsync(Alice, FileA, Fields("RE-2026/0417", vat: "DE 123 456 789"));
        // Printed another way, and this time without its VAT id read: the name still finds it.
        var reissued = await ScanAsync(Alice, FileB, Fields("re 2026 0417", vendor: "NORDWIND PAPIER GMBH"));
        var otherTotal = await ScanAsync(Alice, FileC, Fields("RE-2026-0417", total: 59.50m));
        var otherVendor = await ScanAsync(Alice, new string('d', 64), Fields("RE-2026-0417", vendor: "Südwind Papier GmbH"));

        Assert.Equal(InvoiceStatus.NeedsReview, reissued.Status);
        var reason = Assert.Single(Reasons(reissued));
        Assert.Equal((ReviewCodes.PossibleDuplicate, first.InvoiceId, FieldNames.InvoiceNumber), (reason.Code, reason.DuplicateOf, reason.Field));
        Assert.Equal((InvoiceStatus.Completed, InvoiceStatus.Completed), (otherTotal.Status, otherVendor.Status));
    }

    [Fact]
    public async Task Another_users_same_file_and_number_are_never_duplicates()
    {
        await ScanAsync(Alice, FileA, Fields("RE-1"));

        var bobs = await ScanAsync(Bob, FileA, Fields("RE-1"));

        Assert.Equal(InvoiceStatus.Completed, bobs.Status);
        Assert.Empty(Reasons(bobs));
        Assert.All(_index.Keys(Bob).Values, holder => Assert.Equal(bobs.InvoiceId, holder));
    }

    [Fact]
    public async Task An_invoice_read_again_is_not_its_own_duplicate()
    {
        var first = await ScanAsync(Alice, FileA, Fields("RE-1"));
        var reprocessing = new InvoiceReprocessing(_invoices, _objects, _clock);
        var statuses = new List<InvoiceStatus>();

        for (var round = 0; round < 2; round++)
        {
            await reprocessing.ReprocessAsync(Actor.User(Alice), first.InvoiceId, new ReprocessRequest(), null, Ct);
            var again = await ExtractAsync(Alice, first.InvoiceId, Fields("RE-1"));
            statuses.Add(again.Status);
            Assert.Empty(Reasons(again));
        }

        Assert.Equal([InvoiceStatus.Completed, InvoiceStatus.Completed], statuses);
        Assert.All(_index.Keys(Alice).Values, holder => Assert.Equal(first.InvoiceId, holder));
    }

    [Fact]
    public async Task An_erased_first_invoice_takes_its_lookups_with_it_and_the_next_is_no_duplicate()
    {
        var first = await ScanAsync(Alice, FileA, Fields("RE-1"));
        var kept = await ScanAsync(Alice, FileC, Fields("RE-9"));
        Assert.Contains(_index.Keys(Alice).Values, h => h == first.InvoiceId);

        await new InvoiceErasure(_invoices, _objects, _clock, _index).EraseInvoiceAsync(Actor.User(Alice), first.InvoiceId, Ct);
        var next = await ScanAsync(Alice, FileA, Fields("RE-1"));

        Assert.DoesNotContain(first.InvoiceId, _index.Keys(Alice).Values);
        Assert.Contains(kept.InvoiceId, _index.Keys(Alice).Values);
        Assert.Equal(InvoiceStatus.Completed, next.Status);
        Assert.Equal(next.InvoiceId, _index.Keys(Alice)[DuplicateKeys.File(FileA)]);
    }

    [Fact]
    public async Task A_lookup_naming_an_invoice_being_erased_does_not_count_and_is_taken_over()
    {
        var first = await ScanAsync(Alice, FileA, Fields("RE-1"));
        await _invoices.MarkErasingAsync(Alice, first.InvoiceId, _clock.Now, Ct); // erasure under way, lookups still there

        var next = await ScanAsync(Alice, FileA, Fields("RE-1"));

        Assert.Equal(InvoiceStatus.Completed, next.Status);
        Assert.All(_index.Keys(Alice).Values, holder => Assert.Equal(next.InvoiceId, holder));
    }

    [Fact]
    public async Task A_duplicate_blocks_approval_unless_a_person_overrides_it_with_a_reason()
    {
        await ScanAsync(Alice, FileA, Fields("RE-1"));
        var second = await ScanAsync(Alice, FileA, Fields("RE-1"));
        var review = new InvoiceReview(_invoices, _clock);

        var refused = await Assert.ThrowsAsync<ReviewRefusedException>(
            () => review.ApproveAsync(Actor.User(Alice), second.InvoiceId, null, new ApprovalRequest(), Ct));
        var approved = await review.ApproveAsync(Actor.User(Alice), second.InvoiceId, null, new ApprovalRequest(true, "credit note follows"), Ct);

        Assert.Contains(ReviewCodes.DuplicateFile, refused.Details!.Keys);
        Assert.Equal(InvoiceStatus.Completed, approved.Status);
        Assert.Equal([ReviewCodes.DuplicateFile], approved.Approval!.OverriddenCodes);
    }
}
