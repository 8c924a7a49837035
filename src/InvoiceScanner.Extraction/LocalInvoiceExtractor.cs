using InvoiceScanner.Core.Documents;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Ports;
using InvoiceScanner.Core.Validation;
using InvoiceScanner.Extraction.Fields;
using InvoiceScanner.Extraction.Fields.Items;
using InvoiceScanner.Extraction.Fields.Parties;
using InvoiceScanner.Extraction.Fields.Payment;
using InvoiceScanner.Extraction.Learning;
using InvoiceScanner.Extraction.Parsing;

namespace InvoiceScanner.Extraction;

/// <summary>
/// The local extraction engine: layout rows → labelled amounts/dates/identifiers → arithmetic choice of the
/// money fields → vendor/address lines (trained line classifier, rules as fallback) → line items → merge with
/// any engine candidates (Textract) → validation and review reasons. Pure: no I/O, no clock.
/// </summary>
public sealed class LocalInvoiceExtractor : IInvoiceExtractor
{
    public const string EngineName = "rules";

    private readonly IPartyLineScorer _partyScorer;
    private readonly FieldCalibrator? _calibrator;
    private readonly PartyRankers _rankers;

    /// <summary>
    /// Uses the line classifier and the confidence calibration shipped with the library (rules and raw confidences
    /// if they cannot load).
    /// </summary>
    public LocalInvoiceExtractor() : this(ShippedPartyScorer())
    {
    }

    /// <summary>With a specific vendor/address line scorer (e.g. a model trained on other folds, for evaluation).</summary>
    public LocalInvoiceExtractor(IPartyLineScorer partyScorer) : this(partyScorer, FieldCalibrator.Embedded)
    {
    }

    /// <summary>With a specific line scorer and calibration; a null calibrator leaves the rules' raw confidences (to fit one).</summary>
    public LocalInvoiceExtractor(IPartyLineScorer partyScorer, FieldCalibrator? calibrator) : this(partyScorer, calibrator, PartyRankers.Shipped)
    {
    }

    /// <summary>With specific party rankers too (<see cref="PartyRankers.None"/>: the rules alone, what the rankers are trained on).</summary>
    public LocalInvoiceExtractor(IPartyLineScorer partyScorer, FieldCalibrator? calibrator, PartyRankers rankers)
    {
        _partyScorer = partyScorer;
        _calibrator = calibrator;
        _rankers = rankers;
    }

    /// <summary>The shipped line classifier with raw confidences: what the calibration is fitted on.</summary>
    public static LocalInvoiceExtractor Uncalibrated() =>
        new(ShippedPartyScorer(), null);

    /// <summary>The shipped line classifier's vendor/address scorer, or the rules if it cannot load.</summary>
    public static IPartyLineScorer ShippedPartyScorer() =>
        LineClassifier.Embedded is { } model ? new ClassifierPartyLineScorer(model) : new RulePartyLineScorer();

    public Task<ExtractionResult> ExtractAsync(OcrDocument document, ExtractionOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Extract(document, options));
    }

    public ExtractionResult Extract(OcrDocument document, ExtractionOptions? options = null)
    {
        options ??= ExtractionOptions.Default;
        var context = new ExtractionContext(document, options);

        var amounts = AmountFieldsExtractor.Extract(context);
        var currency = EngineCandidates.Merge(CurrencyExtractor.Extract(context), EngineCandidates.Currencies(document));
        var dates = DateFieldsExtractor.Extract(context, currency?.Value);
        var documentType = DocumentTypeDetector.Detect(context);
        var ids = IdentifierExtractor.Extract(context, documentType?.Value);
        var parties = PartyExtractor.Extract(context, _partyScorer, _rankers);
        var order = dates.OrderDecision.Order ?? DateOrder.DayFirst;
        var period = ServicePeriodExtractor.Extract(context, order);
        var account = PaymentAccountExtractor.Extract(context.Layout);
        var style = context.DecimalStyle;

        var subtotal = EngineCandidates.Merge(amounts.Subtotal, EngineCandidates.Amounts(document, FieldNames.Subtotal, style), AmountFieldsExtractor.Show);
        var tax = EngineCandidates.Merge(amounts.Tax, EngineCandidates.Amounts(document, FieldNames.Tax, style), AmountFieldsExtractor.Show);
        var discount = EngineCandidates.Merge(amounts.Discount, EngineCandidates.Amounts(document, FieldNames.Discount, style), AmountFieldsExtractor.Show);
        // Among engine total candidates, the one that subtotal + tax − discount explains gets extra weight.
        var total = EngineCandidates.Merge(amounts.Total, EngineCandidates.Amounts(document, FieldNames.Total, style), AmountFieldsExtractor.Show,
            v => subtotal is not null && Math.Abs(subtotal.Value + (tax?.Value ?? 0) - (discount?.Value ?? 0) - v) <= 0.011m ? 1.5 : 0);

        var fields = new InvoiceFields
        {
            VendorName = EngineCandidates.Merge(parties.VendorName, EngineCandidates.Strings(document, FieldNames.VendorName)),
            VendorAddress = EngineCandidates.Merge(parties.VendorAddress, EngineCandidates.Strings(document, FieldNames.VendorAddress)),
            VendorPhone = EngineCandidates.Merge(ids.VendorPhone, EngineCandidates.Strings(document, FieldNames.VendorPhone)),
            VendorTaxId = EngineCandidates.Merge(ids.VendorTaxId, EngineCandidates.Strings(document, FieldNames.VendorTaxId)),
            ReceiverName = EngineCandidates.Merge(parties.ReceiverName, EngineCandidates.Strings(document, FieldNames.ReceiverName)),
            ReceiverAddress = EngineCandidates.Merge(parties.ReceiverAddress, EngineCandidates.Strings(document, FieldNames.ReceiverAddress)),
            InvoiceNumber = EngineCandidates.Merge(ids.InvoiceNumber, EngineCandidates.Strings(document, FieldNames.InvoiceNumber)),
            InvoiceDate = EngineCandidates.Merge(dates.InvoiceDate, EngineCandidates.Dates(document, FieldNames.InvoiceDate, order), D),
            DueDate = EngineCandidates.Merge(dates.DueDate, EngineCandidates.Dates(document, FieldNames.DueDate, order), D),
            PoNumber = EngineCandidates.Merge(ids.PoNumber, EngineCandidates.Strings(document, FieldNames.PoNumber)),
            ContractReference = ids.ContractReference,
            PaymentTerms = EngineCandidates.Merge(ids.PaymentTerms, EngineCandidates.Strings(document, FieldNames.PaymentTerms)),
            Subtotal = subtotal,
            Tax = tax,
            Total = total,
            AmountDue = EngineCandidates.Merge(amounts.AmountDue, EngineCandidates.Amounts(document, FieldNames.AmountDue, style), AmountFieldsExtractor.Show),
            AmountPaid = EngineCandidates.Merge(amounts.AmountPaid, EngineCandidates.Amounts(document, FieldNames.AmountPaid, style), AmountFieldsExtractor.Show),
            Discount = discount,
            ChargeTotal = amounts.ChargeTotal,
            TaxBasis = amounts.TaxBasis,
            Currency = currency,
            DocumentType = documentType,
            ServicePeriodStart = period.Start,
            ServicePeriodEnd = period.End,
            Iban = EngineCandidates.Merge(account.Iban, EngineCandidates.Strings(document, FieldNames.Iban)),
            Bic = EngineCandidates.Merge(account.Bic, EngineCandidates.Strings(document, FieldNames.Bic)),
        };

        // "Terms: Net 30" and no due date printed: the due date the terms give, marked as worked out.
        if (fields.DueDate is null && PaymentTermsDueDate.Derive(fields.PaymentTerms, fields.InvoiceDate, labelled: true, monthFirst: order == DateOrder.MonthFirst) is { } termsDue)
            fields = fields with { DueDate = termsDue };

        var items = ReadItems(context, amounts, fields);
        // The document's allowances and charges printed as rows of the item table are not items.
        (items, fields) = DocumentAllowances.Apply(items, fields);

        if (_calibrator is not null)
            fields = _calibrator.Apply(fields, items);
        IReadOnlyList<ReviewReason> reasons = [.. InvoiceValidator.Validate(fields, items, options, parties.BuyerLabelled), .. Misprinted(account, fields)];
        return new ExtractionResult(fields, items, reasons, OverallConfidence(fields, reasons, parties.BuyerLabelled), EngineName)
        {
            Addressed = parties.BuyerLabelled,
        };
    }

    /// <summary>
    /// The line items: the engine's where it gave any, else the table reading — giving way to a column that adds up,
    /// or to the rows written as money, where the reading does not add up.
    /// </summary>
    private static IReadOnlyList<LineItem> ReadItems(ExtractionContext context, AmountFields amounts, InvoiceFields fields)
    {
        var engineItems = EngineCandidates.LineItems(context.Document, context.DecimalStyle);
        if (engineItems.Count > 0)
            return engineItems;
        var items = LineItemExtractor.Extract(context, amounts.Amounts,
            new[] { amounts.Subtotal?.Evidence, amounts.TaxBasis?.Evidence, amounts.Tax?.Evidence, amounts.Total?.Evidence }.OfType<Evidence>().ToList());
        // A table reading that does not add up, or found nothing, gives way to a column that does add up (of two items or
        // more where there was nothing: one amount equal to the net is as often the net printed twice).
        if ((items.Count == 0 || InvoiceValidator.CheckLineItems(fields, items) is not null)
            && ReconciledColumnReader.Read(context, amounts.Amounts, fields) is { } reconciled && reconciled.Count > (items.Count == 0 ? 1 : 0))
            items = reconciled;
        // Rows above the table read as items (a version "1.0", a garbled date): the items written as money may add up alone.
        if (items.Count > 0 && InvoiceValidator.CheckLineItems(fields, items) is not null
            && MoneyFormItems.Keep(items) is { } money && InvoiceValidator.CheckLineItems(fields, money) is null)
            items = money;
        return items;
    }

    /// <summary>An IBAN the page prints with failing check digits, and none read (by the rules or an engine): nothing to pay to until a person reads it again.</summary>
    private static IEnumerable<ReviewReason> Misprinted(PaymentAccount account, InvoiceFields fields) => account.FailedIban is not { } failed || fields.Iban is not null ? [] :
        [new ReviewReason(ReviewCodes.InvalidIban,
            $"The IBAN printed as '{failed}' fails its check digits: a payment to it would bounce. Check the account on the page and set the iban field.", FieldNames.Iban)];

    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd");

    /// <summary>
    /// Document confidence: the geometric mean of the key fields' confidences (a missing one counts as 0.2),
    /// lowered by each failed arithmetic check.
    /// </summary>
    internal static double OverallConfidence(InvoiceFields fields, IReadOnlyList<ReviewReason> reasons, bool addressed = false)
    {
        var values = InvoiceValidator.KeyFieldConfidences(fields, addressed).Select(k => Math.Max(0.01, k.Confidence ?? 0.2)).ToList();
        var mean = Math.Exp(values.Average(Math.Log));
        var penalties = reasons.Count(r => r.Code is ReviewCodes.TotalMismatch or ReviewCodes.LineItemsMismatch);
        return Math.Round(Math.Clamp(mean * Math.Pow(0.8, penalties), 0, 1), 3);
    }
}
