namespace InvoiceScanner.LocalHost.Api;

/// <summary>A route that matched a request, with its path parameters (URL-decoded).</summary>
public sealed record RouteMatch(HttpRoute Route, IReadOnlyDictionary<string, string> PathParameters);

/// <summary>
/// HTTP API route selection: the method must match (or the route is ANY); among matching paths the most specific
/// wins — literal segments beat {param}, which beats {proxy+} — as API Gateway documents.
/// </summary>
public sealed class RouteTable(IReadOnlyList<HttpRoute> routes)
{
    public RouteMatch? Match(string method, string rawPath)
    {
        var segments = Split(rawPath);
        RouteMatch? best = null;
        var bestScore = -1;
        foreach (var route in routes)
        {
            if (route.Method != "ANY" && !string.Equals(route.Method, method, StringComparison.OrdinalIgnoreCase))
                continue;
            if (TryMatch(Split(route.PathTemplate), segments, out var parameters, out var score) && score > bestScore)
            {
                best = new RouteMatch(route, parameters);
                bestScore = score;
            }
        }
        return best;
    }

    /// <summary>The methods of the routes whose path matches <paramref name="rawPath"/>, in table order (405's Allow).</summary>
    public IReadOnlyList<string> MethodsFor(string rawPath)
    {
        var segments = Split(rawPath);
        return [.. routes.Where(r => TryMatch(Split(r.PathTemplate), segments, out _, out _)).Select(r => r.Method).Distinct(StringComparer.Ordinal)];
    }

    private static string[] Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    private static bool TryMatch(string[] template, string[] path, out Dictionary<string, string> parameters, out int score)
    {
        parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        score = 0;
        for (var i = 0; i < template.Length; i++)
        {
            var part = template[i];
            if (part.StartsWith('{') && part.EndsWith("+}", StringComparison.Ordinal))
            {
                if (i >= path.Length)
                    return false;
                parameters[part[1..^2]] = Uri.UnescapeDataString(string.Join('/', path[i..]));
                return true; // greedy: scores lowest
            }
            if (i >= path.Length)
                return false;
            if (part.StartsWith('{') && part.EndsWith('}'))
            {
                parameters[part[1..^1]] = Uri.UnescapeDataString(path[i]);
                score += 1;
            }
            else if (string.Equals(part, path[i], StringComparison.Ordinal))
            {
                score += 2;
            }
            else
            {
                return false;
            }
        }
        return template.Length == path.Length;
    }
}
