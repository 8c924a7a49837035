namespace InvoiceScanner.IntegrationTests.Support;

/// <summary>
/// A temporary functions directory laid out like artifacts/: one folder per logical id, each a symbolic link to a
/// build output, so the stack under test finds &lt;dir&gt;/&lt;LogicalId&gt;/bootstrap.dll without copying anything.
/// </summary>
public sealed class FunctionsFolder : IDisposable
{
    public FunctionsFolder(IReadOnlyDictionary<string, string> buildByLogicalId)
    {
        Path = Directory.CreateTempSubdirectory("invoicescanner-functions-").FullName;
        foreach (var (logicalId, build) in buildByLogicalId)
            Directory.CreateSymbolicLink(System.IO.Path.Combine(Path, logicalId), build);
    }

    public string Path { get; }

    public void Dispose()
    {
        // Deletes the links, not what they point to.
        foreach (var link in Directory.EnumerateFileSystemEntries(Path))
            Directory.Delete(link);
        Directory.Delete(Path);
    }
}
