using InvoiceScanner.Core.Extraction;

namespace InvoiceScanner.Core.Review;

/// <summary>Every field a person may correct: the invoice's field set and a line item's cells, by wire name.</summary>
public static class CorrectableFields
{
    public static IReadOnlyList<CorrectableField<InvoiceFields>> Invoice { get; } =
    [
        new CorrectableField<InvoiceFields, string>(nameof(InvoiceFields.VendorName), ValueKind.Text, f => f.VendorName, (f, v) => f with { VendorName = v }),
        new CorrectableField<InvoiceFields, string>(nameof(InvoiceFields.VendorAddress), ValueKind.Text, f => f.VendorAddress, (f, v) => f with { VendorAddress = v }),
        new CorrectableField<InvoiceFields, string>(nameof(InvoiceFields.VendorPhone), ValueKind.Text, f => f.VendorPhone, (f, v) => f with { VendorPhone = v }),
        new CorrectableField<InvoiceFields, string>(nameof(InvoiceFields.VendorTaxId), ValueKind.Text, f => f.VendorTaxId, (f, v) => f with { VendorTaxId = v }),
        new CorrectableField<InvoiceFields, string>(nameof(InvoiceFields.ReceiverName), ValueKind.Text, f => f.ReceiverName, (f, v) => f with { ReceiverName = v }),
        new CorrectableField<InvoiceFields, string>(nameof(InvoiceFields.ReceiverAddress), ValueKind.Text, f => f.ReceiverAddress, (f, v) => f with { ReceiverAddress = v }),
        new CorrectableField<InvoiceFields, string>(nameof(InvoiceFields.InvoiceNumber), ValueKind.Text, f => f.InvoiceNumber, (f, v) => f with { InvoiceNumber = v }),
        new CorrectableField<InvoiceFields, DateOnly>(nameof(InvoiceFields.InvoiceDate), ValueKind.Date, f => f.InvoiceDate, (f, v) => f with { InvoiceDate = v }),
        new CorrectableField<InvoiceFields, DateOnly>(nameof(InvoiceFields.DueDate), ValueKind.Date, f => f.DueDate, (f, v) => f with { DueDate = v }),
        new CorrectableField<InvoiceFields, string>(nameof(InvoiceFields.PoNumber), ValueKind.Text, f => f.PoNumber, (f, v) => f with { PoNumber = v }),
        new CorrectableField<InvoiceFields, string>(nameof(InvoiceFields.PaymentTerms), ValueKind.Text, f => f.PaymentTerms, (f, v) => f with { PaymentTerms = v }),
        new CorrectableField<InvoiceFields, decimal>(nameof(InvoiceFields.Subtotal), ValueKind.Amount, f => f.Subtotal, (f, v) => f with { Subtotal = v }),
        new CorrectableField<InvoiceFields, decimal>(nameof(InvoiceFields.Tax), ValueKind.Amount, f => f.Tax, (f, v) => f with { Tax = v }),
        new CorrectableField<InvoiceFields, decimal>(nameof(InvoiceFields.Total), ValueKind.Amount, f => f.Total, (f, v) => f with { Total = v }),
        new CorrectableField<InvoiceFields, decimal>(nameof(InvoiceFields.AmountDue), ValueKind.Amount, f => f.AmountDue, (f, v) => f with { AmountDue = v }),
        new CorrectableField<InvoiceFields, decimal>(nameof(InvoiceFields.AmountPaid), ValueKind.Amount, f => f.AmountPaid, (f, v) => f with { AmountPaid = v }),
        new CorrectableField<InvoiceFields, decimal>(nameof(InvoiceFields.Discount), ValueKind.Amount, f => f.Discount, (f, v) => f with { Discount = v }),
        new CorrectableField<InvoiceFields, string>(nameof(InvoiceFields.Currency), ValueKind.Currency, f => f.Currency, (f, v) => f with { Currency = v }),
        new CorrectableField<InvoiceFields, string>(nameof(InvoiceFields.DocumentType), ValueKind.DocumentType, f => f.DocumentType, (f, v) => f with { DocumentType = v }),
        new CorrectableField<InvoiceFields, string>(nameof(InvoiceFields.VendorTradingName), ValueKind.Text, f => f.VendorTradingName, (f, v) => f with { VendorTradingName = v }),
        new CorrectableField<InvoiceFields, string>(nameof(InvoiceFields.VendorTaxNumber), ValueKind.Text, f => f.VendorTaxNumber, (f, v) => f with { VendorTaxNumber = v }),
        new CorrectableField<InvoiceFields, string>(nameof(InvoiceFields.VendorRegistrationId), ValueKind.Text, f => f.VendorRegistrationId, (f, v) => f with { VendorRegistrationId = v }),
        new CorrectableField<InvoiceFields, string>(nameof(InvoiceFields.VendorEmail), ValueKind.Email, f => f.VendorEmail, (f, v) => f with { VendorEmail = v }),
        new CorrectableField<InvoiceFields, string>(nameof(InvoiceFields.VendorContact), ValueKind.Text, f => f.VendorContact, (f, v) => f with { VendorContact = v }),
        new CorrectableField<InvoiceFields, string>(nameof(InvoiceFields.ReceiverTradingName), ValueKind.Text, f => f.ReceiverTradingName, (f, v) => f with { ReceiverTradingName = v }),
        new CorrectableField<InvoiceFields, string>(nameof(InvoiceFields.ReceiverTaxId), ValueKind.Text, f => f.ReceiverTaxId, (f, v) => f with { ReceiverTaxId = v }),
        new CorrectableField<InvoiceFields, string>(nameof(InvoiceFields.ReceiverRegistrationId), ValueKind.Text, f => f.ReceiverRegistrationId, (f, v) => f with { ReceiverRegistrationId = v }),
        new CorrectableField<InvoiceFields, string>(nameof(InvoiceFields.ReceiverEmail), ValueKind.Email, f => f.ReceiverEmail, (f, v) => f with { ReceiverEmail = v }),
        new CorrectableField<InvoiceFields, string>(nameof(InvoiceFields.ReceiverContact), ValueKind.Text, f => f.ReceiverContact, (f, v) => f with { ReceiverContact = v }),
        new CorrectableField<InvoiceFields, DateOnly>(nameof(InvoiceFields.DeliveryDate), ValueKind.Date, f => f.DeliveryDate, (f, v) => f with { DeliveryDate = v }),
        new CorrectableField<InvoiceFields, DateOnly>(nameof(InvoiceFields.ServicePeriodStart), ValueKind.Date, f => f.ServicePeriodStart, (f, v) => f with { ServicePeriodStart = v }),
        new CorrectableField<InvoiceFields, DateOnly>(nameof(InvoiceFields.ServicePeriodEnd), ValueKind.Date, f => f.ServicePeriodEnd, (f, v) => f with { ServicePeriodEnd = v }),
        new CorrectableField<InvoiceFields, string>(nameof(InvoiceFields.BuyerReference), ValueKind.Text, f => f.BuyerReference, (f, v) => f with { BuyerReference = v }),
        new CorrectableField<InvoiceFields, string>(nameof(InvoiceFields.ContractReference), ValueKind.Text, f => f.ContractReference, (f, v) => f with { ContractReference = v }),
        new CorrectableField<InvoiceFields, string>(nameof(InvoiceFields.ProjectReference), ValueKind.Text, f => f.ProjectReference, (f, v) => f with { ProjectReference = v }),
        new CorrectableField<InvoiceFields, string>(nameof(InvoiceFields.PrecedingInvoice), ValueKind.Text, f => f.PrecedingInvoice, (f, v) => f with { PrecedingInvoice = v }),
        new CorrectableField<InvoiceFields, decimal>(nameof(InvoiceFields.AllowanceTotal), ValueKind.Amount, f => f.AllowanceTotal, (f, v) => f with { AllowanceTotal = v }),
        new CorrectableField<InvoiceFields, decimal>(nameof(InvoiceFields.ChargeTotal), ValueKind.Amount, f => f.ChargeTotal, (f, v) => f with { ChargeTotal = v }),
        new CorrectableField<InvoiceFields, decimal>(nameof(InvoiceFields.TaxBasis), ValueKind.Amount, f => f.TaxBasis, (f, v) => f with { TaxBasis = v }),
        new CorrectableField<InvoiceFields, decimal>(nameof(InvoiceFields.Rounding), ValueKind.Amount, f => f.Rounding, (f, v) => f with { Rounding = v }),
        new CorrectableField<InvoiceFields, string>(nameof(InvoiceFields.PaymentMeansCode), ValueKind.Text, f => f.PaymentMeansCode, (f, v) => f with { PaymentMeansCode = v }),
        new CorrectableField<InvoiceFields, string>(nameof(InvoiceFields.Iban), ValueKind.Iban, f => f.Iban, (f, v) => f with { Iban = v }),
        new CorrectableField<InvoiceFields, string>(nameof(InvoiceFields.Bic), ValueKind.Text, f => f.Bic, (f, v) => f with { Bic = v }),
        new CorrectableField<InvoiceFields, string>(nameof(InvoiceFields.AccountHolder), ValueKind.Text, f => f.AccountHolder, (f, v) => f with { AccountHolder = v }),
        new CorrectableField<InvoiceFields, string>(nameof(InvoiceFields.MandateReference), ValueKind.Text, f => f.MandateReference, (f, v) => f with { MandateReference = v }),
        new CorrectableField<InvoiceFields, string>(nameof(InvoiceFields.RemittanceInformation), ValueKind.Text, f => f.RemittanceInformation, (f, v) => f with { RemittanceInformation = v }),
        new CorrectableField<InvoiceFields, string>(nameof(InvoiceFields.Note), ValueKind.Text, f => f.Note, (f, v) => f with { Note = v }),
    ];

    public static IReadOnlyList<CorrectableField<LineItem>> LineItem { get; } =
    [
        new CorrectableField<LineItem, string>(nameof(Extraction.LineItem.Description), ValueKind.Text, i => i.Description, (i, v) => i with { Description = v }),
        new CorrectableField<LineItem, decimal>(nameof(Extraction.LineItem.Quantity), ValueKind.Amount, i => i.Quantity, (i, v) => i with { Quantity = v }),
        new CorrectableField<LineItem, decimal>(nameof(Extraction.LineItem.UnitPrice), ValueKind.Amount, i => i.UnitPrice, (i, v) => i with { UnitPrice = v }),
        new CorrectableField<LineItem, decimal>(nameof(Extraction.LineItem.Amount), ValueKind.Amount, i => i.Amount, (i, v) => i with { Amount = v }),
        new CorrectableField<LineItem, string>(nameof(Extraction.LineItem.ProductCode), ValueKind.Text, i => i.ProductCode, (i, v) => i with { ProductCode = v }),
        new CorrectableField<LineItem, string>(nameof(Extraction.LineItem.LineId), ValueKind.Text, i => i.LineId, (i, v) => i with { LineId = v }),
        new CorrectableField<LineItem, string>(nameof(Extraction.LineItem.UnitCode), ValueKind.Text, i => i.UnitCode, (i, v) => i with { UnitCode = v }),
        new CorrectableField<LineItem, decimal>(nameof(Extraction.LineItem.GrossPrice), ValueKind.Amount, i => i.GrossPrice, (i, v) => i with { GrossPrice = v }),
        new CorrectableField<LineItem, string>(nameof(Extraction.LineItem.TaxCategory), ValueKind.Text, i => i.TaxCategory, (i, v) => i with { TaxCategory = v }),
        new CorrectableField<LineItem, decimal>(nameof(Extraction.LineItem.TaxRate), ValueKind.Amount, i => i.TaxRate, (i, v) => i with { TaxRate = v }),
        new CorrectableField<LineItem, string>(nameof(Extraction.LineItem.BuyerItemId), ValueKind.Text, i => i.BuyerItemId, (i, v) => i with { BuyerItemId = v }),
        new CorrectableField<LineItem, string>(nameof(Extraction.LineItem.Note), ValueKind.Text, i => i.Note, (i, v) => i with { Note = v }),
        new CorrectableField<LineItem, DateOnly>(nameof(Extraction.LineItem.PeriodStart), ValueKind.Date, i => i.PeriodStart, (i, v) => i with { PeriodStart = v }),
        new CorrectableField<LineItem, DateOnly>(nameof(Extraction.LineItem.PeriodEnd), ValueKind.Date, i => i.PeriodEnd, (i, v) => i with { PeriodEnd = v }),
    ];

    private static readonly Dictionary<string, CorrectableField<InvoiceFields>> ByWireName =
        Invoice.ToDictionary(f => f.WireName, StringComparer.Ordinal);

    private static readonly Dictionary<string, CorrectableField<LineItem>> CellsByWireName =
        LineItem.ToDictionary(f => f.WireName, StringComparer.Ordinal);

    public static CorrectableField<InvoiceFields>? Find(string wireName) => ByWireName.GetValueOrDefault(wireName);

    public static CorrectableField<LineItem>? FindCell(string wireName) => CellsByWireName.GetValueOrDefault(wireName);
}
