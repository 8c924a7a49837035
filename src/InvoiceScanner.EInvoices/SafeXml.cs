using System.Runtime.InteropServices;
using System.Xml;
using System.Xml.Linq;
using InvoiceScanner.Core.Invoices;

namespace InvoiceScanner.EInvoices;

/// <summary>
/// Loads untrusted XML: no DTD (so no entity expansion and no external entities), no resolver, bounded size and
/// nesting depth. Anything refused or malformed is a <see cref="DocumentRejectedException"/> with
/// <see cref="ErrorCodes.InvalidXml"/>, raised before the document is built.
/// </summary>
public static class SafeXml
{
    /// <summary>Deeper than any invoice syntax nests (UBL and CII stay under 15 levels).</summary>
    public const int MaxDepth = 64;

    /// <summary>Characters in the whole document; a large invoice with thousands of lines is a few MB.</summary>
    public const long MaxCharacters = 20_000_000;

    private static XmlReaderSettings Settings() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = MaxCharacters,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = false,
    };

    public static XDocument Load(ReadOnlyMemory<byte> content)
    {
        // Depth is checked on a first streaming pass: XDocument.Load has no limit, and a deeply nested document must
        // fail before a tree of it is built.
        Read(content, reader =>
        {
            while (reader.Read())
            {
                if (reader.Depth > MaxDepth)
                    throw Invalid($"The XML nests deeper than {MaxDepth} levels.");
            }
            return 0;
        });
        return Read(content, reader => XDocument.Load(reader, LoadOptions.None));
    }

    private static T Read<T>(ReadOnlyMemory<byte> content, Func<XmlReader, T> read)
    {
        using var stream = MemoryMarshal.TryGetArray(content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);
        try
        {
            using var reader = XmlReader.Create(stream, Settings());
            return read(reader);
        }
        catch (XmlException e)
        {
            throw Invalid(e.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase)
                ? "The XML carries a DTD, which e-invoices never need and this reader refuses (entity expansion)."
                : $"The file is not well-formed XML: {e.Message}", e);
        }
    }

    private static DocumentRejectedException Invalid(string message, Exception? inner = null) =>
        new(ErrorCodes.InvalidXml, message, inner);
}
