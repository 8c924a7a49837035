using System.Security.Cryptography;
using System.Text;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Storage;

namespace InvoiceScanner.Core.Processing;

/// <summary>
/// ProcessInvoice's domain: claims the invoice, checks the uploaded file before any OCR, finds an e-invoice in it
/// (an XML upload, or the XML a hybrid PDF carries), runs the OCR engine on the pages, draws the pages people look at
/// (pages/, when a renderer is given), and stores the normalised document under ocr/ (whose event drives ExtractData).
/// </summary>
public sealed class DocumentProcessor(
    IInvoiceRepository invoices,
    IObjectStore objects,
    IOcrEngine ocr,
    IEInvoiceFinder einvoices,
    IOcrResultStore ocrResults,
    TimeProvider clock,
    ProcessingSettings settings,
    IPageImageRenderer? pageImages = null)
{
    private readonly UploadGate _gate = new(invoices, objects, clock, settings);
    private readonly PageImageWriter _pages = new(pageImages, objects, clock);

    public async Task<ProcessingOutcome> ProcessUploadAsync(ObjectCreated created, CancellationToken cancellationToken)
    {
        var key = created.Key;
        var parsed = ObjectKeys.Parse(key);
        if (parsed is not { Kind: ObjectKind.Upload })
            return await _gate.RefuseUnownedAsync(key, cancellationToken);
        if (await _gate.RefuseAsync(parsed, created, cancellationToken) is { } refused)
            return refused;

        return await invoices.ClaimAndRunAsync(clock, settings, parsed, ClaimedStep.Ocr,
            async () =>
            {
                var (document, facts) = await ReadAndCheckAsync(parsed, cancellationToken);
                var search = einvoices.Search(facts.Kind, document);
                if (search.EInvoice is { } einvoice)
                    return await StoreEInvoiceAsync(parsed, facts with { EInvoice = einvoice.Syntax, EInvoiceAttachment = einvoice.AttachmentName },
                        einvoice, document, cancellationToken);
                var input = new OcrInput(objects.BucketName, key, facts.Kind, document);
                if (ocr is IAsyncOcrEngine jobs && jobs.RequiresAsync(input))
                {
                    var jobId = await jobs.StartAsync(input, parsed.InvoiceId, cancellationToken);
                    // Stays PROCESSING; the engine's completion notice comes back to CompleteJobAsync.
                    return new ProcessingOutcome(key, OutcomeKind.Processed, $"{ocr.Name} job {jobId} started")
                    {
                        InvoiceId = parsed.InvoiceId,
                        Status = InvoiceStatus.Processing.ToWire(),
                    };
                }
                var started = clock.GetTimestamp();
                var recognised = await ocr.RecognizeAsync(input, cancellationToken);
                var seconds = clock.GetElapsedTime(started).TotalSeconds;
                var images = await _pages.WriteAsync(parsed, facts.Kind, document, cancellationToken);
                var stored = await StoreAsync(parsed, facts, recognised with { UnreadableEInvoice = search.UnreadableAttachment }, cancellationToken);
                return stored.With(images) with { OcrSeconds = seconds };
            },
            cancellationToken);
    }

    /// <summary>
    /// The OCR engine's own notice that a job ended, read by the engine that started the job. Throws
    /// <see cref="FormatException"/> when the message is not one, or when this deployment's engine runs no jobs.
    /// </summary>
    public OcrJobCompletion ReadJobNotice(string message) =>
        ocr is IAsyncOcrEngine jobs
            ? jobs.ReadCompletionNotice(message)
            : throw new FormatException($"The OCR engine '{ocr.Name}' runs no jobs, so it sends no completion notices.");

    /// <summary>
    /// An asynchronous OCR job ended: collect its result and continue as a synchronous read would have.
    /// Duplicate notices find the invoice past PROCESSING and are skipped.
    /// </summary>
    public async Task<ProcessingOutcome> CompleteJobAsync(OcrJobCompletion completion, CancellationToken cancellationToken)
    {
        var parsed = ObjectKeys.Parse(completion.Key);
        if (parsed is not { Kind: ObjectKind.Upload } || completion.Bucket != objects.BucketName || ocr is not IAsyncOcrEngine jobs)
            return new ProcessingOutcome(completion.Key, OutcomeKind.Skipped, $"job {completion.JobId} is not for an upload of this deployment");
        var invoice = await invoices.GetAsync(parsed.UserId, parsed.InvoiceId, cancellationToken);
        if (invoice?.Status != InvoiceStatus.Processing)
            return InvoiceClaims.Skipped(parsed, invoice is null
                ? new TransitionResult(TransitionOutcome.NotFound)
                : new TransitionResult(TransitionOutcome.Conflict, invoice.Status));
        if (!completion.Succeeded)
            return await invoices.RecordFailureAsync(clock, parsed, ErrorCodes.OcrFailed,
                $"The {ocr.Name} job failed: {completion.StatusMessage ?? "no reason given"}.", settings.Actor);
        // The claim was taken when the job started; its failures count and give up like any other attempt's.
        return await invoices.RunClaimedAsync(clock, settings, parsed, ClaimedStep.Ocr, async () =>
        {
            var recognised = await jobs.CompleteAsync(completion.JobId, cancellationToken);
            var (content, facts) = await ReadAndCheckAsync(parsed, cancellationToken);
            var unreadable = einvoices.Search(facts.Kind, content).UnreadableAttachment;
            var images = await _pages.WriteAsync(parsed, facts.Kind, content, cancellationToken);
            return (await StoreAsync(parsed, facts, recognised with { UnreadableEInvoice = unreadable }, cancellationToken)).With(images);
        }, cancellationToken);
    }

    /// <summary>
    /// The XML governs. A hybrid PDF's pages are still read, so that ExtractData can tell a person where the page says
    /// otherwise, unless the engine is paid per page or cannot read them: the invoice is then stored from its XML alone.
    /// </summary>
    private async Task<ProcessingOutcome> StoreEInvoiceAsync(InvoiceObjectKey parsed, DocumentFacts facts, EInvoiceFile einvoice,
        ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var xmlOnly = new OcrDocument(EInvoiceEngineName, []) { EInvoice = einvoice };
        if (facts.Kind == DocumentKind.Xml)
            return await StoreAsync(parsed, facts, xmlOnly, cancellationToken);
        // The page people look at is drawn in process, so even a hybrid PDF not read by a paid engine has its images; its
        // XML is kept beside them, so that a person can read it without taking the PDF apart.
        await objects.PutAsync(ObjectKeys.EInvoiceCopy(parsed.UserId, parsed.InvoiceId), Encoding.UTF8.GetBytes(einvoice.Xml),
            "application/xml", cancellationToken);
        var images = await _pages.WriteAsync(parsed, facts.Kind, content, cancellationToken);
        if (ocr.PaidPerPage)
            return (await StoreAsync(parsed, facts, xmlOnly, cancellationToken)).With(images);
        OcrDocument pages;
        try
        {
            pages = await ocr.RecognizeAsync(new OcrInput(objects.BucketName, parsed.Key, facts.Kind, content), cancellationToken);
        }
        catch (DocumentRejectedException)
        {
            pages = xmlOnly;
        }
        return (await StoreAsync(parsed, facts, pages with { EInvoice = einvoice }, cancellationToken)).With(images);
    }

    /// <summary>The engine an OCR document names when nothing was recognised: the e-invoice's XML was all there was to read.</summary>
    public const string EInvoiceEngineName = "einvoice";

    private async Task<ProcessingOutcome> StoreAsync(InvoiceObjectKey parsed, DocumentFacts facts, OcrDocument recognised, CancellationToken cancellationToken)
    {
        var ocrKey = ObjectKeys.OcrResult(parsed.UserId, parsed.InvoiceId);
        // A card number read from the page is masked before anything stores it; everything downstream reads this copy.
        recognised = CardNumbers.Mask(recognised);
        var document = facts with { Pages = recognised.Pages.Count > 0 ? recognised.Pages.Count : null };
        // The file's facts go on the record before the result is stored: the result's event starts ExtractData, which
        // may finish the invoice before the transition below is written (or, when the table fails here, without it).
        await invoices.RecordDocumentAsync(parsed.UserId, parsed.InvoiceId, document, ocrKey, recognised.Engine, cancellationToken);
        await ocrResults.SaveAsync(ocrKey, recognised, cancellationToken);
        // A conflict here is ExtractData having already picked the result up: that is success too.
        var done = await invoices.TransitionAsync(parsed.UserId, parsed.InvoiceId,
            new StatusUpdate(InvoiceStatus.OcrComplete, clock.GetUtcNow()) { Document = document, OcrKey = ocrKey, OcrEngine = recognised.Engine, By = settings.Actor },
            CancellationToken.None);
        var read = recognised.EInvoice switch
        {
            { } e when recognised.Pages.Count == 0 => $"e-invoice ({e.Syntax}), no page read",
            { } e => $"e-invoice ({e.Syntax}), {recognised.Pages.Count} page(s) by {recognised.Engine}",
            null => $"OCR by {recognised.Engine}: {recognised.Pages.Count} page(s)",
        };
        return new ProcessingOutcome(parsed.Key, OutcomeKind.Processed, read)
        {
            InvoiceId = parsed.InvoiceId,
            Pages = recognised.Pages.Count,
            Engine = recognised.Engine,
            Status = (done.Applied ? InvoiceStatus.OcrComplete : done.CurrentStatus ?? InvoiceStatus.OcrComplete).ToWire(),
        };
    }

    private async Task<(ReadOnlyMemory<byte> Content, DocumentFacts Facts)> ReadAndCheckAsync(InvoiceObjectKey key, CancellationToken cancellationToken)
    {
        var info = await AwaitObjectAsync(key.Key, cancellationToken);
        CheckSize(info.Size);
        var stored = await objects.GetAsync(key.Key, settings.MaxUploadBytes + 1, cancellationToken)
            ?? throw new DocumentRejectedException(ErrorCodes.FileMissing, "The uploaded file disappeared while it was being read.");
        CheckSize(stored.Content.Length);

        var sniffed = FileSniffer.Sniff(stored.Content.Span);
        if (sniffed.Kind is not { } kind)
            throw new DocumentRejectedException(ErrorCodes.UnsupportedType,
                $"The file is {sniffed.Description}; upload a PDF, JPEG, PNG or TIFF, or an e-invoice's XML.");
        if (kind == DocumentKind.Pdf && FileSniffer.LooksTruncatedPdf(stored.Content.Span))
            throw new DocumentRejectedException(ErrorCodes.UnreadablePdf, "The PDF is incomplete (no end-of-file marker): the upload may have been cut short.");

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(stored.Content.Span));
        return (stored.Content, new DocumentFacts(kind, stored.Content.Length, sha256));
    }

    /// <summary>
    /// The announced object, once it can be read: an event may come before it (or for one never written). Waits with
    /// growing pauses up to <see cref="ProcessingSettings.ObjectWait"/>, then FILE_MISSING, which the object's own
    /// later event reopens (<see cref="InvoiceStatuses.ReopenedByUpload"/>).
    /// </summary>
    private async Task<ObjectInfo> AwaitObjectAsync(string key, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var pause = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            if (await objects.HeadAsync(key, cancellationToken) is { } info)
                return info;
            var left = settings.ObjectWait - clock.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
                throw new DocumentRejectedException(ErrorCodes.FileMissing,
                    $"The upload was announced but no file could be read within {settings.ObjectWait.TotalSeconds:0} s; when it arrives, it is read.");
            await Task.Delay(pause < left ? pause : left, clock, cancellationToken);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(3).Ticks));
        }
    }

    private void CheckSize(long size)
    {
        if (size == 0)
            throw new DocumentRejectedException(ErrorCodes.EmptyFile, "The uploaded file is empty.");
        if (size > settings.MaxUploadBytes)
            throw new DocumentRejectedException(ErrorCodes.TooLarge,
                $"The file is {size:N0} bytes; the limit is {settings.MaxUploadBytes:N0} bytes.");
    }

}
