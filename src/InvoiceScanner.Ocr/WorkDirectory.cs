namespace InvoiceScanner.Ocr;

/// <summary>The per-request folder the uploaded file and its page images are written to, and deleted with.</summary>
internal static class WorkDirectory
{
    public static string Create(string tempDirectory)
    {
        var path = Path.Combine(tempDirectory, "invoicescanner-ocr-" + Guid.NewGuid().ToString("N"));
        // Owner-only: the folder holds a customer's document.
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    public static async Task WriteFileAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
    }

    public static void DeleteQuietly(string path)
    {
        try
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
            else if (File.Exists(path)) File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing useful to do; the folder name is unique and /tmp is per Lambda sandbox.
        }
    }
}
