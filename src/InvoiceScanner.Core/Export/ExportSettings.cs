using InvoiceScanner.Core.Configuration;

namespace InvoiceScanner.Core.Export;

/// <summary>How large an export may be answered inline, and how long the link to a larger one lasts.</summary>
public sealed record ExportSettings
{
    /// <summary>Lambda answers at most 6 MB, counted after the body is escaped into the response's JSON: keep room.</summary>
    public long InlineMaxBytes { get; init; } = 4L * 1024 * 1024;

    public TimeSpan LinkLifetime { get; init; } = TimeSpan.FromMinutes(15);

    public static ExportSettings FromVariables(Func<string, string?> variable)
    {
        var defaults = new ExportSettings();
        return new ExportSettings
        {
            InlineMaxBytes = new SettingsReader(variable).Integer("EXPORT_INLINE_MAX_BYTES", defaults.InlineMaxBytes, 0, 5L * 1024 * 1024),
        };
    }
}
