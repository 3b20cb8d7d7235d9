using System.Security.Cryptography;
using System.Text;

namespace Sidecar.Personalization;

/// <summary>
/// The keyed hash (HMAC-SHA256, lowercase hex) that stands for a user everywhere the sidecar writes or
/// logs: the events and profiles indices store only it, never the raw id. The key comes from the
/// environment or a file, never from the YAML; replicas must share it, and changing it orphans every profile.
/// </summary>
public sealed class UserIdHasher
{
    private readonly byte[] _key;

    public UserIdHasher(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < 16)
        {
            throw new ArgumentException("the user id hash key must be at least 16 bytes", nameof(key));
        }

        _key = [.. key];
    }

    /// <summary>64 hex characters.</summary>
    public string Hash(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        Span<byte> input = stackalloc byte[Encoding.UTF8.GetMaxByteCount(userId.Length)];
        var n = Encoding.UTF8.GetBytes(userId, input);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, input[..n], mac);
        return Convert.ToHexStringLower(mac);
    }

    /// <summary>A short form for logs (still the keyed hash, never the id).</summary>
    public static string ForLog(string userHash) => userHash.Length > 12 ? userHash[..12] : userHash;

    /// <summary>Reads the key from <paramref name="env"/>, else from <paramref name="file"/>; null when neither has one.</summary>
    public static UserIdHasher? FromEnvironmentOrFile(string env, string? file, out string? problem)
    {
        problem = null;
        var key = Environment.GetEnvironmentVariable(env);
        if (string.IsNullOrEmpty(key) && file is not null)
        {
            if (!File.Exists(file))
            {
                problem = $"file {file} does not exist";
                return null;
            }

            key = File.ReadAllText(file).Trim();
        }

        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        var bytes = Encoding.UTF8.GetBytes(key.Trim());
        if (bytes.Length < 16)
        {
            problem = "the user id hash key must be at least 16 bytes (use e.g. `openssl rand -hex 32`)";
            return null;
        }

        return new UserIdHasher(bytes);
    }
}
