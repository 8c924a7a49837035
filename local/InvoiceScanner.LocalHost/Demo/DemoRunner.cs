using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using InvoiceScanner.Core.Api;
using InvoiceScanner.SampleInvoices;

namespace InvoiceScanner.LocalHost.Demo;

/// <summary>
/// `demo`: scans the generated sample invoices (each as a PDF and as a PNG "photo") through the running stack exactly
/// as a client would, and prints one row per file with what was read and whether it matches what is printed.
/// </summary>
public static class DemoRunner
{
    private const string DemoUser = "demo-user";
    private const int PngDpi = 200;
    /// <summary>For all files together: they are processed as a pipeline, so one stuck file must not cost minutes each.</summary>
    private static readonly TimeSpan OverallTimeout = TimeSpan.FromMinutes(4);

    private sealed record DemoFile(string FileName, string ContentType, byte[] Content, ExpectedInvoice Expected);

    /// <summary>True when every file ended COMPLETED or NEEDS_REVIEW with all compared fields matching.</summary>
    public static async Task<bool> RunAsync(LocalStack stack, TextWriter output, CancellationToken cancellationToken)
    {
        var samplesDirectory = Path.Combine(stack.Options.StateDirectory, "samples");
        Directory.CreateDirectory(samplesDirectory);
        output.WriteLine($"Generating the sample invoices (PDF + {PngDpi} dpi PNG) into {samplesDirectory} …");
        var files = await GenerateAsync(samplesDirectory, output, cancellationToken);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var client = new InvoiceApiClient(http, stack.ApiUrl!);
        // A sample's PDF and its scan are the same invoice, which the second to be read would be flagged as a duplicate of:
        // the scans are uploaded by a user of their own, so each file is shown as it reads by itself.
        var pdfToken = stack.CreateToken(DemoUser);
        var scanToken = stack.CreateToken(DemoUser + "-scans");
        string TokenFor(DemoFile file) => file.ContentType == "application/pdf" ? pdfToken : scanToken;

        // Submit everything first so the OCR and extraction functions work as a pipeline, then collect.
        var submitted = new List<(DemoFile File, string? InvoiceId, string? Error)>();
        foreach (var file in files)
            submitted.Add(await SubmitAsync(client, TokenFor(file), file, cancellationToken));

        output.WriteLine();
        output.WriteLine(Row("FILE", "STATUS", "VENDOR", "INVOICE #", "DATE", "TOTAL", "CUR", "MATCHES SAMPLE"));
        var allMatched = true;
        var deadline = DateTimeOffset.UtcNow + OverallTimeout;
        foreach (var (file, invoiceId, error) in submitted)
        {
            if (invoiceId is null)
            {
                output.WriteLine(Row(file.FileName, "ERROR", error ?? "", "", "", "", "", "no"));
                allMatched = false;
                continue;
            }
            InvoiceView view;
            try
            {
                var remaining = deadline - DateTimeOffset.UtcNow;
                view = await client.WaitForTerminalAsync(TokenFor(file), invoiceId, remaining > TimeSpan.FromSeconds(1) ? remaining : TimeSpan.FromSeconds(1),
                    cancellationToken, () => stack.AbandonedEventError(invoiceId));
            }
            catch (InvoiceWaitTimeoutException ex)
            {
                var state = ex.StuckReason is null ? "timed out" : "stuck";
                output.WriteLine(Row(file.FileName, $"{ex.LastStatus ?? "?"} ({state})", "", "", "", "", "", "no: " + (ex.StuckReason ?? "see the function logs")));
                allMatched = false;
                continue;
            }
            catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException)
            {
                output.WriteLine(Row(file.FileName, "ERROR", ex.Message, "", "", "", "", "no"));
                allMatched = false;
                continue;
            }
            var mismatches = Compare(view, file.Expected);
            allMatched &= mismatches.Count == 0 && view.Status != "FAILED";
            var fields = view.Fields;
            output.WriteLine(Row(
                file.FileName,
                view.Status + (view.Failure is { } failure ? $" {failure.Code}" : ""),
                fields?.VendorName?.Value ?? "-",
                fields?.InvoiceNumber?.Value ?? "-",
                fields?.InvoiceDate?.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-",
                fields?.Total?.Value.ToString("0.00", CultureInfo.InvariantCulture) ?? "-",
                fields?.Currency?.Value ?? "-",
                mismatches.Count == 0 ? "yes" : "no: " + string.Join(", ", mismatches)));
        }
        output.WriteLine();
        output.WriteLine(allMatched ? "All sample invoices were read as printed." : "Some sample invoices were not read exactly as printed (see MATCHES SAMPLE).");
        await PrintEventsAsync(stack, submitted.Count(s => s.InvoiceId is not null), output, cancellationToken);
        return allMatched;
    }

    /// <summary>The events the functions published for the demo's invoices (each is written just after its status).</summary>
    private static async Task PrintEventsAsync(LocalStack stack, int invoices, TextWriter output, CancellationToken cancellationToken)
    {
        var bus = stack.EventBus;
        await bus.Received.WaitUntilAsync(events => events.Count >= invoices, TimeSpan.FromSeconds(5), cancellationToken);
        output.WriteLine();
        output.WriteLine($"Events on the bus (also in {bus.EventsFile}; webhooks get them signed):");
        foreach (var busEvent in bus.Received.Snapshot())
        {
            using var detail = JsonDocument.Parse(busEvent.Detail);
            string? Text(string name) => detail.RootElement.TryGetProperty(name, out var value) ? value.ToString() : null;
            output.WriteLine($"  {busEvent.DetailType,-22} {Text("invoiceId")} {Text("status"),-12} {Text("vendorName") ?? "-"} {Text("total") ?? ""} {Text("currency") ?? ""}");
        }
    }

    public static string ScanYourOwn(LocalStack stack)
    {
        var project = Path.Combine(stack.Options.RepositoryRoot, "local", "InvoiceScanner.LocalHost");
        var api = stack.ApiUrl;
        return new StringBuilder()
            .AppendLine()
            .AppendLine($"Open the web app at {api}/ (sign in with any user name; local only), or scan your own invoice (PDF, PNG, JPEG or TIFF)")
            .AppendLine("from the command line while the stack runs:")
            .AppendLine($"  TOKEN=$(dotnet run --project {project} -c Release -- token me)")
            .AppendLine($"  curl -s -X POST {api}/invoices -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' \\")
            .AppendLine("       -d \"{\\\"fileName\\\":\\\"my-invoice.pdf\\\",\\\"contentType\\\":\\\"application/pdf\\\",\\\"size\\\":$(stat -c %s my-invoice.pdf)}\"")
            .AppendLine("  # → {\"invoiceId\":\"<id>\",\"status\":\"AWAITING_UPLOAD\",\"upload\":{\"url\":\"<url>\",\"method\":\"PUT\",\"headers\":{\"Content-Type\":\"application/pdf\",\"Content-Length\":\"<size>\",\"If-None-Match\":\"*\"},…}}")
            .AppendLine("  curl -s -X PUT -H 'Content-Type: application/pdf' -H 'If-None-Match: *' --upload-file my-invoice.pdf '<url>'")
            .AppendLine($"  curl -s {api}/invoices/<id> -H \"Authorization: Bearer $TOKEN\"   # until status is COMPLETED, NEEDS_REVIEW, FAILED or EXPIRED")
            .Append($"  curl -s {api}/invoices -H \"Authorization: Bearer $TOKEN\"        # everything you scanned")
            .ToString();
    }

    private static async Task<List<DemoFile>> GenerateAsync(string directory, TextWriter output, CancellationToken cancellationToken)
    {
        var files = new List<DemoFile>();
        foreach (var sample in SampleInvoiceCatalog.All)
        {
            var pdf = sample.RenderPdf();
            files.Add(new DemoFile(sample.Name + ".pdf", "application/pdf", pdf, sample.Expected));
            await File.WriteAllBytesAsync(Path.Combine(directory, sample.Name + ".pdf"), pdf, cancellationToken);
            try
            {
                var png = await SampleInvoiceImages.RenderPngAsync(pdf, PngDpi, cancellationToken);
                await File.WriteAllBytesAsync(Path.Combine(directory, sample.Name + ".png"), png, cancellationToken);
                // A PNG is one page: only single-page samples have all their printed values on it.
                if (sample.Expected.PageCount == 1)
                    files.Add(new DemoFile(sample.Name + ".png", "image/png", png, sample.Expected));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                output.WriteLine($"  (no PNG of {sample.Name}: {ex.Message})");
            }
        }
        return files;
    }

    private static async Task<(DemoFile File, string? InvoiceId, string? Error)> SubmitAsync(
        InvoiceApiClient client, string token, DemoFile file, CancellationToken cancellationToken)
    {
        try
        {
            var created = await client.CreateAsync(token, file.FileName, file.ContentType, file.Content.Length, cancellationToken);
            if (created.Status != HttpStatusCode.Created || created.Body is null)
                return (file, null, $"POST /invoices answered {(int)created.Status}: {created.Text}");
            var uploaded = await client.UploadAsync(created.Body.Upload, file.Content, cancellationToken);
            return (int)uploaded is >= 200 and < 300
                ? (file, created.Body.InvoiceId, null)
                : (file, null, $"upload answered {(int)uploaded}");
        }
        catch (HttpRequestException ex)
        {
            return (file, null, ex.Message);
        }
    }

    /// <summary>The compared fields that differ from what the sample prints.</summary>
    public static List<string> Compare(InvoiceView view, ExpectedInvoice expected)
    {
        var fields = view.Fields;
        var mismatches = new List<string>();
        if (!SameText(fields?.VendorName?.Value, expected.VendorName))
            mismatches.Add("vendor");
        if (!SameText(fields?.InvoiceNumber?.Value, expected.InvoiceNumber))
            mismatches.Add("invoice #");
        if (fields?.InvoiceDate?.Value != expected.InvoiceDate)
            mismatches.Add("date");
        if (fields?.Total?.Value != expected.Total)
            mismatches.Add("total");
        if (!string.Equals(fields?.Currency?.Value, expected.Currency, StringComparison.OrdinalIgnoreCase))
            mismatches.Add("currency");
        return mismatches;
    }

    private static bool SameText(string? actual, string expected) =>
        actual is not null && string.Equals(Normalize(actual), Normalize(expected), StringComparison.OrdinalIgnoreCase);

    private static string Normalize(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Row(string file, string status, string vendor, string number, string date, string total, string currency, string match) =>
        $"{Cell(file, 36)} {Cell(status, 28)} {Cell(vendor, 28)} {Cell(number, 16)} {Cell(date, 10)} {Cell(total, 10, right: true)} {Cell(currency, 4)} {match}";

    private static string Cell(string text, int width, bool right = false)
    {
        text = text.ReplaceLineEndings(" ");
        if (text.Length > width)
            text = text[..(width - 1)] + "…";
        return right ? text.PadLeft(width) : text.PadRight(width);
    }
}
