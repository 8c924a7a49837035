using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Memory;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.Core.Storage;
using InvoiceScanner.Storage.S3;
using InvoiceScanner.TestSupport.Fakes;

namespace InvoiceScanner.Tests.Domain;

/// <summary>ExtractData with vendor memory: which drafts are read with a memory, and whose.</summary>
public class VendorMemoryReaderTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
    private const string ApprovedId = "01KBN0000000000000000000AA";
    private readonly InMemoryVendorMemoryStore _store = new();
    private readonly InMemoryObjectStore _objects = new();
    private readonly RecordingPrior _prior = new();

    private sealed class RecordingPrior : IVendorPrior
    {
        public List<(VendorMemory Memory, OcrDocument? Remembered)> Calls { get; } = [];

        public ExtractionResult Apply(OcrDocument document, ExtractionResult draft, VendorMemory memory, OcrDocument? remembered, ExtractionOptions options)
        {
            Calls.Add((memory, remembered));
            return draft with { Fields = draft.Fields with { VendorName = new Field<string>(memory.VendorName!, memory.VendorName!, 0.95) } };
        }
    }

    private static ExtractionResult Draft(string vendor) => Documents.Result(119m, "EUR") with
    {
        Fields = Documents.Result(119m, "EUR").Fields with { VendorName = new Field<string>(vendor, vendor, 0.6) },
    };

    private async Task RememberAsync(string user)
    {
        var approvedOcr = ObjectKeys.OcrResult(user, ApprovedId);
        await new S3OcrResultStore(_objects).SaveAsync(approvedOcr, Documents.FromLines("Nordwind Papier GmbH", "Rechnungsnummer RE-1"), CancellationToken.None);
        await _store.SaveAsync(new VendorMemory(user, "name:nordwindpapiergmbh", ApprovedId, approvedOcr, At)
        {
            VendorName = "Nordwind Papier GmbH",
            Keys = ["name:nordwindpapiergmbh"],
        }, CancellationToken.None);
    }

    private async Task<ExtractionResult> ReadAsync(string user, string invoiceId, ExtractionResult draft, OcrDocument? document = null)
    {
        var reader = new VendorMemoryReader(_store, _prior, new S3OcrResultStore(_objects));
        var key = ObjectKeys.Parse(ObjectKeys.OcrResult(user, invoiceId))!;
        return await reader.ApplyAsync(key, document ?? Documents.FromLines("x"), draft, ExtractionOptions.Default, CancellationToken.None);
    }

    [Fact]
    public async Task The_owners_memory_of_the_vendor_reads_the_next_invoice_with_the_approved_document()
    {
        await RememberAsync("alice");

        var read = await ReadAsync("alice", InvoiceId.New(At), Draft("NORDWIND PAPIER GMBH"));

        var (memory, remembered) = Assert.Single(_prior.Calls);
        Assert.Equal(ApprovedId, memory.SourceInvoiceId);
        Assert.Contains(remembered!.AllLines, l => l.Text == "Rechnungsnummer RE-1");
        Assert.Equal("Nordwind Papier GmbH", read.Fields.VendorName!.Value);
    }

    [Fact]
    public async Task Another_users_memory_another_vendor_the_approved_invoice_itself_and_e_invoices_are_left_alone()
    {
        await RememberAsync("alice");

        await ReadAsync("bob", InvoiceId.New(At), Draft("Nordwind Papier GmbH"));
        await ReadAsync("alice", InvoiceId.New(At), Draft("Südwind Papier GmbH"));
        await ReadAsync("alice", ApprovedId, Draft("Nordwind Papier GmbH"));
        await ReadAsync("alice", InvoiceId.New(At), Draft("Nordwind Papier GmbH"),
            Documents.FromLines("x") with { EInvoice = new EInvoiceFile("<Invoice/>", "UBL Invoice") });

        Assert.Empty(_prior.Calls);
    }

    [Fact]
    public async Task Extraction_judges_the_status_on_what_the_memory_read()
    {
        await RememberAsync("alice");
        var invoices = new InMemoryInvoiceRepository();
        var id = InvoiceId.New(At);
        var ocrKey = ObjectKeys.OcrResult("alice", id);
        await invoices.CreateAsync(new InvoiceRecord("alice", id, InvoiceStatus.AwaitingUpload, At, At, "a.pdf", ObjectKeys.Upload("alice", id, "a.pdf"), "application/pdf"), CancellationToken.None);
        await invoices.TransitionAsync("alice", id, new StatusUpdate(InvoiceStatus.Processing, At), CancellationToken.None);
        await new S3OcrResultStore(_objects).SaveAsync(ocrKey, Documents.FromLines("NORDWIND PAPIER GMBH", "Total 119,00 EUR"), CancellationToken.None);
        var processor = new ExtractionProcessor(invoices, new S3OcrResultStore(_objects), new ScriptedExtractor(_ => Draft("NORDWIND PAPIER GMBH")),
            ExtractionOptions.Default, new ManualClock(At), new ProcessingSettings(), new VendorMemoryReader(_store, _prior, new S3OcrResultStore(_objects)));

        await processor.ExtractAsync(ocrKey, CancellationToken.None);

        var stored = (await invoices.GetAsync("alice", id, CancellationToken.None))!;
        Assert.Equal(("Nordwind Papier GmbH", 0.95), (stored.Result!.Fields.VendorName!.Value, stored.Result.Fields.VendorName.Confidence));
        Assert.Single(_prior.Calls);
    }
}
