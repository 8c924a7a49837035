using System.Text.Json;
using InvoiceScanner.SampleInvoices;

// Writes every sample as <name>.pdf and <name>.expected.json, optionally <name>.png (page 1) and
// <name>.scanned.pdf (image-only copy without a text layer).
//   dotnet run --project tools/InvoiceScanner.SampleInvoices.Cli -- --out DIR [--png] [--scanned] [--dpi 200] [--only NAME]
string? output = null;
string? only = null;
var png = false;
var scanned = false;
var dpi = 200;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--out" when i + 1 < args.Length: output = args[++i]; break;
        case "--only" when i + 1 < args.Length: only = args[++i]; break;
        case "--dpi" when i + 1 < args.Length && int.TryParse(args[i + 1], out var parsed) && parsed is >= 72 and <= 600: dpi = parsed; i++; break;
        case "--png": png = true; break;
        case "--scanned": scanned = true; break;
        default: return Usage($"Unexpected argument '{args[i]}'.");
    }
}

if (output is null) return Usage("--out DIR is required.");
var samples = SampleInvoiceCatalog.All.Where(s => only is null || s.Name == only).ToList();
if (samples.Count == 0) return Usage($"No sample named '{only}'. Samples: {string.Join(", ", SampleInvoiceCatalog.All.Select(s => s.Name))}");

Directory.CreateDirectory(output);
foreach (var sample in samples)
{
    var pdf = sample.RenderPdf();
    var stem = Path.Combine(output, sample.Name);
    await File.WriteAllBytesAsync(stem + ".pdf", pdf);
    await File.WriteAllBytesAsync(stem + ".expected.json", JsonSerializer.SerializeToUtf8Bytes(sample.Expected, SampleInvoiceJsonContext.Default.ExpectedInvoice));
    if (png) await File.WriteAllBytesAsync(stem + ".png", await SampleInvoiceImages.RenderPngAsync(pdf, dpi, CancellationToken.None));
    if (scanned) await File.WriteAllBytesAsync(stem + ".scanned.pdf", await SampleInvoiceImages.RenderScannedPdfAsync(pdf, dpi, CancellationToken.None));
    Console.WriteLine($"{sample.Name}: {sample.Expected.PageCount} page(s), total {sample.Expected.TotalAsPrinted}");
}

return 0;

static int Usage(string problem)
{
    Console.Error.WriteLine(problem);
    Console.Error.WriteLine("usage: InvoiceScanner.SampleInvoices --out DIR [--png] [--scanned] [--dpi 200] [--only NAME]");
    return 2;
}
