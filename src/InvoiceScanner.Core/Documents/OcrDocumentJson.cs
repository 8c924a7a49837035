using System.Text.Json;
using System.Text.Json.Serialization;
using InvoiceScanner.Core.Invoices;

namespace InvoiceScanner.Core.Documents;

/// <summary>
/// Stores an <see cref="OcrDocument"/> as compact JSON (ProcessInvoice writes it to S3, ExtractData reads it back).
/// Boxes are [left, top, width, height] rounded to 1e-6 of the page (far below a pixel), confidences to 1e-4.
/// Both directions validate: a document that would not survive the trip is rejected with OCR_RESULT_INVALID.
/// </summary>
public static class OcrDocumentJson
{
    private const int FormatVersion = 1;

    // Small tolerance around the page: engines report boxes of text that bleeds off the edge slightly outside 0..1.
    private const double MinCoordinate = -1, MaxCoordinate = 2;

    public static byte[] Serialize(OcrDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var dto = ToDto(document);
        Validate(dto);
        return JsonSerializer.SerializeToUtf8Bytes(dto, OcrJsonContext.Default.OcrDocumentDto);
    }

    public static OcrDocument Deserialize(ReadOnlySpan<byte> utf8Json)
    {
        OcrDocumentDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize(utf8Json, OcrJsonContext.Default.OcrDocumentDto);
        }
        catch (JsonException e)
        {
            throw Invalid($"not valid OCR JSON ({e.Message})", e);
        }

        if (dto is null) throw Invalid("the document is null");
        Validate(dto);
        return FromDto(dto);
    }

    private static DocumentRejectedException Invalid(string reason, Exception? inner = null) =>
        new(ErrorCodes.OcrResultInvalid, "Invalid OCR result: " + reason, inner);

    private static void Validate(OcrDocumentDto dto)
    {
        if (dto.Version != FormatVersion) throw Invalid($"unsupported format version {dto.Version?.ToString() ?? "(missing)"}");
        if (string.IsNullOrWhiteSpace(dto.Engine)) throw Invalid("engine is missing");
        if (dto.Pages is null || (dto.Pages.Count == 0 && dto.EInvoice is null)) throw Invalid("pages are missing");
        if (dto.EInvoice is { } einvoice && (string.IsNullOrEmpty(einvoice.Xml) || string.IsNullOrWhiteSpace(einvoice.Syntax)))
            throw Invalid("einvoice needs its xml and syntax");

        for (var p = 0; p < dto.Pages.Count; p++)
        {
            var page = dto.Pages[p] ?? throw Invalid($"pages[{p}] is null");
            var at = $"pages[{p}]";
            if (page.Number < 1) throw Invalid($"{at}.n must be at least 1");
            if (!double.IsFinite(page.Width) || !double.IsFinite(page.Height) || page.Width < 0 || page.Height < 0)
                throw Invalid($"{at} has an invalid size");
            if (page.Lines is null) throw Invalid($"{at}.lines is missing");
            for (var l = 0; l < page.Lines.Count; l++)
            {
                var line = page.Lines[l] ?? throw Invalid($"{at}.lines[{l}] is null");
                var lineAt = $"{at}.lines[{l}]";
                CheckText(line.Text, lineAt);
                CheckBox(line.Box, lineAt);
                CheckConfidence(line.Confidence, lineAt);
                if (line.Words is null) throw Invalid($"{lineAt}.w is missing");
                for (var w = 0; w < line.Words.Count; w++)
                {
                    var word = line.Words[w] ?? throw Invalid($"{lineAt}.w[{w}] is null");
                    CheckText(word.Text, $"{lineAt}.w[{w}]");
                    CheckBox(word.Box, $"{lineAt}.w[{w}]");
                    CheckConfidence(word.Confidence, $"{lineAt}.w[{w}]");
                }
            }
        }

        if (dto.Candidates is not null)
        {
            for (var i = 0; i < dto.Candidates.Count; i++)
                CheckCandidate(dto.Candidates[i], $"candidates[{i}]");
        }

        if (dto.LineItems is not null)
        {
            for (var i = 0; i < dto.LineItems.Count; i++)
            {
                var item = dto.LineItems[i] ?? throw Invalid($"lineItems[{i}] is null");
                if (item.Page < 1) throw Invalid($"lineItems[{i}].p must be at least 1");
                if (item.Cells is null) throw Invalid($"lineItems[{i}].cells is missing");
                for (var c = 0; c < item.Cells.Count; c++)
                    CheckCandidate(item.Cells[c], $"lineItems[{i}].cells[{c}]");
            }
        }
    }

    private static void CheckCandidate(CandidateDto? candidate, string at)
    {
        if (candidate is null) throw Invalid($"{at} is null");
        if (string.IsNullOrWhiteSpace(candidate.Field)) throw Invalid($"{at}.f is missing");
        CheckText(candidate.Text, at);
        CheckConfidence(candidate.Confidence, at);
        if (candidate.Evidence is { } evidence)
        {
            if (evidence.Page < 1) throw Invalid($"{at}.e.p must be at least 1");
            CheckBox(evidence.Box, $"{at}.e");
            CheckText(evidence.Line, $"{at}.e");
        }
    }

    private static void CheckText(string? text, string at)
    {
        if (text is null) throw Invalid($"{at}.t is missing");
    }

    private static void CheckConfidence(double confidence, string at)
    {
        if (!(confidence is >= 0 and <= 1)) throw Invalid($"{at}.c must be between 0 and 1");
    }

    private static void CheckBox(double[]? box, string at)
    {
        if (box is not { Length: 4 }) throw Invalid($"{at}.b must be [left, top, width, height]");
        foreach (var value in box)
        {
            if (!double.IsFinite(value) || value < MinCoordinate || value > MaxCoordinate)
                throw Invalid($"{at}.b has a value outside the page");
        }

        if (box[2] < 0 || box[3] < 0) throw Invalid($"{at}.b has a negative size");
    }

    private static OcrDocumentDto ToDto(OcrDocument document) => new()
    {
        Version = FormatVersion,
        Engine = document.Engine,
        FromTextLayer = document.FromTextLayer,
        EInvoice = document.EInvoice is { } e ? new EInvoiceDto { Xml = e.Xml, Syntax = e.Syntax, AttachmentName = e.AttachmentName } : null,
        UnreadableEInvoice = document.UnreadableEInvoice,
        Pages = document.Pages?.Select(page => page is null ? null! : new PageDto
        {
            Number = page.Number,
            Width = page.Width,
            Height = page.Height,
            Lines = page.Lines?.Select(line => line is null ? null! : new LineDto
            {
                Text = line.Text,
                Box = ToArray(line.Box),
                Confidence = RoundConfidence(line.Confidence),
                Words = line.Words?.Select(word => word is null ? null! : new WordDto
                {
                    Text = word.Text,
                    Box = ToArray(word.Box),
                    Confidence = RoundConfidence(word.Confidence),
                }).ToList()!,
            }).ToList()!,
        }).ToList(),
        Candidates = document.Candidates is { Count: > 0 } candidates ? candidates.Select(ToDto).ToList() : null,
        LineItems = document.LineItemCandidates is { Count: > 0 } items
            ? items.Select(item => item is null ? null! : new LineItemDto { Page = item.Page, Cells = item.Cells?.Select(ToDto).ToList() }).ToList()
            : null,
    };

    private static CandidateDto ToDto(FieldCandidate candidate) => candidate is null ? null! : new()
    {
        Field = candidate.Field,
        Text = candidate.Text,
        Confidence = RoundConfidence(candidate.Confidence),
        Evidence = candidate.Evidence is { } e ? new EvidenceDto { Page = e.Page, Box = ToArray(e.Box), Line = e.Line } : null,
        Label = candidate.Label,
        CurrencyCode = candidate.CurrencyCode,
        Group = candidate.Group,
    };

    private static OcrDocument FromDto(OcrDocumentDto dto) =>
        new(dto.Engine!, dto.Pages!.Select(page => new OcrPage(
            page.Number,
            page.Width,
            page.Height,
            page.Lines!.Select(line => new OcrLine(
                line.Text!,
                ToBox(line.Box!),
                line.Confidence,
                line.Words!.Select(word => new OcrWord(word.Text!, ToBox(word.Box!), word.Confidence)).ToList())).ToList())).ToList())
        {
            FromTextLayer = dto.FromTextLayer,
            EInvoice = dto.EInvoice is { } e ? new EInvoiceFile(e.Xml!, e.Syntax!, e.AttachmentName) : null,
            UnreadableEInvoice = dto.UnreadableEInvoice,
            Candidates = dto.Candidates?.Select(FromDto).ToList() ?? [],
            LineItemCandidates = dto.LineItems?.Select(item => new LineItemCandidate(item.Page, item.Cells!.Select(FromDto).ToList())).ToList() ?? [],
        };

    private static FieldCandidate FromDto(CandidateDto dto) =>
        new(dto.Field!, dto.Text!, dto.Confidence, dto.Evidence is { } e ? new Evidence(e.Page, ToBox(e.Box!), e.Line!) : null)
        {
            Label = dto.Label,
            CurrencyCode = dto.CurrencyCode,
            Group = dto.Group,
        };

    private static double[] ToArray(BoundingBox box) =>
        [Math.Round(box.Left, 6), Math.Round(box.Top, 6), Math.Round(box.Width, 6), Math.Round(box.Height, 6)];

    private static BoundingBox ToBox(double[] values) => new(values[0], values[1], values[2], values[3]);

    private static double RoundConfidence(double confidence) => Math.Round(confidence, 4);
}

// Short property names: an OCR document has thousands of words, and the names repeat for each.
internal sealed class OcrDocumentDto
{
    [JsonPropertyName("v")] public int? Version { get; set; }
    [JsonPropertyName("engine")] public string? Engine { get; set; }
    [JsonPropertyName("textLayer")] public bool FromTextLayer { get; set; }
    [JsonPropertyName("pages")] public List<PageDto>? Pages { get; set; }
    [JsonPropertyName("candidates")] public List<CandidateDto>? Candidates { get; set; }
    [JsonPropertyName("lineItems")] public List<LineItemDto>? LineItems { get; set; }
    [JsonPropertyName("einvoice")] public EInvoiceDto? EInvoice { get; set; }
    [JsonPropertyName("einvoiceUnreadable")] public string? UnreadableEInvoice { get; set; }
}

internal sealed class EInvoiceDto
{
    [JsonPropertyName("syntax")] public string? Syntax { get; set; }
    [JsonPropertyName("attachment")] public string? AttachmentName { get; set; }
    [JsonPropertyName("xml")] public string? Xml { get; set; }
}

internal sealed class PageDto
{
    [JsonPropertyName("n")] public int Number { get; set; }
    [JsonPropertyName("w")] public double Width { get; set; }
    [JsonPropertyName("h")] public double Height { get; set; }
    [JsonPropertyName("lines")] public List<LineDto>? Lines { get; set; }
}

internal sealed class LineDto
{
    [JsonPropertyName("t")] public string? Text { get; set; }
    [JsonPropertyName("b")] public double[]? Box { get; set; }
    [JsonPropertyName("c")] public double Confidence { get; set; } = double.NaN;
    [JsonPropertyName("w")] public List<WordDto>? Words { get; set; }
}

internal sealed class WordDto
{
    [JsonPropertyName("t")] public string? Text { get; set; }
    [JsonPropertyName("b")] public double[]? Box { get; set; }
    [JsonPropertyName("c")] public double Confidence { get; set; } = double.NaN;
}

internal sealed class CandidateDto
{
    [JsonPropertyName("f")] public string? Field { get; set; }
    [JsonPropertyName("t")] public string? Text { get; set; }
    [JsonPropertyName("c")] public double Confidence { get; set; } = double.NaN;
    [JsonPropertyName("e")] public EvidenceDto? Evidence { get; set; }
    [JsonPropertyName("label")] public string? Label { get; set; }
    [JsonPropertyName("currency")] public string? CurrencyCode { get; set; }
    [JsonPropertyName("group")] public string? Group { get; set; }
}

internal sealed class EvidenceDto
{
    [JsonPropertyName("p")] public int Page { get; set; }
    [JsonPropertyName("b")] public double[]? Box { get; set; }
    [JsonPropertyName("t")] public string? Line { get; set; }
}

internal sealed class LineItemDto
{
    [JsonPropertyName("p")] public int Page { get; set; }
    [JsonPropertyName("cells")] public List<CandidateDto>? Cells { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OcrDocumentDto))]
internal sealed partial class OcrJsonContext : JsonSerializerContext;
