namespace Sidecar.Configuration;

/// <summary>One problem found in a configuration file, with the YAML path and position to fix.</summary>
public sealed record ConfigError(string Path, int Line, int Column, string Message)
{
    public override string ToString() =>
        Line > 0 ? $"{Path} (line {Line}, column {Column}): {Message}" : $"{Path}: {Message}";
}
