using InvoiceScanner.LocalHost;
using YamlDotNet.RepresentationModel;

namespace InvoiceScanner.IntegrationTests;

/// <summary>
/// The local stack routes by <see cref="LocalFleet"/>; AWS routes by template.yaml. They must describe the same
/// fleet, or the local stack would test something other than what is deployed.
/// </summary>
public class LocalFleetTemplateTests
{
    private static readonly YamlMappingNode Template = LoadTemplate();
    private static YamlMappingNode Resources => (YamlMappingNode)Template["Resources"];
    private static YamlMappingNode Parameters => (YamlMappingNode)Template["Parameters"];
    private static YamlMappingNode GlobalFunction => (YamlMappingNode)((YamlMappingNode)Template["Globals"])["Function"];

    private static YamlMappingNode LoadTemplate()
    {
        // The representation model keeps CloudFormation tags (!Ref, !If, ...) as node tags.
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(StackPaths.RepositoryRoot, "template.yaml"));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static string Text(YamlNode node) => ((YamlScalarNode)node).Value ?? "";
    private static YamlNode? Find(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;
    private static YamlMappingNode Properties(string logicalId) => (YamlMappingNode)((YamlMappingNode)Resources[logicalId])["Properties"];

    private static IEnumerable<string> TemplateFunctions => Resources.Children
        .Where(r => Text(((YamlMappingNode)r.Value)["Type"]) == "AWS::Serverless::Function")
        .Select(r => Text(r.Key));

    private static IEnumerable<(string Type, YamlMappingNode Properties)> Events(string logicalId) =>
        Find(Properties(logicalId), "Events") is YamlMappingNode events
            ? events.Children.Values.Cast<YamlMappingNode>().Select(e => (Text(e["Type"]), (YamlMappingNode)e["Properties"]))
            : [];

    /// <summary>A function property, else the Globals value.</summary>
    private static int NumberProperty(string logicalId, string name) =>
        int.Parse(Text(Find(Properties(logicalId), name) ?? GlobalFunction[name]), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void The_same_functions_with_their_projects_timeouts_and_memory()
    {
        Assert.Equal(TemplateFunctions.Order(), LocalFleet.Functions.Select(f => f.LogicalId).Order());
        foreach (var function in LocalFleet.Functions)
        {
            Assert.Equal(NumberProperty(function.LogicalId, "Timeout"), (int)function.Timeout.TotalSeconds);
            Assert.Equal(NumberProperty(function.LogicalId, "MemorySize"), function.MemorySizeMb);
            Assert.True(File.Exists(Path.Combine(StackPaths.RepositoryRoot, function.ProjectDirectory, "Program.cs")), function.ProjectDirectory);
            var makefile = File.ReadAllText(Path.Combine(StackPaths.RepositoryRoot, "Makefile"));
            Assert.Contains($"publish_function,{Path.GetFileName(function.ProjectDirectory)},", makefile
                [makefile.IndexOf($"build-{function.LogicalId}:", StringComparison.Ordinal)..]);
        }
    }

    [Fact]
    public void The_same_http_routes_to_the_same_functions_behind_the_jwt_authorizer_unless_the_template_says_NONE()
    {
        var templateRoutes = TemplateFunctions
            .SelectMany(id => Events(id).Where(e => e.Type == "HttpApi").Select(e => $"{Text(e.Properties["Method"])} {Text(e.Properties["Path"])} -> {id}"))
            .Order();
        Assert.Equal(templateRoutes, LocalFleet.Routes.Select(r => $"{r.RouteKey} -> {r.FunctionLogicalId}").Order());

        // The template puts the JWT authorizer on every route by default (which RequiresJwt mirrors); a route's own
        // Auth.Authorizer: NONE takes it off (GET /health).
        var templateJwt = TemplateFunctions
            .SelectMany(id => Events(id).Where(e => e.Type == "HttpApi"))
            .ToDictionary(
                e => $"{Text(e.Properties["Method"])} {Text(e.Properties["Path"])}",
                e => !(Find(e.Properties, "Auth") is YamlMappingNode auth && Find(auth, "Authorizer") is { } authorizer && Text(authorizer) == "NONE"));
        Assert.All(LocalFleet.Routes, route => Assert.True(templateJwt[route.RouteKey] == route.RequiresJwt, route.RouteKey));
        Assert.Equal(["GET /health"], LocalFleet.Routes.Where(r => !r.RequiresJwt).Select(r => r.RouteKey));

        var api = (YamlMappingNode)((YamlMappingNode)Resources.Children.Values
            .Cast<YamlMappingNode>().Single(r => Text(r["Type"]) == "AWS::Serverless::HttpApi"))["Properties"];
        var auth = (YamlMappingNode)api["Auth"];
        var defaultAuthorizer = Text(auth["DefaultAuthorizer"]);
        Assert.NotNull(Find((YamlMappingNode)auth["Authorizers"], defaultAuthorizer));
    }

    [Fact]
    public void The_same_s3_notifications_by_prefix_and_event()
    {
        var templateNotifications = TemplateFunctions
            .SelectMany(id => Events(id).Where(e => e.Type == "S3").Select(e =>
            {
                var rules = (YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)e.Properties["Filter"])["S3Key"])["Rules"];
                string? Rule(string name) => rules.Cast<YamlMappingNode>()
                    .Where(r => string.Equals(Text(r["Name"]), name, StringComparison.OrdinalIgnoreCase))
                    .Select(r => Text(r["Value"])).SingleOrDefault();
                return $"{Text(e.Properties["Events"])} {Rule("prefix")}*{Rule("suffix")} -> {id}";
            }))
            .Order();
        Assert.Equal(templateNotifications,
            LocalFleet.S3Notifications.Select(n => $"{n.Event} {n.Prefix}*{n.Suffix} -> {n.FunctionLogicalId}").Order());
    }

    [Fact]
    public void The_same_schedules()
    {
        var templateSchedules = TemplateFunctions
            .SelectMany(id => Events(id).Where(e => e.Type == "Schedule").Select(e => $"{Text(e.Properties["Schedule"])} -> {id}"))
            .Order();
        Assert.Equal(templateSchedules, LocalFleet.Schedules.Select(s => $"{s.RateExpression} -> {s.FunctionLogicalId}").Order());
        Assert.NotEmpty(LocalFleet.Schedules);
    }

    [Fact]
    public void The_same_event_rules_by_source()
    {
        var templateRules = TemplateFunctions
            .SelectMany(id => Events(id).Where(e => e.Type == "EventBridgeRule").SelectMany(e =>
                ((YamlSequenceNode)((YamlMappingNode)e.Properties["Pattern"])["source"]).Select(source => $"{Text(source)} -> {id}")))
            .Order();
        Assert.Equal(templateRules, LocalFleet.EventRules.Select(r => $"{r.Source} -> {r.FunctionLogicalId}").Order());
        Assert.NotEmpty(LocalFleet.EventRules);
    }

    [Fact]
    public void Local_function_variables_are_the_template_values_or_parameter_defaults()
    {
        foreach (var function in LocalFleet.Functions)
        {
            var templateVariables = Find(Properties(function.LogicalId), "Environment") is YamlMappingNode env
                ? (YamlMappingNode)env["Variables"]
                : new YamlMappingNode();
            // Every literal the template sets must reach the local function with the same value.
            foreach (var (name, value) in templateVariables.Children.Select(c => (Text(c.Key), c.Value)))
            {
                if (value is YamlScalarNode { Tag.IsEmpty: true } literal)
                    Assert.Equal(literal.Value, function.Environment.GetValueOrDefault(name));
            }
            // And every variable the local fleet sets must be one the template sets: a literal with that value,
            // or a !Ref to a parameter whose default is that value.
            foreach (var (name, value) in function.Environment)
            {
                var node = Find(templateVariables, name);
                Assert.True(node is not null, $"{function.LogicalId}: {name} is set locally but not in template.yaml");
                var scalar = Assert.IsType<YamlScalarNode>(node);
                var expected = !scalar.Tag.IsEmpty && scalar.Tag.Value == "!Ref" ? Text(((YamlMappingNode)Parameters[scalar.Value!])["Default"]) : scalar.Value;
                Assert.Equal(expected, value);
            }
        }
    }
}
