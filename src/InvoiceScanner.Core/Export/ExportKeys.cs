namespace InvoiceScanner.Core.Export;

/// <summary>
/// Where exports too large to answer inline are kept: <c>exports/{userId}/{exportId}.csv|jsonl</c>. The bucket's
/// ExpireExports rule removes them after a day; erasing a user removes the user's folder.
/// </summary>
public static class ExportKeys
{
    public const string Prefix = "exports/";

    /// <summary>Ends with '/', so no user's prefix is another's start.</summary>
    public static string UserPrefix(string userId) => $"{Prefix}{userId}/";

    public static string Export(string userId, string exportId, ExportFormat format) =>
        $"{UserPrefix(userId)}{exportId}.{Extension(format)}";

    public static string Extension(ExportFormat format) => format == ExportFormat.Jsonl ? "jsonl" : "csv";
}
