using System.Text.Json;
using InvoiceScanner.Core.Extraction;
using InvoiceScanner.Core.Review;
using InvoiceScanner.Core.Validation;

namespace InvoiceScanner.Tests.Domain;

/// <summary>How a person's values are read, checked, put in place and judged: the domain under PATCH /invoices/{id}.</summary>
public class CorrectionTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Fact]
    public void A_correction_that_is_not_JSON_says_where_in_the_clients_terms()
    {
        var refusal = Assert.Throws<ReviewRefusedException>(() => CorrectionRequest.Parse("{\"fields\": {\"total\": 1,}}"));

        Assert.Equal(InvoiceScanner.Core.Invoices.ErrorCodes.BadRequest, refusal.Code);
        Assert.StartsWith("The body is not valid JSON for this request (", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("line 1, position", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("BytePositionInLine", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_field_of_the_field_set_is_correctable_and_named_as_the_api_names_it()
    {
        var wire = JsonSerializer.Serialize(new InvoiceFields(), new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase });
        var names = typeof(InvoiceFields).GetProperties().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).Order();

        Assert.Equal(names, CorrectableFields.Invoice.Select(f => f.WireName).Order());
        Assert.All(CorrectableFields.Invoice, f => Assert.Contains($"\"{f.WireName}\"", wire));
        Assert.Equal(typeof(LineItem).GetProperties().Where(p => p.Name != nameof(LineItem.Page)).Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).Order(),
            CorrectableFields.LineItem.Select(f => f.WireName).Order());
    }

    [Theory]
    [InlineData("total", "119.5", "119.5")]
    [InlineData("total", "1e3", "1000")]
    [InlineData("invoiceDate", "\"2026-02-28\"", "\"2026-02-28\"")]
    [InlineData("currency", "\" eur \"", "\"EUR\"")]
    [InlineData("iban", "\"de89 3704 0044 0532 0130 00\"", "\"DE89370400440532013000\"")]
    [InlineData("vendorEmail", "\"billing@acme.example\"", "\"billing@acme.example\"")]
    [InlineData("documentType", "\"credit-note\"", "\"credit-note\"")]
    [InlineData("dueDate", "null", "null")]
    public void A_value_is_normalised_to_what_the_api_returns(string field, string value, string canonical)
    {
        Assert.True(CorrectableFields.Find(field)!.TryNormalise(Json(value), out var normalised, out var error), error);
        Assert.Equal(canonical, normalised);
    }

    [Fact]
    public void Text_is_trimmed_and_kept_as_written()
    {
        Assert.True(CorrectableFields.Find("vendorName")!.TryNormalise(Json("\"  Müller & Söhne GmbH \""), out var canonical, out _));
        Assert.Equal("Müller & Söhne GmbH", CorrectedValues.Raw(canonical));
    }

    [Theory]
    [InlineData("total", "\"119\"")]
    [InlineData("total", "1e13")]
    [InlineData("invoiceDate", "\"2026-02-30\"")]
    [InlineData("invoiceDate", "\"28.02.2026\"")]
    [InlineData("currency", "\"EURO\"")]
    [InlineData("iban", "\"DE89 3704 0044 0532 0130 01\"")]
    [InlineData("vendorEmail", "\"billing at acme\"")]
    [InlineData("documentType", "\"bill\"")]
    [InlineData("vendorName", "\"\"")]
    [InlineData("vendorName", "42")]
    public void A_value_of_the_wrong_type_or_format_is_refused_with_why(string field, string value)
    {
        Assert.False(CorrectableFields.Find(field)!.TryNormalise(Json(value), out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void Any_value_a_field_holds_reads_back_the_same_after_a_person_sets_it()
    {
        // Property: the canonical text of every sample value survives Apply → Current for every field of its kind.
        var samples = new Dictionary<ValueKind, string[]>
        {
            [ValueKind.Text] = ["\"A\"", "\"Rechnung Nr. 17/2026\"", "\"line one\\nline two\""],
            [ValueKind.Amount] = ["0", "-12.5", "999999999999.99", "0.000001"],
            [ValueKind.Date] = ["\"2024-02-29\"", "\"1999-12-31\""],
            [ValueKind.Currency] = ["\"CHF\""],
            [ValueKind.DocumentType] = [.. CorrectedValues.DocumentTypes.Select(t => $"\"{t}\"")],
            [ValueKind.Iban] = ["\"GB82WEST12345698765432\""],
            [ValueKind.Email] = ["\"a.b@c.de\""],
        };
        foreach (var field in CorrectableFields.Invoice)
        {
            foreach (var sample in samples[field.Kind])
            {
                Assert.True(field.TryNormalise(Json(sample), out var canonical, out var error), $"{field.WireName} {sample}: {error}");
                Assert.Equal(canonical, field.Current(field.Apply(new InvoiceFields(), canonical, "alice", At)));
            }
        }
    }

    [Fact]
    public void A_second_correction_keeps_the_engines_value_not_the_first_correction()
    {
        var total = CorrectableFields.Find("total")!;
        var read = new InvoiceFields { Total = new Field<decimal>(120m, "120,00", 0.9) };

        var twice = total.Apply(total.Apply(read, "119", "alice", At), "118", "bob", At.AddMinutes(1));

        Assert.Equal((118m, "bob", 120m, "120,00"), (twice.Total!.Value, twice.Total.CorrectedBy, twice.Total.Machine!.Value, twice.Total.Machine.Raw));
    }

    [Fact]
    public void Checks_are_decided_again_and_the_engines_doubts_stay_unless_their_field_was_corrected()
    {
        var fields = new InvoiceFields
        {
            VendorName = new Field<string>("ACME", "ACME", 0.5),
            InvoiceDate = new Field<DateOnly>(new DateOnly(2026, 3, 4), "03/04/2026", 0.9) { Flags = [ReviewCodes.AmbiguousDate] },
            Total = new Field<decimal>(10m, "10", 0.9),
            Currency = new Field<string>("EUR", "EUR", 0.9),
        };
        var machine = new ExtractionResult(fields, [], InvoiceValidator.Validate(fields, [], ExtractionOptions.Default)
            .Append(new ReviewReason("BR-CO-09", "seller VAT id lacks a country code", FieldNames.VendorTaxId)).ToList(), 0.5, "rules");
        Assert.Equal(["AMBIGUOUS_DATE", "BR-CO-09", "LOW_CONFIDENCE"], machine.ReviewReasons.Select(r => r.Code).Order());

        var dateFixed = EffectiveResult.Apply(machine, [new FieldCorrection("invoiceDate", "\"2026-04-03\"", "alice", At)], null);
        var vatFixed = EffectiveResult.Apply(machine, [new FieldCorrection("vendorTaxId", "\"DE123456789\"", "alice", At)], null);

        Assert.Equal(["BR-CO-09", "LOW_CONFIDENCE"], dateFixed.ReviewReasons.Select(r => r.Code).Order());
        Assert.Equal(["AMBIGUOUS_DATE", "LOW_CONFIDENCE"], vatFixed.ReviewReasons.Select(r => r.Code).Order());
    }

    [Fact]
    public void A_correction_request_is_refused_whole_when_any_part_is_wrong()
    {
        var error = Assert.Throws<ReviewRefusedException>(() =>
            CorrectionRequest.Parse("""{"fields":{"total":1,"total2":2},"lineItems":[{"amount":"x"}],"lineItemPatches":[{"index":0}],"extra":true}"""));

        Assert.Equal(Refusal.Invalid, error.Refusal);
        Assert.Equal(["extra", "fields.total2", "lineItemPatches", "lineItems[0].amount"], error.Details!.Keys.Order());
        Assert.Equal("BAD_REQUEST", Assert.Throws<ReviewRefusedException>(() => CorrectionRequest.Parse("[1]")).Code);
        Assert.Equal("VALIDATION_FAILED", Assert.Throws<ReviewRefusedException>(() => CorrectionRequest.Parse("{}")).Code);
    }

    [Theory]
    [InlineData("\"v7\"", 7L)]
    [InlineData("W/\"v12\"", 12L)]
    [InlineData("v3", 3L)]
    [InlineData("\"7\"", null)]
    [InlineData("\"vx\"", null)]
    public void If_match_names_the_version_an_etag_carried(string header, long? version)
    {
        Assert.Equal(version, InvoiceAccess.ParseETag(header));
        if (version is { } v)
            Assert.Equal(v, InvoiceAccess.ParseETag(InvoiceAccess.ETag(v)));
    }
}
