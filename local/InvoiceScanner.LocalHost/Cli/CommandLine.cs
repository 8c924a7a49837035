using System.Globalization;

namespace InvoiceScanner.LocalHost.Cli;

/// <summary>Thrown for a bad command line; the message is shown with the usage text.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>
/// A small "--name value" / "--flag" parser: positional arguments in order, options by name, repeatable options
/// kept in order. Every option a command accepts is declared up front so typos fail loudly.
/// </summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private CommandLine(IReadOnlyList<string> positional) => Positional = positional;

    public IReadOnlyList<string> Positional { get; }

    public static CommandLine Parse(IReadOnlyList<string> args, IReadOnlyCollection<string> valueOptions, IReadOnlyCollection<string> flagOptions)
    {
        var positional = new List<string>();
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg == "-")
            {
                positional.Add(arg);
                continue;
            }
            var name = arg;
            string? inline = null;
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                name = arg[..equals];
                inline = arg[(equals + 1)..];
            }
            if (flagOptions.Contains(name) && inline is null)
            {
                flags.Add(name);
            }
            else if (valueOptions.Contains(name))
            {
                var value = inline ?? (i + 1 < args.Count ? args[++i] : throw new UsageException($"{name} needs a value."));
                if (!values.TryGetValue(name, out var list))
                    values[name] = list = [];
                list.Add(value);
            }
            else
            {
                throw new UsageException($"Unknown option {name}.");
            }
        }
        var commandLine = new CommandLine(positional);
        foreach (var (name, list) in values)
            commandLine._values[name] = list;
        commandLine._flags.UnionWith(flags);
        return commandLine;
    }

    public bool Has(string flag) => _flags.Contains(flag);

    public string? Value(string name) => _values.TryGetValue(name, out var list) ? list[^1] : null;

    public IReadOnlyList<string> Values(string name) => _values.TryGetValue(name, out var list) ? list : [];

    /// <summary>The option, else the environment variable, else the default; must be a port (0 = any free port).</summary>
    public int Port(string name, string? environmentVariable, int fallback) =>
        Integer(name, environmentVariable, fallback, 0, 65535);

    public int Integer(string name, string? environmentVariable, int fallback, int min, int max)
    {
        var text = Value(name) ?? (environmentVariable is null ? null : Environment.GetEnvironmentVariable(environmentVariable));
        if (string.IsNullOrWhiteSpace(text))
            return fallback;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
            throw new UsageException($"{name} must be a whole number from {min} to {max}, not '{text}'.");
        return number;
    }

    public TimeSpan? Seconds(string name, string? environmentVariable)
    {
        var text = Value(name) ?? (environmentVariable is null ? null : Environment.GetEnvironmentVariable(environmentVariable));
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0 || seconds > 900)
            throw new UsageException($"{name} must be a number of seconds from 0 to 900, not '{text}'.");
        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>The option, else the environment variable, else the default; one of the enum's names (any case).</summary>
    public T Choice<T>(string name, string? environmentVariable, T fallback) where T : struct, Enum
    {
        var fromOption = Value(name);
        var text = fromOption ?? (environmentVariable is null ? null : Environment.GetEnvironmentVariable(environmentVariable));
        if (string.IsNullOrWhiteSpace(text))
            return fallback;
        foreach (var choice in Enum.GetValues<T>())
        {
            if (string.Equals(choice.ToString(), text.Trim(), StringComparison.OrdinalIgnoreCase))
                return choice;
        }
        var source = fromOption is null ? $"{environmentVariable} (for {name})" : name;
        throw new UsageException($"{source} must be one of {string.Join(", ", Enum.GetNames<T>())}, not '{text}'.");
    }

    /// <summary>NAME=VALUE pairs from a repeatable option.</summary>
    public IReadOnlyDictionary<string, string> Pairs(string name)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in Values(name))
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                throw new UsageException($"{name} expects NAME=VALUE, not '{item}'.");
            pairs[item[..equals]] = item[(equals + 1)..];
        }
        return pairs;
    }
}
