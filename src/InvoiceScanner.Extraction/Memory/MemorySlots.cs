using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Review;
using InvoiceScanner.Extraction.Fields;

namespace InvoiceScanner.Extraction.Memory;

/// <summary>
/// A field the prior reads where the vendor's approved invoice printed it: its current value as canonical JSON text, and
/// how a reading is put in place (taken, or the draft's value confirmed).
/// </summary>
internal abstract class MemorySlot(string name, ValueKind kind)
{
    public string Name { get; } = name;
    public ValueKind Kind { get; } = kind;

    /// <summary>A party's name: read to the end of its cell, however many words the next one has.</summary>
    public bool IsName => Name == FieldNames.ReceiverName;

    public abstract string? Current(InvoiceFields fields);
    public abstract double? Confidence(InvoiceFields fields);

    /// <summary>The reading as the field's value, the draft's value (if any) noted in the trace.</summary>
    public abstract InvoiceFields Take(InvoiceFields fields, HintReading reading, double confidence, IReadOnlyList<string> trace);

    /// <summary>The draft's value kept, with a new confidence; an order the vendor's invoices proved settles an ambiguous date.</summary>
    public abstract InvoiceFields Confirm(InvoiceFields fields, double confidence, string note, bool settlesOrder);
}

internal sealed class MemorySlot<T>(string name, ValueKind kind, Func<InvoiceFields, Field<T>?> get, Func<InvoiceFields, Field<T>?, InvoiceFields> set)
    : MemorySlot(name, kind)
{
    public override string? Current(InvoiceFields fields) => get(fields) is { } f ? CorrectedValues.Write(f.Value) : null;

    public override double? Confidence(InvoiceFields fields) => get(fields)?.Confidence;

    public override InvoiceFields Take(InvoiceFields fields, HintReading reading, double confidence, IReadOnlyList<string> trace) =>
        set(fields, new Field<T>(CorrectedValues.Read<T>(reading.Canonical), reading.Raw, Math.Round(confidence, 3), reading.Evidence)
        {
            Trace = [.. trace, .. get(fields)?.Trace ?? []],
            Flags = reading.Ambiguous ? [DateFieldsExtractor.AmbiguousDateFlag] : [],
        });

    public override InvoiceFields Confirm(InvoiceFields fields, double confidence, string note, bool settlesOrder)
    {
        var field = get(fields)!;
        return set(fields, field with
        {
            Confidence = Math.Round(Math.Max(field.Confidence, confidence), 3),
            Trace = [note, .. field.Trace],
            Flags = settlesOrder ? field.Flags.Where(f => f != DateFieldsExtractor.AmbiguousDateFlag).ToList() : field.Flags,
        });
    }
}

/// <summary>
/// The fields a vendor's memory teaches where to read: identifiers, the buyer, dates and amounts, each printed beside
/// or under a label. The vendor's name and currency are the memory's own values (<see cref="VendorPrior"/>); addresses
/// and notes run over several lines and are not read this way.
/// </summary>
internal static class MemorySlots
{
    public static IReadOnlyList<MemorySlot> All { get; } =
    [
        new MemorySlot<string>(FieldNames.InvoiceNumber, ValueKind.Text, f => f.InvoiceNumber, (f, v) => f with { InvoiceNumber = v }),
        new MemorySlot<string>(FieldNames.PoNumber, ValueKind.Text, f => f.PoNumber, (f, v) => f with { PoNumber = v }),
        new MemorySlot<string>(FieldNames.VendorTaxId, ValueKind.Text, f => f.VendorTaxId, (f, v) => f with { VendorTaxId = v }),
        new MemorySlot<string>(FieldNames.ReceiverName, ValueKind.Text, f => f.ReceiverName, (f, v) => f with { ReceiverName = v }),
        new MemorySlot<string>(FieldNames.BuyerReference, ValueKind.Text, f => f.BuyerReference, (f, v) => f with { BuyerReference = v }),
        new MemorySlot<string>(FieldNames.ContractReference, ValueKind.Text, f => f.ContractReference, (f, v) => f with { ContractReference = v }),
        new MemorySlot<DateOnly>(FieldNames.InvoiceDate, ValueKind.Date, f => f.InvoiceDate, (f, v) => f with { InvoiceDate = v }),
        new MemorySlot<DateOnly>(FieldNames.DueDate, ValueKind.Date, f => f.DueDate, (f, v) => f with { DueDate = v }),
        new MemorySlot<DateOnly>(FieldNames.DeliveryDate, ValueKind.Date, f => f.DeliveryDate, (f, v) => f with { DeliveryDate = v }),
        new MemorySlot<DateOnly>(FieldNames.ServicePeriodStart, ValueKind.Date, f => f.ServicePeriodStart, (f, v) => f with { ServicePeriodStart = v }),
        new MemorySlot<DateOnly>(FieldNames.ServicePeriodEnd, ValueKind.Date, f => f.ServicePeriodEnd, (f, v) => f with { ServicePeriodEnd = v }),
        new MemorySlot<decimal>(FieldNames.Subtotal, ValueKind.Amount, f => f.Subtotal, (f, v) => f with { Subtotal = v }),
        new MemorySlot<decimal>(FieldNames.Tax, ValueKind.Amount, f => f.Tax, (f, v) => f with { Tax = v }),
        new MemorySlot<decimal>(FieldNames.Total, ValueKind.Amount, f => f.Total, (f, v) => f with { Total = v }),
        new MemorySlot<decimal>(FieldNames.AmountDue, ValueKind.Amount, f => f.AmountDue, (f, v) => f with { AmountDue = v }),
    ];

    private static readonly Dictionary<string, MemorySlot> ByName = All.ToDictionary(s => s.Name, StringComparer.Ordinal);

    public static MemorySlot? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>Two values of a field the same: amounts whatever their sign, texts by their letters and digits.</summary>
    public static bool Same(ValueKind kind, string a, string b) => kind switch
    {
        ValueKind.Amount => Math.Abs(CorrectedValues.Read<decimal>(a)) == Math.Abs(CorrectedValues.Read<decimal>(b)),
        ValueKind.Text => TextKey.Compact(CorrectedValues.Raw(a)) == TextKey.Compact(CorrectedValues.Raw(b)),
        _ => a == b,
    };
}
