namespace Sidecar.Configuration;

/// <summary>Thrown when a configuration file is invalid; carries every error found, not only the first.</summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string source, IReadOnlyList<ConfigError> errors)
        : base(BuildMessage(source, errors))
    {
        Source = source;
        Errors = errors;
    }

    public new string Source { get; }

    public IReadOnlyList<ConfigError> Errors { get; }

    private static string BuildMessage(string source, IReadOnlyList<ConfigError> errors)
    {
        var lines = new System.Text.StringBuilder();
        lines.Append("Invalid configuration ").Append(source).Append(": ")
            .Append(errors.Count).Append(errors.Count == 1 ? " error" : " errors");
        foreach (var e in errors)
        {
            lines.Append('\n').Append("  - ").Append(e);
        }

        return lines.ToString();
    }
}
