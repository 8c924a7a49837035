using System.Runtime.CompilerServices;
using System.Text.Json.Serialization.Metadata;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Ports;

namespace InvoiceScanner.Core.Export;

/// <summary>What an export produced: its file name and type and how many rows it has.</summary>
public abstract record ExportResult(string FileName, string ContentType, int Rows);

/// <summary>Small enough to be the response's body.</summary>
public sealed record InlineExport(string FileName, string ContentType, int Rows, byte[] Content) : ExportResult(FileName, ContentType, Rows);

/// <summary>Written to the bucket at <see cref="Key"/>; <see cref="Url"/> reads it until <see cref="ExpiresAt"/>.</summary>
public sealed record StoredExport(string FileName, string ContentType, int Rows, string Key, Uri Url, DateTimeOffset ExpiresAt)
    : ExportResult(FileName, ContentType, Rows);

/// <summary>
/// GET /invoices/export: the caller's invoices (paged by key in the caller's own partition, never scanned), oldest
/// upload first, filtered by status and by the day each is filed under (its invoice date, or the upload day when none
/// was read), as CSV or JSON Lines. Beyond <see cref="ExportSettings.InlineMaxBytes"/> the file is written under
/// exports/{user}/ and handed out as a short-lived presigned link.
/// </summary>
public sealed class InvoiceExport(IInvoiceRepository invoices, IObjectStore objects, IDownloadUrlSigner signer, TimeProvider clock, ExportSettings settings)
{
    /// <summary>Invoices read per round trip.</summary>
    public int PageSize { get; init; } = 100;

    public async Task<ExportResult> RunAsync(string userId, ExportQuery query, CancellationToken cancellationToken)
    {
        var selected = new List<ExportedInvoice>();
        await foreach (var invoice in SelectAsync(userId, query, cancellationToken))
            selected.Add(invoice);
        var now = clock.GetUtcNow();
        var fileName = $"invoices-{now:yyyy-MM-dd}.{ExportKeys.Extension(query.Format)}";
        var (content, rows) = query.Lines
            ? Render(query.Format, selected.SelectMany(i => i.Lines).ToList(), ExportJsonContext.Default.LineItemExportRow)
            : Render(query.Format, selected.Select(i => i.Row).ToList(), ExportJsonContext.Default.InvoiceExportRow);
        var contentType = query.Format == ExportFormat.Jsonl ? JsonLinesExportWriter.ContentType : CsvExportWriter.ContentType;
        if (content.Length <= settings.InlineMaxBytes)
            return new InlineExport(fileName, contentType, rows, content);

        var key = ExportKeys.Export(userId, InvoiceId.New(now), query.Format);
        await objects.PutAsync(key, content, contentType, cancellationToken);
        var expiresAt = now + settings.LinkLifetime;
        var url = signer.CreateDownloadUrl(new DownloadGrant(key, expiresAt, fileName));
        return new StoredExport(fileName, contentType, rows, key, url, expiresAt);
    }

    private async IAsyncEnumerable<ExportedInvoice> SelectAsync(string userId, ExportQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // One status is filtered by the table; several are filtered here.
        InvoiceStatus? only = query.Statuses.Count == 1 ? query.Statuses.First() : null;
        string? cursor = null;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await invoices.ListAsync(new InvoiceQuery(userId, PageSize, cursor, only) { OldestFirst = true }, cancellationToken);
            foreach (var invoice in page.Items.Where(i => i.UserId == userId && query.Includes(i.Status)))
            {
                var exported = ExportRows.Of(invoice);
                if (query.Covers(exported.Day))
                    yield return exported;
            }
            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }

    private static (byte[] Content, int Rows) Render<T>(ExportFormat format, IReadOnlyList<T> rows, JsonTypeInfo<T> type)
    {
        using var buffer = new MemoryStream();
        if (format == ExportFormat.Jsonl)
            JsonLinesExportWriter.Write(buffer, rows, type);
        else
            CsvExportWriter.Write(buffer, rows, type);
        return (buffer.ToArray(), rows.Count);
    }
}
