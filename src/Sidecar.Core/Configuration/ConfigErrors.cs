namespace Sidecar.Configuration;

/// <summary>Collects configuration errors so that validation reports all of them at once.</summary>
public sealed class ConfigErrors
{
    private readonly List<ConfigError> _errors = [];

    public IReadOnlyList<ConfigError> All => _errors;

    public bool HasErrors => _errors.Count > 0;

    public void Add(string path, int line, int column, string message) =>
        _errors.Add(new ConfigError(path, line, column, message));

    public void Add(ConfigNode at, string message) => Add(at.Path, at.Line, at.Column, message);

    public void ThrowIfAny(string source)
    {
        if (_errors.Count > 0)
        {
            throw new ConfigException(source, _errors.ToArray());
        }
    }
}
