using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Sidecar.Configuration;

namespace Sidecar.Hosting;

/// <summary>
/// Checks the admin API key (header <c>X-Rerank-Api-Key</c> by default) in constant time. The key comes
/// from the environment or a file, never from the YAML, and is never logged. With no key configured,
/// every protected endpoint refuses.
/// </summary>
public sealed class AdminAuth
{
    private readonly byte[]? _key;

    public AdminAuth(AdminOptions options)
    {
        Header = options.Header;
        var key = Environment.GetEnvironmentVariable(options.ApiKeyEnv);
        if (string.IsNullOrEmpty(key) && options.ApiKeyFile is { } file && File.Exists(file))
        {
            key = File.ReadAllText(file).Trim();
        }

        _key = string.IsNullOrEmpty(key) ? null : Encoding.UTF8.GetBytes(key);
    }

    public string Header { get; }

    public bool IsConfigured => _key is not null;

    public bool IsAuthorized(HttpRequest request)
    {
        if (_key is null || !request.Headers.TryGetValue(Header, out var values) || values.Count != 1 || values[0] is not { } presented)
        {
            return false;
        }

        var bytes = Encoding.UTF8.GetBytes(presented);
        return CryptographicOperations.FixedTimeEquals(bytes, _key);
    }
}
