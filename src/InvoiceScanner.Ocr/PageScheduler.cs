using System.Runtime.ExceptionServices;
using InvoiceScanner.Core.Documents;

namespace InvoiceScanner.Ocr;

/// <summary>Recognises the pages of one document side by side, each page its own task.</summary>
internal static class PageScheduler
{
    /// <summary>Runs the pages with at most <paramref name="maxParallelPages"/> at once; the first real failure stops the others.</summary>
    public static async Task<OcrPage[]> ForEachPageAsync(
        IReadOnlyList<int> pageNumbers, int maxParallelPages, Func<int, CancellationToken, Task<OcrPage>> recognise, CancellationToken cancellationToken)
    {
        using var stopOthers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var slots = new SemaphoreSlim(maxParallelPages);
        var tasks = pageNumbers.Select(async pageNumber =>
        {
            await slots.WaitAsync(stopOthers.Token).ConfigureAwait(false);
            try
            {
                return await recognise(pageNumber, stopOthers.Token).ConfigureAwait(false);
            }
            catch
            {
                stopOthers.Cancel();
                throw;
            }
            finally
            {
                slots.Release();
            }
        }).ToArray();

        try
        {
            return await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Report the failure that stopped the others, not the cancellations it caused.
            var cause = tasks.Where(t => t.IsFaulted).SelectMany(t => t.Exception!.InnerExceptions).FirstOrDefault(e => e is not OperationCanceledException);
            if (cause is not null) ExceptionDispatchInfo.Throw(cause);
            throw;
        }
    }
}
