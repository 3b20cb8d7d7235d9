using System.Security.Cryptography;
using System.Text;
using Sidecar.StandIn.Errors;

namespace Sidecar.StandIn.Indexing;

/// <summary>Document id validation and generation (Elasticsearch-like 20-character URL-safe ids).</summary>
public static class DocumentIds
{
    /// <summary>Checks an explicit id (null passes through, meaning "generate one").</summary>
    public static string? Validate(string? id)
    {
        if (id is null)
        {
            return null;
        }

        if (id.Length == 0)
        {
            throw EsErrors.ActionRequestValidation("if _id is specified it must not be empty");
        }

        var bytes = Encoding.UTF8.GetByteCount(id);
        return bytes <= 512
            ? id
            : throw EsErrors.ActionRequestValidation($"id [{id}] is too long, must be no longer than 512 bytes but was: {bytes}");
    }

    /// <summary>A 20-character URL-safe id, like Elasticsearch's auto-generated ids.</summary>
    public static string NewId() => Base64Url(RandomNumberGenerator.GetBytes(15));

    public static string NewUuid() => Base64Url(RandomNumberGenerator.GetBytes(16))[..22];

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
