namespace InvoiceScanner.LocalHost.Cli;

/// <summary>A new directory under the system's temporary folder, removed with everything in it on dispose.</summary>
public sealed class TemporaryDirectory(string prefix) : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the system's temporary-file cleaning; never worth failing a run over.
        }
    }
}
