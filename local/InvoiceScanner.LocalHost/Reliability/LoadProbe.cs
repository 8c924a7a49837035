using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using InvoiceScanner.Core;
using InvoiceScanner.SampleInvoices;

namespace InvoiceScanner.LocalHost.Reliability;

/// <summary>A readable document of one type, what the load and outage probes upload.</summary>
public sealed record MixedDocument(string Name, string Kind, string ContentType, byte[] Content)
{
    public string Sha256 { get; } = Convert.ToHexStringLower(SHA256.HashData(Content));

    /// <summary>The invoice as GET shows it carries this file (not another upload's): its stored hash is this file's.</summary>
    public bool IsStoredIn(string reply)
    {
        try
        {
            return JsonSerializer.Deserialize(reply, InvoiceScannerJsonContext.Default.InvoiceView)?.Document?.Sha256 == Sha256;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

/// <summary>
/// 6. Many people at once: uploads of mixed types (the sample invoices as text PDFs, scanned PDFs and PNGs, CII
/// e-invoices) all started together, each followed to a terminal status; every one must end read, carrying its own file.
/// </summary>
public sealed class LoadProbe(ProbeContext context)
{
    private const int UploadsPerUser = 20;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public async Task<ProbeTally> RunAsync(IReadOnlyList<MixedDocument> documents, CancellationToken cancellationToken)
    {
        var tally = new ProbeTally($"6. {documents.Count} uploads at once",
            $"all started together (POST, PUT, then GET every {PollInterval.TotalSeconds:0} s), each COMPLETED or NEEDS_REVIEW within {Timeout.TotalMinutes:0} min, storing the hash of its own file.");
        await Parallel.ForEachAsync(documents.Select((document, index) => (document, index)), context.Options(cancellationToken, documents.Count),
            async (item, token) =>
            {
                var (document, index) = item;
                tally.Try();
                var user = context.Token($"load-{index / UploadsPerUser}");
                var outcome = await ProbeScanner.ScanAsync(context.Client, user, document.Name, document.ContentType, document.Content, Timeout, token, PollInterval);
                if (outcome.InvoiceId is not null)
                    context.Created.Add(new CreatedInvoice(outcome.InvoiceId, user));
                tally.Count($"{document.Kind}: {outcome.Detail} {outcome.FailureCode}".TrimEnd());
                var where = $"{document.Name} ({document.Kind}) {outcome.InvoiceId}";
                if (!tally.Ended(outcome, where))
                    return;
                if (outcome.Status is "COMPLETED" or "NEEDS_REVIEW" && document.IsStoredIn(outcome.Text))
                    tally.Right();
                else
                    tally.Wrong($"{where}: {outcome.Detail} {outcome.FailureCode}{(outcome.End == ScanEnd.Terminal && !document.IsStoredIn(outcome.Text) ? ", stored hash is not this file's" : "")}");
            });
        return tally;
    }

    /// <summary>
    /// <paramref name="count"/> documents cycling through the kinds: each sample invoice as a text PDF, as a scan and as
    /// a PNG (pictures only where poppler's pdftoppm renders them), and CII XML; numbered text PDFs make the rest distinct.
    /// </summary>
    public static async Task<IReadOnlyList<MixedDocument>> MixAsync(int count, bool withPictures, CancellationToken cancellationToken)
    {
        var kinds = new List<MixedDocument>();
        foreach (var sample in SampleInvoiceCatalog.All)
        {
            var pdf = sample.RenderPdf();
            kinds.Add(new MixedDocument($"{sample.Name}.pdf", "text PDF", "application/pdf", pdf));
            if (!withPictures)
                continue;
            kinds.Add(new MixedDocument($"{sample.Name}-scan.pdf", "scanned PDF", "application/pdf",
                await SampleInvoiceImages.RenderScannedPdfAsync(pdf, 150, cancellationToken)));
            kinds.Add(new MixedDocument($"{sample.Name}.png", "PNG", "image/png", await SampleInvoiceImages.RenderPngAsync(pdf, 150, cancellationToken)));
        }
        var documents = new List<MixedDocument>();
        var next = 0;
        for (var i = 0; i < count; i++)
        {
            documents.Add((i % 4) switch
            {
                0 or 1 => kinds[next++ % kinds.Count],
                2 => new MixedDocument($"cii-{i:D3}.xml", "CII XML", "application/xml",
                    Encoding.UTF8.GetBytes(PanEInvoice.Cii($"LOAD-{i:D3}", 100 + i, "4000056655665556", "4000 0566 5566 5556"))),
                _ => new MixedDocument($"numbered-{i:D3}.pdf", "text PDF", "application/pdf", HostileFiles.TextPdf($"LOAD-{i:D3}", 50 + i)),
            });
        }
        return documents;
    }
}
