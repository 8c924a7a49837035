using System.Net;
using System.Text;
using YamlDotNet.RepresentationModel;

namespace InvoiceScanner.LocalHost.Web;

/// <summary>
/// GET /docs: openapi.yaml rendered on the server as one plain HTML page (every route with its summary, parameters,
/// request body, responses and error codes; the schemas; the webhook). No scripts and nothing fetched from elsewhere:
/// the local stack runs without internet.
/// </summary>
public static class OpenApiDocs
{
    private static readonly string[] Methods = ["get", "put", "post", "patch", "delete"];

    public static string Render(string yaml)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(yaml))
            stream.Load(reader);
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var page = new Page(root);
        var html = new StringBuilder();
        var info = Map(root, "info");
        var title = Text(info, "title") ?? "API";
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append("</title><style>")
            .Append(Css).Append("</style></head><body><main>");
        html.Append("<h1>").Append(E(title)).Append(" <small>").Append(E(Text(info, "version") ?? "")).Append("</small></h1>");
        html.Append(Paragraphs(Text(info, "description")));
        page.Contents(html);
        page.Operations(html, Map(root, "paths"), "op");
        if (Map(root, "webhooks") is { } webhooks)
        {
            html.Append("<h2 id=\"webhooks\">Webhooks</h2>");
            page.Operations(html, webhooks, "webhook");
        }
        page.ErrorCodes(html);
        page.Schemas(html);
        html.Append("</main></body></html>");
        return html.ToString();
    }

    private sealed class Page(YamlMappingNode root)
    {
        private YamlMappingNode? Components => Map(root, "components");

        public void Contents(StringBuilder html)
        {
            html.Append("<nav><h2>Routes</h2><ul>");
            foreach (var (path, method, operation) in OperationsOf(Map(root, "paths")))
                html.Append($"<li><a href=\"#{Anchor("op", method, path)}\"><span class=\"m {method}\">{method.ToUpperInvariant()}</span> <code>{E(path)}</code></a> {E(Text(operation, "summary") ?? "")}</li>");
            html.Append("</ul><p><a href=\"#webhooks\">Webhooks</a> · <a href=\"#errors\">Error codes</a> · <a href=\"#schemas\">Schemas</a> · <a href=\"/openapi.yaml\">openapi.yaml</a></p></nav>");
        }

        public void Operations(StringBuilder html, YamlMappingNode? paths, string prefix)
        {
            foreach (var (path, method, operation) in OperationsOf(paths))
            {
                html.Append($"<section class=\"op\" id=\"{Anchor(prefix, method, path)}\"><h3><span class=\"m {method}\">{method.ToUpperInvariant()}</span> <code>{E(path)}</code></h3>");
                html.Append("<p class=\"summary\">").Append(Inline(Text(operation, "summary"))).Append("</p>");
                html.Append(Paragraphs(Text(operation, "description")));
                html.Append("<p class=\"auth\">Authorization: ").Append(NeedsToken(operation) ? "<code>Bearer &lt;JWT&gt;</code>" : "none").Append("</p>");
                var pathItem = Map(paths!, path)!;
                Parameters(html, [.. Seq(pathItem, "parameters"), .. Seq(operation, "parameters")]);
                RequestBody(html, Map(operation, "requestBody"));
                Responses(html, Map(operation, "responses"));
                html.Append("</section>");
            }
        }

        public void ErrorCodes(StringBuilder html)
        {
            var codes = Map(Map(Components, "schemas"), "ErrorCode");
            html.Append("<h2 id=\"errors\">Error codes</h2>");
            html.Append(Paragraphs(Text(codes, "description")));
            html.Append("<p>Every error is <code>{\"error\": {\"code\", \"message\", \"details\", \"requestId\"}}</code>.</p><ul class=\"codes\">");
            foreach (var code in Seq(codes, "enum"))
                html.Append("<li><code>").Append(E(Scalar(code))).Append("</code></li>");
            html.Append("</ul>");
        }

        public void Schemas(StringBuilder html)
        {
            html.Append("<h2 id=\"schemas\">Schemas</h2>");
            foreach (var (name, node) in Pairs(Map(Components, "schemas")))
            {
                if (node is not YamlMappingNode schema)
                    continue;
                html.Append($"<section class=\"schema\" id=\"schema-{E(name)}\"><h3>{E(name)}</h3>");
                html.Append(Paragraphs(Text(schema, "description")));
                var required = Seq(schema, "required").Select(Scalar).ToHashSet(StringComparer.Ordinal);
                var properties = Pairs(Map(schema, "properties"))
                    .Concat(Seq(schema, "allOf").OfType<YamlMappingNode>().SelectMany(part => Pairs(Map(Resolve(part), "properties"))))
                    .ToList();
                if (properties.Count == 0)
                    html.Append("<p>").Append(TypeOf(schema)).Append("</p>");
                else
                    PropertyTable(html, properties, required);
                html.Append("</section>");
            }
        }

        private bool NeedsToken(YamlMappingNode operation) =>
            Find(operation, "security") is YamlSequenceNode own ? own.Children.Count > 0 : Seq(root, "security").Count > 0;

        private void Parameters(StringBuilder html, List<YamlNode> parameters)
        {
            if (parameters.Count == 0)
                return;
            html.Append("<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>type</th><th>description</th></tr>");
            foreach (var parameter in parameters.OfType<YamlMappingNode>().Select(Resolve))
            {
                var required = Text(parameter, "required") == "true" ? " <span class=\"req\">required</span>" : "";
                html.Append($"<tr><td><code>{E(Text(parameter, "name") ?? "")}</code>{required}</td><td>{E(Text(parameter, "in") ?? "")}</td>")
                    .Append($"<td>{TypeOf(Map(parameter, "schema"))}</td><td>{Inline(Text(parameter, "description"))}</td></tr>");
            }
            html.Append("</table>");
        }

        private void RequestBody(StringBuilder html, YamlMappingNode? body)
        {
            if (body is null)
                return;
            html.Append("<h4>Request body").Append(Text(body, "required") == "true" ? " <span class=\"req\">required</span>" : "").Append("</h4><ul>");
            foreach (var (type, content) in Pairs(Map(body, "content")))
                html.Append($"<li><code>{E(type)}</code>: {TypeOf(Map((YamlMappingNode)content, "schema"))}</li>");
            html.Append("</ul>");
        }

        private void Responses(StringBuilder html, YamlMappingNode? responses)
        {
            html.Append("<h4>Responses</h4><table><tr><th>status</th><th>description</th><th>headers</th><th>body</th></tr>");
            foreach (var (status, node) in Pairs(responses))
            {
                var response = Resolve((YamlMappingNode)node);
                var headers = string.Join(", ", Pairs(Map(response, "headers")).Select(h => $"<code>{E(h.Key)}</code>"));
                var bodies = string.Join("<br>", Pairs(Map(response, "content"))
                    .Select(c => $"<code>{E(c.Key)}</code> {TypeOf(Map((YamlMappingNode)c.Value, "schema"))}"));
                var kind = status.StartsWith('2') || status.StartsWith('3') ? "ok" : "err";
                html.Append($"<tr class=\"{kind}\"><td>{E(status)}</td><td>{Inline(Text(response, "description"))}</td><td>{headers}</td><td>{bodies}</td></tr>");
            }
            html.Append("</table>");
        }

        private static void PropertyTable(StringBuilder html, List<KeyValuePair<string, YamlNode>> properties, HashSet<string> required)
        {
            html.Append("<table><tr><th>property</th><th>type</th><th>description</th></tr>");
            foreach (var (name, node) in properties)
            {
                var property = node as YamlMappingNode;
                var mark = required.Contains(name) ? " <span class=\"req\">required</span>" : "";
                html.Append($"<tr><td><code>{E(name)}</code>{mark}</td><td>{TypeOf(property)}</td><td>{Inline(Text(property, "description"))}</td></tr>");
            }
            html.Append("</table>");
        }

        /// <summary>A "$ref" to a component, followed; anything else as it is.</summary>
        private YamlMappingNode Resolve(YamlMappingNode node)
        {
            if (Text(node, "$ref") is not { } reference || !reference.StartsWith("#/", StringComparison.Ordinal))
                return node;
            YamlMappingNode? current = root;
            foreach (var part in reference[2..].Split('/'))
                current = Map(current, part);
            return current ?? node;
        }
    }

    private static IEnumerable<(string Path, string Method, YamlMappingNode Operation)> OperationsOf(YamlMappingNode? paths)
    {
        foreach (var (path, item) in Pairs(paths))
        {
            foreach (var method in Methods)
            {
                if (Map((YamlMappingNode)item, method) is { } operation)
                    yield return (path, method, operation);
            }
        }
    }

    /// <summary>A schema in words: a link for a $ref, "array of …", an enum's values, the type (and format).</summary>
    private static string TypeOf(YamlMappingNode? schema)
    {
        if (schema is null)
            return "any";
        if (Text(schema, "$ref") is { } reference)
        {
            var name = reference[(reference.LastIndexOf('/') + 1)..];
            return $"<a href=\"#schema-{E(name)}\">{E(name)}</a>";
        }
        if (Seq(schema, "oneOf") is { Count: > 0 } choices)
            return string.Join(" | ", choices.OfType<YamlMappingNode>().Select(TypeOf));
        if (Text(schema, "const") is { } constant)
            return $"<code>{E(constant)}</code>";
        var type = Find(schema, "type") switch
        {
            YamlSequenceNode types => string.Join(" | ", types.Children.Select(Scalar)),
            YamlScalarNode single => single.Value ?? "",
            _ => Find(schema, "allOf") is not null ? "object" : "any",
        };
        if (type == "array")
            return "array of " + TypeOf(Map(schema, "items"));
        var values = Seq(schema, "enum").Select(v => $"<code>{E(Scalar(v))}</code>").ToList();
        if (values.Count > 0)
            return E(type) + ": " + string.Join(" | ", values);
        if (type == "object" && Map(schema, "additionalProperties") is { } valueSchema)
            return "map of " + TypeOf(valueSchema);
        return Text(schema, "format") is { } format ? $"{E(type)} ({E(format)})" : E(type);
    }

    private static string Paragraphs(string? text) => string.IsNullOrWhiteSpace(text)
        ? ""
        : string.Concat(text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"<p>{Inline(p)}</p>"));

    /// <summary>Escaped text with `code` spans kept as code.</summary>
    private static string Inline(string? text)
    {
        var parts = E(text ?? "").Split('`');
        var html = new StringBuilder();
        for (var i = 0; i < parts.Length; i++)
            html.Append(i % 2 == 1 ? $"<code>{parts[i]}</code>" : parts[i]);
        return html.ToString();
    }

    private static string Anchor(string prefix, string method, string path) =>
        prefix + "-" + method + "-" + string.Concat(path.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static YamlNode? Find(YamlMappingNode? map, string key) =>
        map is not null && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static YamlMappingNode? Map(YamlMappingNode? map, string key) => Find(map, key) as YamlMappingNode;

    private static string? Text(YamlMappingNode? map, string key) => (Find(map, key) as YamlScalarNode)?.Value;

    private static List<YamlNode> Seq(YamlMappingNode? map, string key) => Find(map, key) is YamlSequenceNode sequence ? [.. sequence.Children] : [];

    private static string Scalar(YamlNode node) => (node as YamlScalarNode)?.Value ?? "";

    private static IEnumerable<KeyValuePair<string, YamlNode>> Pairs(YamlMappingNode? map) =>
        map is null ? [] : map.Children.Select(c => new KeyValuePair<string, YamlNode>(Scalar(c.Key), c.Value));

    private const string Css = """
        body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2433;background:#f6f7f9;margin:0}
        main{max-width:1100px;margin:0 auto;padding:24px}
        h1 small{font-size:55%;color:#667}
        code{font:13px ui-monospace,SFMono-Regular,Menlo,monospace;background:#eef0f4;padding:1px 4px;border-radius:3px}
        nav ul{list-style:none;padding:0}nav li{margin:4px 0}a{color:#1a56b8;text-decoration:none}
        section{background:#fff;border:1px solid #dde1e8;border-radius:6px;padding:12px 18px;margin:16px 0}
        .m{display:inline-block;min-width:58px;text-align:center;color:#fff;border-radius:3px;font:bold 12px monospace;padding:2px 4px}
        .get{background:#2f7d32}.post{background:#1a56b8}.put{background:#8a5a00}.patch{background:#6a3fb5}.delete{background:#b3261e}
        table{border-collapse:collapse;width:100%;margin:6px 0}th,td{border:1px solid #e2e5ea;padding:4px 8px;text-align:left;vertical-align:top}
        th{background:#f0f2f5}tr.err td:first-child{color:#b3261e;font-weight:bold}tr.ok td:first-child{color:#2f7d32;font-weight:bold}
        .req{color:#b3261e;font-size:11px}.summary{font-weight:600}.codes{columns:3}
        """;
}
