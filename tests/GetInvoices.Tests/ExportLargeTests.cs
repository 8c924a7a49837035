using System.Text;
using InvoiceScanner.Core.Export;
using InvoiceScanner.Core.Invoices;

namespace GetInvoices.Tests;

/// <summary>An export beyond the inline limit: written under exports/{user}/ and answered 303 with a presigned link.</summary>
public class ExportLargeTests : ExportTestBed
{
    private async Task<List<string>> SeedManyAsync(string user, int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
            ids.Add(await SeedReadAsync(user, Fields($"{user} vendor {i}", $"N-{i}", new DateOnly(2026, 11, 1 + i), 10m + i)));
        return ids;
    }

    [Fact]
    public async Task Over_the_inline_limit_the_file_goes_to_the_users_export_folder_and_the_answer_is_303_to_it()
    {
        var ids = await SeedManyAsync(Alice, 5);
        await SeedManyAsync(Bob, 2);
        var inline = (await ExportAsync()).Body!;

        var response = await Handler(inlineMaxBytes: 200).HandleAsync(ExportRequest(), Context);

        Assert.Equal(303, response.StatusCode);
        var link = Body(response, ExportJsonContext.Default.ExportLink);
        Assert.Equal(link.Url, response.Headers!["location"]);
        Assert.Equal(5, link.Rows);
        Assert.Equal(Clock.Now.AddMinutes(15), link.ExpiresAt);
        var (key, stored) = Assert.Single(Objects.Objects);
        Assert.StartsWith("exports/user-alice/", key, StringComparison.Ordinal);
        Assert.EndsWith(".csv", key, StringComparison.Ordinal);
        Assert.Equal("text/csv; charset=utf-8; header=present", stored.ContentType);
        Assert.Equal(inline, Encoding.UTF8.GetString(stored.Content));
        Assert.Equal(ids, ParseCsv(Encoding.UTF8.GetString(stored.Content)).Rows.Select(r => r["invoiceId"]));
        var grant = Assert.Single(Signer.Grants);
        Assert.Equal((key, link.ExpiresAt, "invoices-2026-11-23.csv"), (grant.Key, grant.ExpiresAt, grant.FileName));
        Assert.Contains(key, Uri.UnescapeDataString(link.Url), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_limit_is_inclusive_and_a_smaller_export_writes_nothing()
    {
        await SeedManyAsync(Alice, 3);
        var size = Encoding.UTF8.GetByteCount((await ExportAsync()).Body!);

        var atLimit = await Handler(inlineMaxBytes: size).HandleAsync(ExportRequest(), Context);
        Assert.Equal(200, atLimit.StatusCode);
        Assert.Empty(Objects.Objects);

        var overLimit = await Handler(inlineMaxBytes: size - 1).HandleAsync(ExportRequest(), Context);
        Assert.Equal(303, overLimit.StatusCode);
        Assert.Single(Objects.Objects);
    }

    [Fact]
    public async Task A_large_json_lines_export_of_another_user_is_kept_apart_and_holds_only_their_invoices()
    {
        await SeedManyAsync(Alice, 3);
        var bobs = await SeedManyAsync(Bob, 2);

        var response = await Handler(inlineMaxBytes: 10).HandleAsync(ExportRequest("format=jsonl&status=COMPLETED", Bob), Context);

        Assert.Equal(303, response.StatusCode);
        var (key, stored) = Assert.Single(Objects.Objects);
        Assert.Matches("^exports/user-bob/[0-9A-Z]{26}\\.jsonl$", key);
        Assert.Equal("application/x-ndjson", stored.ContentType);
        var text = Encoding.UTF8.GetString(stored.Content);
        Assert.DoesNotContain(Alice, text, StringComparison.Ordinal);
        Assert.Equal(bobs.Count, text.Count(c => c == '\n'));
        Assert.All(bobs, id => Assert.Contains(id, text, StringComparison.Ordinal));
    }

    [Fact]
    public void The_inline_limit_is_four_megabytes_unless_configured_and_never_beyond_what_lambda_answers()
    {
        Assert.Equal(4L * 1024 * 1024, ExportSettings.FromVariables(_ => null).InlineMaxBytes);
        Assert.Equal(1000, ExportSettings.FromVariables(n => n == "EXPORT_INLINE_MAX_BYTES" ? "1000" : null).InlineMaxBytes);
        Assert.Throws<InvalidOperationException>(() => ExportSettings.FromVariables(n => n == "EXPORT_INLINE_MAX_BYTES" ? "7000000" : null));
        Assert.Equal(TimeSpan.FromMinutes(15), new ExportSettings().LinkLifetime);
        Assert.Equal(InvoiceStatus.Completed, ExportQuery.Parse(n => n == "status" ? "completed" : null).Statuses.Single());
    }
}
