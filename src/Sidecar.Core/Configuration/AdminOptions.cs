namespace Sidecar.Configuration;

/// <summary>Authentication of the sidecar's own endpoints. YAML section <c>admin</c>.</summary>
public sealed record AdminOptions
{
    /// <summary>Environment variable holding the admin API key (YAML <c>api_key_env</c>). Default <c>SIDECAR_API_KEY</c>.</summary>
    public string ApiKeyEnv { get; init; } = "SIDECAR_API_KEY";

    /// <summary>File holding the admin API key, used when the variable is unset (YAML <c>api_key_file</c>).</summary>
    public string? ApiKeyFile { get; init; }

    /// <summary>Header clients present the key in (YAML <c>header</c>). Default <c>X-Rerank-Api-Key</c>.</summary>
    public string Header { get; init; } = "X-Rerank-Api-Key";
}
