using System.Text.Json;
using InvoiceScanner.Core.Invoices;
using InvoiceScanner.Core.Processing;

namespace InvoiceScanner.Core.Webhooks;

/// <summary>
/// PUT /settings/webhook's body, {"url": "https://…", "secret": "…"} (secret optional). Read by hand rather than
/// deserialised so that every wrong member is named in the 400's details, not only the first one the parser meets.
/// </summary>
public sealed record WebhookSettingsRequest(string Url, string? Secret)
{
    public const int MinSecretLength = 16;
    public const int MaxSecretLength = 256;
    public const int MaxUrlLength = 2048;

    /// <exception cref="RequestValidationException">VALIDATION_FAILED, each problem under its member's name.</exception>
    public static WebhookSettingsRequest Parse(string? body)
    {
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        string? url = null, secret = null;
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(body) ? "null" : body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw Invalid(new() { ["body"] = "must be a JSON object with url (and optionally secret)" });
            foreach (var member in document.RootElement.EnumerateObject())
            {
                if (member.NameEquals("url"))
                    url = ReadString(member, problems);
                else if (member.NameEquals("secret"))
                    secret = ReadString(member, problems);
                else
                    problems[member.Name] = "is not a member of this request (url, secret)";
            }
        }
        catch (JsonException e)
        {
            // As on every route: a body that is not JSON at all is BAD_REQUEST, JSON of the wrong shape VALIDATION_FAILED.
            throw new RequestValidationException(ErrorCodes.BadRequest, Api.InvalidJson.Message(e),
                new Dictionary<string, string> { ["body"] = "is not valid JSON" });
        }
        CheckUrl(url, problems);
        CheckSecret(secret, problems);
        if (problems.Count > 0)
            throw Invalid(problems);
        return new WebhookSettingsRequest(url!, secret);
    }

    private static string? ReadString(JsonProperty member, Dictionary<string, string> problems)
    {
        if (member.Value.ValueKind == JsonValueKind.String)
            return member.Value.GetString();
        if (member.Value.ValueKind != JsonValueKind.Null)
            problems[member.Name] = "must be a string";
        return null;
    }

    private static void CheckUrl(string? url, Dictionary<string, string> problems)
    {
        if (problems.ContainsKey("url"))
            return;
        if (string.IsNullOrWhiteSpace(url))
            problems["url"] = "is required: the https URL to POST events to";
        else if (url.Length > MaxUrlLength)
            problems["url"] = $"must be at most {MaxUrlLength} characters";
        else if (!Uri.TryCreate(url, UriKind.Absolute, out _))
            problems["url"] = "must be an absolute URL";
    }

    private static void CheckSecret(string? secret, Dictionary<string, string> problems)
    {
        if (secret is null || problems.ContainsKey("secret"))
            return;
        if (secret.Length is < MinSecretLength or > MaxSecretLength)
            problems["secret"] = $"must be {MinSecretLength} to {MaxSecretLength} characters (or left out to have one generated)";
        else if (secret.Any(char.IsControl))
            problems["secret"] = "must not contain control characters";
    }

    private static RequestValidationException Invalid(Dictionary<string, string> problems) =>
        new(ErrorCodes.ValidationFailed, "The webhook settings are not valid: " + string.Join("; ", problems.Select(p => $"{p.Key} {p.Value}")), problems);
}
