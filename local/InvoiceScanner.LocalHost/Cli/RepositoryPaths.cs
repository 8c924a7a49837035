namespace InvoiceScanner.LocalHost.Cli;

/// <summary>Where the repository is (INVOICESCANNER_REPO, else found above the working directory or this program).</summary>
public sealed record RepositoryPaths(string Root)
{
    public string StateDirectory =>
        Environment.GetEnvironmentVariable("INVOICESCANNER_STATE_DIR") is { Length: > 0 } state
            ? Path.GetFullPath(state)
            : Path.Combine(Root, "local", ".state");

    public static RepositoryPaths Discover()
    {
        if (Environment.GetEnvironmentVariable("INVOICESCANNER_REPO") is { Length: > 0 } fromEnvironment)
            return new RepositoryPaths(Path.GetFullPath(fromEnvironment));
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "local", "emulators.js")))
                    return new RepositoryPaths(directory.FullName);
            }
        }
        throw new InvalidOperationException("Cannot find the repository (a folder with local/emulators.js); set INVOICESCANNER_REPO.");
    }
}
