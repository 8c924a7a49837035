using System.Text.Json.Serialization.Metadata;
using YamlDotNet.RepresentationModel;

namespace InvoiceScanner.IntegrationTests.Support;

/// <summary>
/// Reads what the agreement tests compare out of an OpenAPI document and template.yaml. Each comparison returns what
/// differs (empty when they agree), so a test shows every disagreement at once.
/// </summary>
public static class OpenApiShape
{
    private static readonly string[] Methods = ["get", "put", "post", "patch", "delete"];

    /// <summary>Every operation of paths as its route key ("GET /invoices/{id}") and whether it needs a token.</summary>
    public static Dictionary<string, bool> Routes(YamlMappingNode spec)
    {
        var needsTokenByDefault = Seq(spec, "security").Count > 0;
        return Operations(spec).ToDictionary(
            o => o.RouteKey,
            o => Find(o.Operation, "security") is YamlSequenceNode own ? own.Children.Count > 0 : needsTokenByDefault,
            StringComparer.Ordinal);
    }

    /// <summary>template.yaml's HttpApi events as route keys, and whether the JWT authorizer is on (not Auth.Authorizer: NONE).</summary>
    public static Dictionary<string, bool> TemplateRoutes(YamlMappingNode template)
    {
        var routes = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var resource in Map(template, "Resources")!.Children.Values.OfType<YamlMappingNode>())
        {
            foreach (var httpEvent in Map(Map(resource, "Properties"), "Events")?.Children.Values.OfType<YamlMappingNode>() ?? [])
            {
                if (Text(httpEvent, "Type") != "HttpApi")
                    continue;
                var properties = Map(httpEvent, "Properties");
                var authorizer = Text(Map(properties, "Auth"), "Authorizer");
                routes[$"{Text(properties, "Method")} {Text(properties, "Path")}"] = authorizer != "NONE";
            }
        }
        return routes;
    }

    /// <summary>The routes both know whose token requirement differs.</summary>
    public static List<string> SecurityDifferences(IReadOnlyDictionary<string, bool> spec, IReadOnlyDictionary<string, bool> other) =>
        [.. spec.Where(r => other.TryGetValue(r.Key, out var needsToken) && needsToken != r.Value).Select(r => r.Key).Order()];

    /// <summary>
    /// Where the schema's property names (its allOf parts' included) and the model's JSON names differ. A request body's
    /// model is compared by what it reads (a computed property it would write is no input).
    /// </summary>
    public static List<string> PropertyDifferences(YamlMappingNode spec, string schemaName, JsonTypeInfo model, bool isRequest = false)
    {
        if (Map(Map(Map(spec, "components"), "schemas"), schemaName) is not { } schema)
            return [$"{schemaName}: no such schema"];
        var documented = SchemaProperties(spec, schema).ToHashSet(StringComparer.Ordinal);
        var written = model.Properties
            .Where(p => !isRequest || p.Set is not null || p.AssociatedParameter is not null)
            .Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        return
        [
            .. written.Except(documented).Order().Select(p => $"{schemaName}: {p} is written but not in the spec"),
            .. documented.Except(written).Order().Select(p => $"{schemaName}: {p} is in the spec but not written"),
        ];
    }

    /// <summary>Where the ErrorCode schema's enum and <paramref name="codes"/> differ.</summary>
    public static List<string> ErrorCodeDifferences(YamlMappingNode spec, IReadOnlySet<string> codes)
    {
        var listed = Seq(Map(Map(Map(spec, "components"), "schemas"), "ErrorCode"), "enum")
            .Select(n => ((YamlScalarNode)n).Value!).ToHashSet(StringComparer.Ordinal);
        return
        [
            .. listed.Except(codes).Order().Select(c => $"{c} is not in ErrorCodes"),
            .. codes.Except(listed).Order().Select(c => $"{c} is missing from the spec"),
        ];
    }

    /// <summary>"GET /invoices 404" for each 4xx/5xx answer whose body is not the ErrorResponse envelope.</summary>
    public static List<string> ErrorsOutsideTheEnvelope(YamlMappingNode spec)
    {
        var outside = new List<string>();
        foreach (var (routeKey, operation) in Operations(spec))
        {
            foreach (var (status, node) in Map(operation, "responses")!.Children.Select(c => (((YamlScalarNode)c.Key).Value!, (YamlMappingNode)c.Value)))
            {
                if (status[0] is not ('4' or '5'))
                    continue;
                var schema = Map(Map(Map(Resolve(spec, node), "content"), "application/json"), "schema");
                if (Text(schema, "$ref") != "#/components/schemas/ErrorResponse")
                    outside.Add($"{routeKey} {status}");
            }
        }
        return outside;
    }

    /// <summary>Each route's answered status codes.</summary>
    public static Dictionary<string, HashSet<string>> ResponseStatuses(YamlMappingNode spec) =>
        Operations(spec).ToDictionary(
            o => o.RouteKey,
            o => Map(o.Operation, "responses")!.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToHashSet(StringComparer.Ordinal),
            StringComparer.Ordinal);

    private static IEnumerable<(string RouteKey, YamlMappingNode Operation)> Operations(YamlMappingNode spec)
    {
        foreach (var (path, item) in Map(spec, "paths")?.Children.Select(c => (((YamlScalarNode)c.Key).Value!, (YamlMappingNode)c.Value)) ?? [])
        {
            foreach (var method in Methods)
            {
                if (Map(item, method) is { } operation)
                    yield return ($"{method.ToUpperInvariant()} {path}", operation);
            }
        }
    }

    private static IEnumerable<string> SchemaProperties(YamlMappingNode spec, YamlMappingNode schema) =>
        (Map(schema, "properties")?.Children.Keys.Select(k => ((YamlScalarNode)k).Value!) ?? [])
            .Concat(Seq(schema, "allOf").OfType<YamlMappingNode>().SelectMany(part => SchemaProperties(spec, Resolve(spec, part))));

    /// <summary>A local "$ref" followed (once); anything else as it is.</summary>
    public static YamlMappingNode Resolve(YamlMappingNode spec, YamlMappingNode node)
    {
        if (Text(node, "$ref") is not { } reference || !reference.StartsWith("#/", StringComparison.Ordinal))
            return node;
        YamlMappingNode? current = spec;
        foreach (var part in reference[2..].Split('/'))
            current = Map(current, part);
        return current ?? throw new InvalidOperationException($"{reference} points nowhere.");
    }

    public static YamlNode? Find(YamlMappingNode? map, string key) =>
        map is not null && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static YamlMappingNode? Map(YamlMappingNode? map, string key) => Find(map, key) as YamlMappingNode;

    public static string? Text(YamlMappingNode? map, string key) => (Find(map, key) as YamlScalarNode)?.Value;

    public static List<YamlNode> Seq(YamlMappingNode? map, string key) => Find(map, key) is YamlSequenceNode sequence ? [.. sequence.Children] : [];
}
