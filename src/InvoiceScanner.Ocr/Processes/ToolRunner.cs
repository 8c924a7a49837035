using System.Diagnostics;
using InvoiceScanner.Core.Invoices;

namespace InvoiceScanner.Ocr.Processes;

/// <summary>
/// Runs poppler's and tesseract's command-line tools; a tool that cannot be started, times out or writes too much
/// becomes the <see cref="DocumentRejectedException"/> stored on the invoice.
/// </summary>
internal sealed class ToolRunner(ToolLocator tools)
{
    public ToolLocator Tools => tools;

    /// <summary>Test hook: observes every tool process right after it started.</summary>
    public Action<Process>? Started { get; set; }

    public async Task<ProcessResult> RunAsync(Tool tool, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var path = tools.Resolve(tool);
        var spec = new ProcessSpec(path, arguments, timeout)
        {
            // Tesseract's OpenMP threads thrash on small machines; pages run in parallel processes instead.
            Environment = new Dictionary<string, string> { ["OMP_THREAD_LIMIT"] = "1" },
            Started = Started,
        };

        try
        {
            return await ProcessRunner.RunAsync(spec, cancellationToken).ConfigureAwait(false);
        }
        catch (ProcessStartException e)
        {
            throw new DocumentRejectedException(ErrorCodes.EngineConfiguration, $"{ToolLocator.Name(tool)} could not be started ({path}): {e.InnerException?.Message}", e);
        }
        catch (ProcessTimeoutException e)
        {
            throw new DocumentRejectedException(ErrorCodes.OcrTimeout, $"{e.Message}. {Summarise(e.StandardErrorTail)}".Trim(), e);
        }
        catch (ProcessOutputTooLargeException e)
        {
            throw new DocumentRejectedException(ErrorCodes.OcrFailed, e.Message, e);
        }
    }

    /// <summary>The last lines of a tool's stderr, short enough for an error message stored on the invoice.</summary>
    public static string Summarise(string standardErrorTail)
    {
        var lines = standardErrorTail.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var text = string.Join(" | ", lines.Distinct().TakeLast(3));
        return text.Length <= 400 ? text : "…" + text[^399..];
    }
}
