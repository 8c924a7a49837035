using System.Text;
using InvoiceScanner.Core.Extraction;

namespace InvoiceScanner.EInvoices.Tests;

/// <summary>Reads an e-invoice as the service does.</summary>
internal static class EInvoiceReading
{
    public static ExtractionResult Read(byte[] content) => EInvoiceReader.Read(EInvoiceXml.Read(content));

    public static ExtractionResult Read(string xml) => Read(Encoding.UTF8.GetBytes(xml));

    public static ExtractionResult ReadFile(string path) => Read(File.ReadAllBytes(path));
}
