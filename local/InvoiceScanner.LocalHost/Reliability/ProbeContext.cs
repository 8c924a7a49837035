using System.Collections.Concurrent;
using System.Net;
using InvoiceScanner.Core.Api;
using InvoiceScanner.Core.Storage;
using InvoiceScanner.LocalHost.Demo;

namespace InvoiceScanner.LocalHost.Reliability;

/// <summary>An invoice a probe made, with its owner's token: the cross-tenant probe tries every one as somebody else.</summary>
public sealed record CreatedInvoice(string InvoiceId, string Token);

/// <summary>An invoice created through the API whose file is not uploaded yet: where its upload goes and how.</summary>
public sealed record PendingUpload(string InvoiceId, string Token, string UploadKey, UploadInstructions Upload)
{
    /// <summary>The user the key names (the token's subject).</summary>
    public string UserId => ObjectKeys.Parse(UploadKey)?.UserId ?? "";

    public string OcrKey => ObjectKeys.OcrResult(UserId, InvoiceId);
}

/// <summary>What every probe works with: the running stack, a client of its API, this run's id and the invoices made so far.</summary>
public sealed record ProbeContext(LocalStack Stack, InvoiceApiClient Client, HttpClient Http, string Run, bool Quick)
{
    public const int Parallelism = 8;

    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public ConcurrentBag<CreatedInvoice> Created { get; } = [];

    /// <summary>A token for one of this run's users (a new user per name: the per-user upload quota is 30 a minute).</summary>
    public string Token(string who) => Stack.CreateToken(UserId(who));

    /// <summary>The user id (the token's subject, the second segment of the user's upload keys) for <paramref name="who"/>.</summary>
    public string UserId(string who) => $"reliability-{Run}-{who}";

    public ParallelOptions Options(CancellationToken cancellationToken, int parallelism = Parallelism) =>
        new() { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken };

    /// <summary>POST /invoices for <paramref name="content"/>; null (with the answer) when the API did not create one.</summary>
    public async Task<(PendingUpload? Pending, string Answer)> CreateAsync(string token, string name, string contentType, byte[] content,
        CancellationToken cancellationToken)
    {
        var created = await Client.CreateAsync(token, name, contentType, content.Length, cancellationToken);
        if (created.Status != HttpStatusCode.Created || created.Body is null)
            return (null, $"POST {(int)created.Status} {Excerpt(created.Text)}");
        Created.Add(new CreatedInvoice(created.Body.InvoiceId, token));
        return (new PendingUpload(created.Body.InvoiceId, token, UploadKeyOf(created.Body.Upload.Url), created.Body.Upload), "");
    }

    /// <summary>The object key a presigned upload URL writes (path-style: /bucket/key).</summary>
    public string UploadKeyOf(string url)
    {
        var path = Uri.UnescapeDataString(new Uri(url).AbsolutePath);
        var bucketPrefix = $"/{Stack.Options.BucketName}/";
        return path.StartsWith(bucketPrefix, StringComparison.Ordinal) ? path[bucketPrefix.Length..] : path.TrimStart('/');
    }

    public static string Excerpt(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
