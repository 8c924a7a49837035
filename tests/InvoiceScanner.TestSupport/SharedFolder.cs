namespace InvoiceScanner.TestSupport;

/// <summary>
/// Finds the read-only data folder that sits beside the repository (../shared: datasets, fixtures, notes).
/// CI has it; a user's clone does not, so tests that need it call <see cref="Require"/> and skip with a message.
/// INVOICESCANNER_SHARED overrides the location.
/// </summary>
public static class SharedFolder
{
    private static readonly Lazy<string?> Root = new(Locate);

    public static string? Path => Root.Value;

    public static string RepositoryRoot { get; } = LocateRepositoryRoot();

    /// <summary>The absolute path of <paramref name="relative"/> inside ../shared, or skips the calling test.</summary>
    public static string Require(string relative)
    {
        var root = Root.Value;
        var full = root is null ? null : System.IO.Path.Combine(root, relative);
        if (full is null || !(File.Exists(full) || Directory.Exists(full)))
            Assert.Skip($"../shared/{relative} is not present (it exists in CI beside the repository; set INVOICESCANNER_SHARED to point at it).");
        return full!;
    }

    private static string? Locate()
    {
        var fromEnv = Environment.GetEnvironmentVariable("INVOICESCANNER_SHARED");
        if (!string.IsNullOrEmpty(fromEnv))
            return Directory.Exists(fromEnv) ? fromEnv : null;
        var candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(RepositoryRoot, "..", "shared"));
        return Directory.Exists(System.IO.Path.Combine(candidate, "datasets")) || Directory.Exists(System.IO.Path.Combine(candidate, "fixtures"))
            ? candidate
            : null;
    }

    private static string LocateRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "InvoiceScanner.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("InvoiceScanner.sln not found above " + AppContext.BaseDirectory);
    }
}
