using System.Runtime.CompilerServices;
using InvoiceScanner.Core.Files;
using InvoiceScanner.Core.Ports;

namespace InvoiceScanner.TestSupport.Fakes;

/// <summary>
/// Draws <see cref="Pages"/> small placeholder pages (their bytes name the page), and throws <see cref="FailAfter"/>
/// pages in when set; records which documents it was asked for.
/// </summary>
public sealed class InMemoryPageImageRenderer(int pages = 1) : IPageImageRenderer
{
    public int Pages { get; } = pages;
    public int? FailAfter { get; init; }
    public List<DocumentKind> Asked { get; } = [];

    public async IAsyncEnumerable<RenderedPage> RenderAsync(ReadOnlyMemory<byte> content, DocumentKind kind,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Asked.Add(kind);
        for (var n = 1; n <= Pages; n++)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            if (FailAfter is { } fail && n > fail)
                throw new InvalidOperationException($"page {n} could not be drawn");
            yield return new RenderedPage(n, 100, 141, "image/webp", System.Text.Encoding.ASCII.GetBytes($"page {n}"));
        }
    }
}
