using System.Globalization;
using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Memory;
using InvoiceScanner.Core.Review;
using InvoiceScanner.Core.Validation;
using InvoiceScanner.Extraction.Fields;

namespace InvoiceScanner.Extraction.Memory;

/// <summary>
/// The next invoice of a remembered vendor: the vendor's approved name (and currency, where the page states none), and
/// each remembered field read where the vendor printed it on the approved invoice (<see cref="VendorLearner"/>,
/// <see cref="HintReader"/>). A reading that agrees with the draft raises its confidence; a clear reading where the
/// draft has nothing or something else replaces it. It learns where to read, never what: no value of a field other
/// than the name and currency comes from the memory. Pure: no I/O, no clock.
/// </summary>
public static class VendorPrior
{
    public const string TracePrefix = "vendor memory";

    /// <summary>Confidence of a value read only by the memory: one remembered label at its remembered place.</summary>
    private const double TakenConfidence = 0.85;

    /// <summary>How much of the doubt each further agreeing reading (another remembered label) or a draft that agrees leaves.</summary>
    private const double AgreementDoubt = 0.5;

    private const double NameConfidence = 0.95;
    private const double CurrencyConfidence = 0.9;

    /// <param name="document">The new invoice's OCR document.</param>
    /// <param name="draft">What the engine read on it.</param>
    /// <param name="memory">The vendor's memory (the caller matched it by <see cref="VendorKeys"/>).</param>
    /// <param name="remembered">The approved invoice's OCR document (<see cref="VendorMemory.SourceOcrKey"/>); without it only the name and currency apply.</param>
    public static ExtractionResult Apply(OcrDocument document, ExtractionResult draft, VendorMemory memory, OcrDocument? remembered, ExtractionOptions options)
    {
        var fields = Vendor(draft.Fields, memory);
        if (remembered is not null)
        {
            var hints = VendorLearner.Learn(remembered, memory, options);
            if (hints.Count > 0)
                fields = ReadFields(new ExtractionContext(document, options), fields, hints, memory, options.ReviewThreshold);
        }
        // Reasons the validator decides are decided again on the new fields; others (an e-invoice's rules) stand.
        var reasons = draft.ReviewReasons.Where(r => !ReviewCodes.IsCheck(r.Code) && r.Code != ReviewCodes.LowConfidence)
            .Concat(InvoiceValidator.Validate(fields, draft.LineItems, options, draft.Addressed)).ToList();
        return draft with
        {
            Fields = fields,
            ReviewReasons = reasons,
            Confidence = LocalInvoiceExtractor.OverallConfidence(fields, reasons, draft.Addressed),
        };
    }

    private static InvoiceFields Vendor(InvoiceFields fields, VendorMemory memory)
    {
        var source = $"{TracePrefix}: approved on invoice {memory.SourceInvoiceId} for vendor {memory.VendorKey}";
        if (memory.VendorName is { Length: > 0 } name)
        {
            var read = fields.VendorName;
            var same = read is not null && TextKey.Compact(read.Value) == TextKey.Compact(name);
            fields = fields with
            {
                VendorName = new Field<string>(name, same ? read!.Raw : name, Math.Max(NameConfidence, same ? read!.Confidence : 0), same ? read!.Evidence : null)
                {
                    Trace = [$"{source}: the vendor's name", .. read is null ? [] : same ? read.Trace : [$"the engine had read '{read.Value}'"]],
                },
            };
        }
        if (fields.Currency is null && memory.Currency is { Length: 3 } currency)
            fields = fields with
            {
                Currency = new Field<string>(currency, currency, CurrencyConfidence)
                {
                    Trace = [$"{source}: the vendor's currency; nothing on this document states one"],
                },
            };
        return fields;
    }

    private static InvoiceFields ReadFields(ExtractionContext context, InvoiceFields fields, IReadOnlyList<FieldHint> hints, VendorMemory memory, double threshold)
    {
        var order = DateFieldsExtractor.DecideOrder(context, context.Rows.SelectMany(r => r.Dates).ToList(), fields.Currency?.Value).Order;
        foreach (var group in hints.GroupBy(h => h.Field, StringComparer.Ordinal))
        {
            var slot = MemorySlots.Find(group.Key)!;
            var readings = group.Select(h => HintReader.Read(context, h, order)).OfType<HintReading>().ToList();
            if (readings.Count > 0)
                fields = Decide(fields, slot, readings, group.Count(), memory, threshold);
        }
        return fields;
    }

    /// <summary>
    /// Confirms the draft where a reading agrees with it; takes the reading where the readings agree and the draft has
    /// nothing or is in doubt (below the review threshold), or where every remembered place reads the same value. One
    /// approved invoice is one example: a second label it happened to print the value under (the product's name that was
    /// the advertiser's), read alone, does not overrule a sure reading.
    /// </summary>
    private static InvoiceFields Decide(InvoiceFields fields, MemorySlot slot, List<HintReading> readings, int places, VendorMemory memory, double threshold)
    {
        var current = slot.Current(fields);
        var values = readings.GroupBy(r => r.Canonical, StringComparer.Ordinal).ToList();
        if (current is not null && readings.FirstOrDefault(r => MemorySlots.Same(slot.Kind, r.Canonical, current)) is { } agreeing)
        {
            var confidence = 1 - (1 - slot.Confidence(fields)!.Value) * AgreementDoubt;
            return slot.Confirm(fields, confidence, $"{TracePrefix}: read the same under '{agreeing.Hint.Label}', where invoice {memory.SourceInvoiceId} printed it",
                settlesOrder: agreeing.Hint.Order is not null && !agreeing.Ambiguous);
        }
        if (values.Count != 1 || slot.Confidence(fields) >= threshold && readings.Count < places)
            return fields;
        var reading = readings[0];
        var taken = 1 - (1 - TakenConfidence) * Math.Pow(AgreementDoubt, readings.Count - 1);
        var trace = new List<string>
        {
            $"{TracePrefix}: read '{reading.Raw}' under '{reading.Hint.Label}' ({(reading.Hint.Direction == HintDirection.Beside ? "beside" : "below")}), " +
            $"where invoice {memory.SourceInvoiceId} printed it",
        };
        if (current is not null)
            trace.Add(string.Create(CultureInfo.InvariantCulture, $"the engine had read {CorrectedValues.Raw(current)} (confidence {slot.Confidence(fields):0.00})"));
        var next = slot.Take(fields, reading, taken * reading.TextConfidence, trace);
        // Sums that added up are not broken for a remembered place: the arithmetic is the stronger evidence.
        return slot.Kind == ValueKind.Amount && Adds(fields) && !Adds(next) ? fields : next;
    }

    private static bool Adds(InvoiceFields fields) =>
        fields.Total is not null && fields.Subtotal is not null && InvoiceValidator.CheckTotals(fields) is null;
}
