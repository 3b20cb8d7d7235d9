namespace Sidecar.Configuration;

/// <summary>
/// The sidecar's OWN credential for the requests it makes itself (events, profiles, embedding write-back,
/// readiness). Never used for a client's request: those carry the client's credentials unchanged.
/// Read from the environment or a file named in YAML (<c>upstream.credentials</c>), never from the YAML
/// itself, and never logged (<see cref="ToString"/> hides it).
/// </summary>
public sealed class UpstreamCredential
{
    private readonly string? _authorization;

    private UpstreamCredential(string? authorization, string description)
    {
        _authorization = authorization;
        Description = description;
    }

    public static UpstreamCredential None { get; } = new(null, "none");

    /// <summary>What kind of credential this is (e.g. "api_key from SIDECAR_ES_API_KEY"), safe to show.</summary>
    public string Description { get; }

    public bool IsSet => _authorization is not null;

    /// <summary>Adds the Authorization header to a request the sidecar makes for itself.</summary>
    public void Apply(HttpRequestMessage request)
    {
        if (_authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", _authorization);
        }
    }

    public override string ToString() => Description;

    public override bool Equals(object? obj) => obj is UpstreamCredential other && other._authorization == _authorization;

    public override int GetHashCode() => _authorization?.GetHashCode(StringComparison.Ordinal) ?? 0;

    /// <summary>
    /// Reads <c>credentials: { api_key_env, api_key_file, username, password_env, password_file }</c>.
    /// An API key wins over basic auth. A named variable or file that is missing is a configuration error.
    /// </summary>
    public static UpstreamCredential Read(ConfigNode n)
    {
        if (n.IsMissing)
        {
            return None;
        }

        var apiKeyEnv = n.String("api_key_env");
        var apiKeyFile = n.String("api_key_file");
        var username = n.String("username");
        var passwordEnv = n.String("password_env");
        var passwordFile = n.String("password_file");
        n.ReportUnknownKeys();

        var apiKey = Secret(n, "api_key_env", apiKeyEnv, "api_key_file", apiKeyFile);
        if (apiKey is not null)
        {
            return new UpstreamCredential("ApiKey " + apiKey, apiKeyEnv is not null ? $"api_key from ${apiKeyEnv}" : $"api_key from {apiKeyFile}");
        }

        if (username is null)
        {
            return None;
        }

        var password = Secret(n, "password_env", passwordEnv, "password_file", passwordFile);
        if (password is null)
        {
            n.Errors.Add(n, "username needs password_env or password_file");
            return None;
        }

        var basic = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(username + ":" + password));
        return new UpstreamCredential("Basic " + basic, $"basic auth for user '{username}'");
    }

    private static string? Secret(ConfigNode n, string envKey, string? env, string fileKey, string? file)
    {
        if (env is not null)
        {
            var value = Environment.GetEnvironmentVariable(env);
            if (!string.IsNullOrEmpty(value))
            {
                return value.Trim();
            }

            if (file is null)
            {
                n.Errors.Add(n.Child(envKey), $"environment variable {env} is not set");
                return null;
            }
        }

        if (file is not null)
        {
            if (!File.Exists(file))
            {
                n.Errors.Add(n.Child(fileKey), $"file {file} does not exist");
                return null;
            }

            return File.ReadAllText(file).Trim();
        }

        return null;
    }
}
