using System.Xml.Linq;
using InvoiceScanner.Core.Extraction;

namespace InvoiceScanner.EInvoices;

/// <summary>The seller (AccountingSupplierParty, BG-4) and the buyer (AccountingCustomerParty, BG-7) of a UBL invoice.</summary>
internal static class UblParties
{
    public static InvoiceFields Read(InvoiceFields fields, XElement root, FieldReader read)
    {
        var seller = root.At("AccountingSupplierParty", "Party");
        var buyer = root.At("AccountingCustomerParty", "Party");
        return fields with
        {
            VendorName = read.Text(PartyName(seller)),
            VendorTradingName = read.Text(TradingName(seller)),
            VendorAddress = Address(seller, read),
            VendorPhone = read.Text(seller.At("Contact", "Telephone")),
            VendorTaxId = read.Text((VatScheme(seller) ?? seller.Child("PartyTaxScheme")).Child("CompanyID")),
            VendorTaxNumber = read.Text(OtherTaxScheme(seller).Child("CompanyID")),
            VendorRegistrationId = read.Text(seller.At("PartyLegalEntity", "CompanyID")),
            VendorEmail = read.Text(Email(seller)),
            VendorContact = read.Text(seller.At("Contact", "Name")),
            ReceiverName = read.Text(PartyName(buyer)),
            ReceiverTradingName = read.Text(TradingName(buyer)),
            ReceiverAddress = Address(buyer, read),
            ReceiverTaxId = read.Text(VatScheme(buyer).Child("CompanyID")),
            ReceiverRegistrationId = read.Text(buyer.At("PartyLegalEntity", "CompanyID")),
            ReceiverEmail = read.Text(Email(buyer)),
            ReceiverContact = read.Text(buyer.At("Contact", "Name")),
        };
    }

    /// <summary>The legal name (BT-27/BT-44), else the trading name (BT-28/BT-45).</summary>
    private static XElement? PartyName(XElement? party) =>
        party.At("PartyLegalEntity", "RegistrationName") ?? party.At("PartyName", "Name");

    /// <summary>
    /// The trading name (BT-28/BT-45) when the party has a legal name besides it that is not the same (UBL invoices
    /// converted from CII repeat the legal name there).
    /// </summary>
    private static XElement? TradingName(XElement? party) =>
        party.At("PartyName", "Name") is { } name && party.At("PartyLegalEntity", "RegistrationName").Text() is { } legal && name.Text() != legal ? name : null;

    private static Field<string>? Address(XElement? party, FieldReader read)
    {
        var address = party.Child("PostalAddress");
        return read.Address([address.Child("StreetName"), address.Child("AdditionalStreetName"), address.At("AddressLine", "Line")],
            address.Child("PostalZone"), address.Child("CityName"), address.Child("CountrySubentity"), address.At("Country", "IdentificationCode"));
    }

    /// <summary>The PartyTaxScheme of scheme VAT: the VAT id (BT-31/BT-48).</summary>
    private static XElement? VatScheme(XElement? party) =>
        party.Children("PartyTaxScheme").FirstOrDefault(s => s.At("TaxScheme", "ID").Text() == "VAT");

    /// <summary>A PartyTaxScheme of another scheme (FC in XRechnung): the local tax number (BT-32).</summary>
    private static XElement? OtherTaxScheme(XElement? party) =>
        party.Children("PartyTaxScheme").FirstOrDefault(s => s.At("TaxScheme", "ID").Text() != "VAT" && s.Child("CompanyID").Text() is not null);

    /// <summary>The electronic address (EndpointID, BT-34/BT-49) when it is an e-mail address, else the contact's e-mail (BT-43/BT-58).</summary>
    private static XElement? Email(XElement? party) =>
        party.Child("EndpointID") is { } endpoint && ElectronicAddress.IsEmail(endpoint) ? endpoint : party.At("Contact", "ElectronicMail");
}
