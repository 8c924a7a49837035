namespace InvoiceScanner.IntegrationTests.Support;

public static class LogFiles
{
    /// <summary>Copies a stack log to &lt;test output&gt;/stack-logs/ so a failed CI run can be diagnosed.</summary>
    public static void Keep(string path, string name)
    {
        if (!File.Exists(path))
            return;
        var directory = Path.Combine(AppContext.BaseDirectory, "stack-logs");
        Directory.CreateDirectory(directory);
        File.Copy(path, Path.Combine(directory, name), overwrite: true);
    }
}
