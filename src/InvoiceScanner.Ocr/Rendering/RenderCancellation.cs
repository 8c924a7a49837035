namespace InvoiceScanner.Ocr.Rendering;

/// <summary>
/// The cancellation token of the page being recorded. PdfPig creates the page factory itself (by its constructor) and
/// calls it from <c>GetPage</c>, so nothing can be handed to the recorder but through ambient state; an AsyncLocal
/// keeps renders on other threads apart.
/// </summary>
internal static class RenderCancellation
{
    private static readonly AsyncLocal<CancellationToken> Ambient = new();

    public static CancellationToken Current => Ambient.Value;

    /// <summary>Sets the token until the returned scope is disposed.</summary>
    public static Scope Use(CancellationToken cancellationToken)
    {
        var previous = Ambient.Value;
        Ambient.Value = cancellationToken;
        return new Scope(previous);
    }

    public readonly struct Scope(CancellationToken previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}
