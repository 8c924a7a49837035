using System.Text.Json.Serialization;
using InvoiceScanner.Core.Api;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Memory;
using InvoiceScanner.Core.Processing;
using InvoiceScanner.Core.Review;

namespace InvoiceScanner.Core;

/// <summary>
/// The one source-generated JSON context for the API bodies and the data we store (extraction results,
/// document facts): camelCase, nulls omitted, enums as strings. Reflection-free, so AOT-clean.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(CreateInvoiceBody))]
[JsonSerializable(typeof(CreateInvoiceResponse))]
[JsonSerializable(typeof(InvoiceView))]
[JsonSerializable(typeof(InvoiceListResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(ExtractionResult))]
[JsonSerializable(typeof(DocumentFacts))]
[JsonSerializable(typeof(ProcessingFailure))]
[JsonSerializable(typeof(S3ProcessingSummary))]
[JsonSerializable(typeof(SweepReport))]
[JsonSerializable(typeof(Downloads.PageImageLink))]
[JsonSerializable(typeof(Downloads.OriginalFileLink))]
[JsonSerializable(typeof(HistoryResponse))]
[JsonSerializable(typeof(ReprocessResponse))]
[JsonSerializable(typeof(ErasureStatusResponse))]
[JsonSerializable(typeof(ApprovalRequest))]
[JsonSerializable(typeof(ReprocessRequest))]
[JsonSerializable(typeof(List<FieldCorrection>))]
[JsonSerializable(typeof(LineItemsCorrection))]
[JsonSerializable(typeof(Approval))]
[JsonSerializable(typeof(HistoryEntry))]
[JsonSerializable(typeof(VendorMemory))]
public sealed partial class InvoiceScannerJsonContext : JsonSerializerContext;
