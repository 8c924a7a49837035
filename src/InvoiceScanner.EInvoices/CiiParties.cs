using System.Xml.Linq;
using InvoiceScanner.Core.Extraction;

namespace InvoiceScanner.EInvoices;

/// <summary>The seller (BG-4) and the buyer (BG-7) of a CII or ZUGFeRD 1.0 invoice.</summary>
internal static class CiiParties
{
    public static InvoiceFields Read(InvoiceFields fields, XElement? agreement, FieldReader read)
    {
        var seller = agreement.Child("SellerTradeParty");
        var buyer = agreement.Child("BuyerTradeParty");
        return fields with
        {
            VendorName = read.Text(seller.Child("Name")),
            VendorTradingName = read.Text(TradingName(seller)),
            VendorAddress = Address(seller, read),
            VendorPhone = read.Text(seller.At("DefinedTradeContact", "TelephoneUniversalCommunication", "CompleteNumber")),
            VendorTaxId = read.Text(TaxRegistration(seller, "VA") ?? TaxRegistration(seller, "FC")),
            VendorTaxNumber = read.Text(TaxRegistration(seller, "FC")),
            VendorRegistrationId = read.Text(seller.At("SpecifiedLegalOrganization", "ID")),
            VendorEmail = read.Text(Email(seller)),
            VendorContact = read.Text(Contact(seller)),
            ReceiverName = read.Text(buyer.Child("Name")),
            ReceiverTradingName = read.Text(TradingName(buyer)),
            ReceiverAddress = Address(buyer, read),
            ReceiverTaxId = read.Text(TaxRegistration(buyer, "VA")),
            ReceiverRegistrationId = read.Text(buyer.At("SpecifiedLegalOrganization", "ID")),
            ReceiverEmail = read.Text(Email(buyer)),
            ReceiverContact = read.Text(Contact(buyer)),
        };
    }

    private static Field<string>? Address(XElement? party, FieldReader read)
    {
        var address = party.Child("PostalTradeAddress");
        return read.Address([address.Child("LineOne"), address.Child("LineTwo"), address.Child("LineThree")],
            address.Child("PostcodeCode"), address.Child("CityName"), address.Child("CountrySubDivisionName"), address.Child("CountryID"));
    }

    /// <summary>The trading name (BT-28/BT-45) when it is not just the legal name again.</summary>
    private static XElement? TradingName(XElement? party) =>
        party.At("SpecifiedLegalOrganization", "TradingBusinessName") is { } name && name.Text() != party.Child("Name").Text() ? name : null;

    /// <summary>A tax registration by scheme: VA the VAT id (BT-31/BT-48), FC the local tax number (BT-32).</summary>
    private static XElement? TaxRegistration(XElement? party, string scheme) =>
        party.Children("SpecifiedTaxRegistration").Select(r => r.Child("ID"))
            .FirstOrDefault(id => (string?)id?.Attribute("schemeID") == scheme && id.Text() is not null);

    /// <summary>The electronic address (BT-34/BT-49) when it is an e-mail address, else the contact's e-mail (BT-43/BT-58).</summary>
    private static XElement? Email(XElement? party) =>
        party.Children("URIUniversalCommunication").Select(c => c.Child("URIID")).FirstOrDefault(ElectronicAddress.IsEmail)
            ?? party.Children("DefinedTradeContact").Select(c => c.At("EmailURIUniversalCommunication", "URIID")).FirstOrDefault(id => id.Text() is not null);

    /// <summary>The contact person, else the contact department (BT-41/BT-56).</summary>
    private static XElement? Contact(XElement? party) =>
        party.Children("DefinedTradeContact").Select(c => c.Child("PersonName") is { } person && person.Text() is not null ? person : c.Child("DepartmentName"))
            .FirstOrDefault(name => name.Text() is not null);
}
