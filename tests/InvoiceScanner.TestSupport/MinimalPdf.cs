using System.Globalization;
using System.Text;

namespace InvoiceScanner.TestSupport;

/// <summary>
/// Writes a small, valid one-page PDF by hand: lines of Helvetica text and, optionally, attached files in the
/// EmbeddedFiles name tree (where PDF/A-3 e-invoices carry their XML), with a correct cross-reference table.
/// </summary>
public static class MinimalPdf
{
    public static byte[] Build(IReadOnlyList<string> lines, params (string Name, byte[] Content)[] attachments)
    {
        var objects = new List<byte[]>();
        var content = new StringBuilder("BT /F1 11 Tf 50 780 Td 14 TL\n");
        foreach (var line in lines)
            content.Append('(').Append(Escape(line)).Append(") Tj T*\n");
        content.Append("ET");
        var contentBytes = Encoding.Latin1.GetBytes(content.ToString());

        var names = new StringBuilder();
        var attachmentObjects = new List<byte[]>();
        for (var i = 0; i < attachments.Length; i++)
        {
            var streamId = 6 + 2 * i;
            var specId = streamId + 1;
            var (name, bytes) = attachments[i];
            attachmentObjects.Add(Stream($"/Type /EmbeddedFile /Subtype /text#2Fxml", bytes));
            attachmentObjects.Add(Encoding.Latin1.GetBytes($"<< /Type /Filespec /F ({Escape(name)}) /UF ({Escape(name)}) /EF << /F {streamId} 0 R >> >>"));
            names.Append(CultureInfo.InvariantCulture, $"({Escape(name)}) {specId} 0 R ");
        }

        var catalog = attachments.Length == 0
            ? "<< /Type /Catalog /Pages 2 0 R >>"
            : $"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [{names}] >> >> >>";
        objects.Add(Encoding.Latin1.GetBytes(catalog));
        objects.Add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"u8.ToArray());
        objects.Add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"u8.ToArray());
        objects.Add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"u8.ToArray());
        objects.Add(Stream("", contentBytes));
        objects.AddRange(attachmentObjects);
        return Write(objects);
    }

    private static byte[] Stream(string dictionary, byte[] data)
    {
        var head = Encoding.Latin1.GetBytes($"<< {dictionary} /Length {data.Length} >>\nstream\n");
        return [.. head, .. data, .. "\nendstream"u8];
    }

    private static byte[] Write(List<byte[]> objects)
    {
        using var pdf = new MemoryStream();
        void Put(string text) => pdf.Write(Encoding.Latin1.GetBytes(text));
        Put("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
        var offsets = new List<long>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(pdf.Position);
            Put($"{i + 1} 0 obj\n");
            pdf.Write(objects[i]);
            Put("\nendobj\n");
        }
        var xref = pdf.Position;
        Put($"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
            Put(string.Create(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n"));
        Put($"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return pdf.ToArray();
    }

    private static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal);
}
