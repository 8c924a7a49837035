using System.Xml.Linq;
using InvoiceScanner.Core.Extraction;

namespace InvoiceScanner.EInvoices;

/// <summary>Reads an OASIS UBL 2.1 Invoice or CreditNote (XRechnung UBL, Peppol BIS Billing 3).</summary>
internal static class UblReader
{
    public static (InvoiceFields Fields, IReadOnlyList<LineItem> Lines) Read(XElement root, FieldReader read)
    {
        var seller = root.At("AccountingSupplierParty", "Party");
        var buyer = root.At("AccountingCustomerParty", "Party");
        var totals = root.Child("LegalMonetaryTotal");
        var currency = root.Child("DocumentCurrencyCode");

        var fields = new InvoiceFields
        {
            VendorName = read.Text(PartyName(seller)),
            VendorAddress = Address(seller, read),
            VendorPhone = read.Text(seller.At("Contact", "Telephone")),
            VendorTaxId = read.Text(TaxId(seller)),
            ReceiverName = read.Text(PartyName(buyer)),
            ReceiverAddress = Address(buyer, read),
            InvoiceNumber = read.Text(root.Child("ID")),
            InvoiceDate = read.Date(root.Child("IssueDate")),
            // An Invoice states its due date at the top (BT-9); a CreditNote only under PaymentMeans.
            DueDate = read.Date(root.Child("DueDate") ?? root.At("PaymentMeans", "PaymentDueDate")),
            PoNumber = read.Text(root.At("OrderReference", "ID")),
            PaymentTerms = read.Text(root.At("PaymentTerms", "Note")),
            Subtotal = read.Amount(totals.Child("LineExtensionAmount")),
            Tax = read.Amount(CiiReader.InCurrency(root.Children("TaxTotal").Select(t => t.Child("TaxAmount")).OfType<XElement>(), currency.Text())),
            Total = read.Amount(totals.Child("TaxInclusiveAmount")),
            AmountDue = read.Amount(totals.Child("PayableAmount")),
            AmountPaid = read.Amount(totals.Child("PrepaidAmount")),
            Discount = read.Amount(totals.Child("AllowanceTotalAmount")),
            Currency = read.Text(currency),
        };
        var lines = root.Elements().Where(e => e.Name.LocalName is "InvoiceLine" or "CreditNoteLine").Select(line => Line(line, read)).ToList();
        return (fields, lines);
    }

    private static LineItem Line(XElement line, FieldReader read) => new(1)
    {
        Description = read.Text(line.At("Item", "Name")),
        Quantity = read.Amount(line.Child("InvoicedQuantity") ?? line.Child("CreditedQuantity")),
        UnitPrice = read.Amount(line.At("Price", "PriceAmount")),
        Amount = read.Amount(line.Child("LineExtensionAmount")),
        ProductCode = read.Text(line.At("Item", "SellersItemIdentification", "ID")),
    };

    /// <summary>The legal name (BT-27/BT-44), else the trading name (BT-28/BT-45).</summary>
    private static XElement? PartyName(XElement? party) =>
        party.At("PartyLegalEntity", "RegistrationName") ?? party.At("PartyName", "Name");

    private static Field<string>? Address(XElement? party, FieldReader read)
    {
        var address = party.Child("PostalAddress");
        return read.Address([address.Child("StreetName"), address.Child("AdditionalStreetName"), address.At("AddressLine", "Line")],
            address.Child("PostalZone"), address.Child("CityName"), address.Child("CountrySubentity"), address.At("Country", "IdentificationCode"));
    }

    /// <summary>The VAT id (PartyTaxScheme with scheme VAT), else another tax registration (the local tax number).</summary>
    private static XElement? TaxId(XElement? party)
    {
        var schemes = party.Children("PartyTaxScheme").ToList();
        var vat = schemes.FirstOrDefault(s => s.At("TaxScheme", "ID").Text() == "VAT") ?? schemes.FirstOrDefault();
        return vat.Child("CompanyID");
    }
}
