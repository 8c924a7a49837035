using System.Globalization;
using System.Text.RegularExpressions;
using InvoiceScanner.Ocr;
using InvoiceScanner.Ocr.Processes;
using InvoiceScanner.SampleInvoices.Pdf;

namespace InvoiceScanner.SampleInvoices;

/// <summary>
/// Image variants of a sample PDF, made with poppler's pdftoppm, for documents that must go through tesseract
/// like a scan or a photo would.
/// </summary>
public static partial class SampleInvoiceImages
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The first page of <paramref name="pdf"/> as a PNG at <paramref name="dpi"/>.</summary>
    public static async Task<byte[]> RenderPngAsync(byte[] pdf, int dpi, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        ArgumentOutOfRangeException.ThrowIfLessThan(dpi, 36);
        return await WithTempFolderAsync(pdf, async (input, folder) =>
        {
            var root = Path.Combine(folder, "page");
            await RunAsync(Tool.PdfToPpm, ["-r", Invariant(dpi), "-f", "1", "-l", "1", "-png", "-singlefile", input, root], cancellationToken).ConfigureAwait(false);
            return await File.ReadAllBytesAsync(root + ".png", cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// A "scanned" copy of <paramref name="pdf"/>: every page replaced by a greyscale picture of itself at
    /// <paramref name="dpi"/>, same page sizes, no text layer.
    /// </summary>
    public static async Task<byte[]> RenderScannedPdfAsync(byte[] pdf, int dpi, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        ArgumentOutOfRangeException.ThrowIfLessThan(dpi, 36);
        return await WithTempFolderAsync(pdf, async (input, folder) =>
        {
            var info = await RunAsync(Tool.PdfInfo, ["-f", "1", "-l", "100000", input], cancellationToken).ConfigureAwait(false);
            var sizes = PageSizePattern().Matches(info).Select(m => (
                Width: double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
                Height: double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))).ToList();
            if (sizes.Count == 0) throw new InvalidOperationException("pdfinfo reported no page sizes.");

            var scanned = new PdfDocumentBuilder();
            for (var n = 1; n <= sizes.Count; n++)
            {
                var root = Path.Combine(folder, "page-" + Invariant(n));
                await RunAsync(Tool.PdfToPpm, ["-r", Invariant(dpi), "-f", Invariant(n), "-l", Invariant(n), "-gray", "-singlefile", input, root], cancellationToken)
                    .ConfigureAwait(false);
                var image = ReadPgm(await File.ReadAllBytesAsync(root + ".pgm", cancellationToken).ConfigureAwait(false));
                File.Delete(root + ".pgm");
                var page = scanned.AddPage(sizes[n - 1].Width, sizes[n - 1].Height);
                page.Image(image, 0, 0, page.Width, page.Height);
            }

            return scanned.ToBytes();
        }).ConfigureAwait(false);
    }

    /// <summary>Reads a binary greyscale PNM (P5, 8-bit) as pdftoppm -gray writes it.</summary>
    internal static PdfGrayImage ReadPgm(byte[] data)
    {
        var position = 0;
        string Token()
        {
            while (position < data.Length)
            {
                if (data[position] == '#') { while (position < data.Length && data[position] != '\n') position++; }
                else if (char.IsWhiteSpace((char)data[position])) position++;
                else break;
            }

            var start = position;
            while (position < data.Length && !char.IsWhiteSpace((char)data[position])) position++;
            return System.Text.Encoding.ASCII.GetString(data, start, position - start);
        }

        if (Token() != "P5") throw new InvalidDataException("Not a binary PGM (P5) file.");
        var width = int.Parse(Token(), CultureInfo.InvariantCulture);
        var height = int.Parse(Token(), CultureInfo.InvariantCulture);
        if (Token() != "255") throw new InvalidDataException("Only 8-bit PGM is supported.");
        position++; // the single whitespace byte before the raster
        return new PdfGrayImage(width, height, data.AsSpan(position, width * height).ToArray()).Validate();
    }

    private static async Task<T> WithTempFolderAsync<T>(byte[] pdf, Func<string, string, Task<T>> work)
    {
        var folder = Path.Combine(Path.GetTempPath(), "invoicescanner-samples-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var input = Path.Combine(folder, "input.pdf");
            await File.WriteAllBytesAsync(input, pdf).ConfigureAwait(false);
            return await work(input, folder).ConfigureAwait(false);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<string> RunAsync(Tool tool, string[] arguments, CancellationToken cancellationToken)
    {
        var path = new ToolPaths(new LocalOcrOptions()).Resolve(tool);
        var result = await ProcessRunner.RunAsync(new ProcessSpec(path, arguments, ToolTimeout), cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{ToolPaths.Name(tool)} failed with exit code {result.ExitCode}: {result.StandardErrorTail}");
        return result.StandardOutputText;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^Page\s+\d+\s+size:\s+([\d.]+)\s+x\s+([\d.]+)\s+pts", RegexOptions.Multiline)]
    private static partial Regex PageSizePattern();
}
