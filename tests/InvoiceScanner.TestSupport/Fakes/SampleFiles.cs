using System.Text;

namespace InvoiceScanner.TestSupport.Fakes;

/// <summary>Small files with the right (or wrong) magic bytes for the upload checks.</summary>
public static class SampleFiles
{
    public static byte[] MinimalPdf() => Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    public static byte[] TruncatedPdf() => MinimalPdf()[..40];

    public static byte[] Png() => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R'];

    public static byte[] Jpeg() => [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, (byte)'J', (byte)'F', (byte)'I', (byte)'F'];

    public static byte[] Zip() => [(byte)'P', (byte)'K', 3, 4, 20, 0, 0, 0, 8, 0];
}
