using System.Xml.Linq;

namespace InvoiceScanner.EInvoices;

/// <summary>A party's electronic address (BT-34/BT-49: CII URIID, UBL EndpointID) with its EAS scheme.</summary>
internal static class ElectronicAddress
{
    /// <summary>
    /// Whether the address is an e-mail address: scheme EM, or no scheme and an @ in it. Other schemes are routing ids
    /// (a GLN under 0088, a Leitweg-ID under 0204, a VAT number under 9930 …), not somewhere to write to.
    /// </summary>
    public static bool IsEmail(XElement? address) =>
        address.Text() is { } text
        && ((string?)address!.Attribute("schemeID") is { } scheme ? scheme.Trim() == "EM" : text.Contains('@', StringComparison.Ordinal));
}
