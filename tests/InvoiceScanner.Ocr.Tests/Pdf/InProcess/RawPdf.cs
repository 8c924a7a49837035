using System.Security.Cryptography;
using System.Text;

namespace InvoiceScanner.Ocr.Tests.Pdf.InProcess;

/// <summary>
/// PDFs written object by object, for what no builder here writes: crop boxes, rotated content, inline images, image
/// encodings and colour spaces of every kind, standard-handler encryption. Object 1 is the catalog, 2 the page tree.
/// </summary>
internal static class RawPdf
{
    public static byte[] Dictionary(string text) => Encoding.ASCII.GetBytes(text);

    public static byte[] Stream(string dictionary, byte[] data) =>
        [.. Encoding.ASCII.GetBytes($"<< {dictionary} /Length {data.Length} >>\nstream\n"), .. data, .. "\nendstream"u8];

    public static byte[] Stream(string dictionary, string content) => Stream(dictionary, Encoding.Latin1.GetBytes(content));

    /// <summary>
    /// One page (object 3, content object 4) whose extra objects are numbered from 5 in the order given. Resources
    /// include /F1 Helvetica (object 5, always added first, so the caller's objects start at 6).
    /// </summary>
    public static byte[] SinglePage(string content, string pageEntries = "/MediaBox [0 0 612 792]", string xObjects = "", params byte[][] objects) =>
        Build(
        [
            Dictionary("<< /Type /Catalog /Pages 2 0 R >>"),
            Dictionary("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            Dictionary($"<< /Type /Page /Parent 2 0 R {pageEntries} /Resources << /Font << /F1 5 0 R >> /XObject << {xObjects} >> >> /Contents 4 0 R >>"),
            Stream("", content),
            Dictionary("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"),
            .. objects,
        ]);

    /// <summary>A page drawing one image XObject (object 6) over the rectangle <paramref name="placement"/> ("w 0 0 h x y").</summary>
    public static byte[] WithImage(string imageDictionary, byte[] data, string placement = "200 0 0 100 100 500") =>
        SinglePage($"q {placement} cm /Im1 Do Q", xObjects: "/Im1 6 0 R",
            objects: Stream($"/Type /XObject /Subtype /Image {imageDictionary}", data));

    public static byte[] Build(IReadOnlyList<byte[]> objects, string trailer = "")
    {
        using var pdf = new MemoryStream();
        void Write(string text) => pdf.Write(Encoding.ASCII.GetBytes(text));
        Write("%PDF-1.5\n");
        var offsets = new List<long>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(pdf.Position);
            Write($"{i + 1} 0 obj\n");
            pdf.Write(objects[i]);
            Write("\nendobj\n");
        }

        var xref = pdf.Position;
        Write($"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) Write($"{offset:D10} 00000 n \n");
        Write($"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R {trailer} >>\nstartxref\n{xref}\n%%EOF\n");
        return pdf.ToArray();
    }

    /// <summary>
    /// A page of text encrypted with the standard security handler (RC4, 40-bit, revision 2) under an empty user
    /// password and an owner password, forbidding copying: the restrictions any reader opens without asking
    /// (ISO 32000-1, 7.6.3, algorithms 2, 3 and 4).
    /// </summary>
    public static byte[] OwnerRestricted(string text)
    {
        byte[] padding = Convert.FromHexString("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A");
        byte[] id = Convert.FromHexString("0123456789ABCDEF0123456789ABCDEF");
        const int permissions = -3900; // print allowed; modify, copy and annotate not
        var owner = Rc4(MD5.HashData([.. "owner-secret"u8, .. padding.AsSpan(0, 32 - "owner-secret".Length)])[..5], padding);
        var key = MD5.HashData([.. padding, .. owner, .. BitConverter.GetBytes(permissions), .. id])[..5];
        var user = Rc4(key, padding);
        var content = Encoding.ASCII.GetBytes($"BT /F1 12 Tf 72 700 Td ({text}) Tj ET");
        var objectKey = MD5.HashData([.. key, 4, 0, 0, 0, 0])[..10];
        byte[][] objects =
        [
            Dictionary("<< /Type /Catalog /Pages 2 0 R >>"),
            Dictionary("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            Dictionary("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"),
            Stream("", Rc4(objectKey, content)),
            Dictionary("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
            Dictionary($"<< /Filter /Standard /V 1 /R 2 /O <{Convert.ToHexString(owner)}> /U <{Convert.ToHexString(user)}> /P {permissions} >>"),
        ];
        return Build(objects, $"/Encrypt 6 0 R /ID [<{Convert.ToHexString(id)}> <{Convert.ToHexString(id)}>]");
    }

    private static byte[] Rc4(byte[] key, byte[] data)
    {
        var s = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        for (int i = 0, j = 0; i < 256; i++)
        {
            j = (j + s[i] + key[i % key.Length]) & 255;
            (s[i], s[j]) = (s[j], s[i]);
        }

        var output = new byte[data.Length];
        for (int n = 0, i = 0, j = 0; n < data.Length; n++)
        {
            i = (i + 1) & 255;
            j = (j + s[i]) & 255;
            (s[i], s[j]) = (s[j], s[i]);
            output[n] = (byte)(data[n] ^ s[(s[i] + s[j]) & 255]);
        }

        return output;
    }
}
