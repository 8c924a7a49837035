using System.Text.RegularExpressions;
using System.Xml.Linq;
using InvoiceScanner.Core.Extraction;

namespace InvoiceScanner.EInvoices;

/// <summary>
/// Reads an OASIS UBL 2.1 Invoice or CreditNote (XRechnung UBL, Peppol BIS Billing 3). The parties are read by
/// <see cref="UblParties"/>, payment, VAT breakdown and allowances by <see cref="UblSettlement"/>.
/// </summary>
internal static partial class UblReader
{
    public static EInvoiceContent Read(XElement root, FieldReader read)
    {
        var fields = Header(root, read);
        fields = UblParties.Read(fields, root, read);
        fields = UblSettlement.Payment(fields, root, read);
        var lines = root.Elements().Where(e => e.Name.LocalName is "InvoiceLine" or "CreditNoteLine").Select(line => Line(line, read)).ToList();
        return new EInvoiceContent(fields, lines)
        {
            TaxBreakdown = UblSettlement.TaxBreakdown(root, read),
            AllowancesCharges = UblSettlement.AllowancesCharges(root, read),
        };
    }

    /// <summary>The document's own data: number, kind, dates, notes, references and totals.</summary>
    private static InvoiceFields Header(XElement root, FieldReader read)
    {
        var totals = root.Child("LegalMonetaryTotal");
        var currency = root.Child("DocumentCurrencyCode");
        var period = root.Child("InvoicePeriod");
        return new InvoiceFields
        {
            InvoiceNumber = read.Text(root.Child("ID")),
            DocumentType = DocumentType(root, read),
            InvoiceDate = read.Date(root.Child("IssueDate")),
            // An Invoice states its due date at the top (BT-9); a CreditNote only under PaymentMeans.
            DueDate = read.Date(root.Child("DueDate") ?? root.At("PaymentMeans", "PaymentDueDate")),
            DeliveryDate = read.Date(root.At("Delivery", "ActualDeliveryDate")),
            ServicePeriodStart = read.Date(period.Child("StartDate")),
            ServicePeriodEnd = read.Date(period.Child("EndDate")),
            Note = read.Joined(root.Children("Note"), "\n", WithoutSubjectCode),
            PoNumber = read.Text(root.At("OrderReference", "ID")),
            BuyerReference = read.Text(root.Child("BuyerReference")),
            ContractReference = read.Text(root.At("ContractDocumentReference", "ID")),
            ProjectReference = read.Text(ProjectReference(root)),
            PrecedingInvoice = read.Text(root.At("BillingReference", "InvoiceDocumentReference", "ID")),
            PaymentTerms = read.Text(root.At("PaymentTerms", "Note")),
            Subtotal = read.Amount(totals.Child("LineExtensionAmount")),
            AllowanceTotal = read.Amount(totals.Child("AllowanceTotalAmount")),
            ChargeTotal = read.Amount(totals.Child("ChargeTotalAmount")),
            TaxBasis = read.Amount(totals.Child("TaxExclusiveAmount")),
            Tax = read.Amount(CiiReader.InCurrency(root.Children("TaxTotal").Select(t => t.Child("TaxAmount")).OfType<XElement>(), currency.Text())),
            Rounding = read.Amount(totals.Child("PayableRoundingAmount")),
            Total = read.Amount(totals.Child("TaxInclusiveAmount")),
            AmountPaid = read.Amount(totals.Child("PrepaidAmount")),
            AmountDue = read.Amount(totals.Child("PayableAmount")),
            Discount = read.Amount(totals.Child("AllowanceTotalAmount")),
            Currency = read.Text(currency),
        };
    }

    /// <summary>
    /// The type code's kind; a CreditNote is a credit note whatever its code says (a self-billed one, 261, stays
    /// self-billed), and one without a code is still one.
    /// </summary>
    private static Field<string>? DocumentType(XElement root, FieldReader read)
    {
        if (root.Name.LocalName != "CreditNote")
            return read.Code(root.Child("InvoiceTypeCode"), DocumentTypes.Describe);
        return read.Code(root.Child("CreditNoteTypeCode"), code => DocumentTypes.Describe(code) is DocumentTypes.SelfBilledCreditNote
                ? DocumentTypes.SelfBilledCreditNote : DocumentTypes.CreditNote)
            ?? read.Stated(DocumentTypes.CreditNote, root.Name.LocalName, root);
    }

    /// <summary>The project reference (BT-11): ProjectReference in an Invoice, a document reference of type 50 in a CreditNote.</summary>
    private static XElement? ProjectReference(XElement root) =>
        root.At("ProjectReference", "ID")
            ?? root.Children("AdditionalDocumentReference").FirstOrDefault(r => r.Child("DocumentTypeCode").Text() == "50").Child("ID");

    /// <summary>
    /// A note without the subject code XRechnung and Peppol put in front of it in UBL (#AAK#text), which CII states in
    /// an element of its own.
    /// </summary>
    private static string WithoutSubjectCode(string note) => SubjectCode().Replace(note, "", 1).Trim();

    [GeneratedRegex("^#[A-Z]{3}#")]
    private static partial Regex SubjectCode();

    /// <summary>
    /// The item gross price (BT-148): the base amount of the price's discount, else, when only the discount (BT-147) is
    /// stated, the net price plus the discount (BT-146 is the gross price less it).
    /// </summary>
    private static Field<decimal>? GrossPrice(XElement? price, FieldReader read)
    {
        var discount = price.Children("AllowanceCharge").FirstOrDefault(a => !CiiSettlement.IndicatorIsTrue(a.Child("ChargeIndicator")));
        return read.Amount(discount.Child("BaseAmount")) ?? read.Sum(price.Child("PriceAmount"), discount.Child("Amount"));
    }

    private static LineItem Line(XElement line, FieldReader read)
    {
        var quantity = line.Child("InvoicedQuantity") ?? line.Child("CreditedQuantity");
        var item = line.Child("Item");
        var period = line.Child("InvoicePeriod");
        return new(1)
        {
            LineId = read.Text(line.Child("ID")),
            Description = read.Text(item.Child("Name")),
            Quantity = read.Amount(quantity),
            UnitCode = read.Attribute(quantity, "unitCode"),
            UnitPrice = read.Amount(line.At("Price", "PriceAmount")),
            GrossPrice = GrossPrice(line.Child("Price"), read),
            Amount = read.Amount(line.Child("LineExtensionAmount")),
            TaxCategory = read.Text(item.At("ClassifiedTaxCategory", "ID")),
            TaxRate = read.Amount(item.At("ClassifiedTaxCategory", "Percent")),
            ProductCode = read.Text(item.At("SellersItemIdentification", "ID")),
            BuyerItemId = read.Text(item.At("BuyersItemIdentification", "ID")),
            Note = read.Joined(line.Children("Note"), "\n", WithoutSubjectCode),
            PeriodStart = read.Date(period.Child("StartDate")),
            PeriodEnd = read.Date(period.Child("EndDate")),
        };
    }
}
