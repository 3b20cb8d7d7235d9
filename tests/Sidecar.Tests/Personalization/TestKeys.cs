using System.Text;
using Sidecar.Personalization;

namespace Sidecar.Tests.Personalization;

/// <summary>An admin key and a user-id hash key in files of a temporary folder (files, not process-wide variables).</summary>
internal sealed class TestKeys : IDisposable
{
    public const string AdminKey = "test-admin-key-0123456789";

    public TestKeys()
    {
        Directory = Path.Combine(Path.GetTempPath(), "sidecar-p13n-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        AdminKeyFile = Path.Combine(Directory, "admin.key");
        HashKeyFile = Path.Combine(Directory, "user.key");
        File.WriteAllText(AdminKeyFile, AdminKey);
        File.WriteAllText(HashKeyFile, "user-id-hash-key-" + Guid.NewGuid().ToString("N"));
        Hasher = new UserIdHasher(Encoding.UTF8.GetBytes(File.ReadAllText(HashKeyFile).Trim()));
    }

    public string Directory { get; }

    public string AdminKeyFile { get; }

    public string HashKeyFile { get; }

    public UserIdHasher Hasher { get; }

    public string Hash(string userId) => Hasher.Hash(userId);

    /// <summary>The admin and personalization YAML sections using these keys.</summary>
    public string Yaml(string extraPersonalization = "") => $"""
        admin:
          api_key_env: SIDECAR_TEST_UNSET_ADMIN_KEY_VARIABLE
          api_key_file: {AdminKeyFile}
        personalization:
          user_id_hash_key_env: SIDECAR_TEST_UNSET_USER_KEY_VARIABLE
          user_id_hash_key_file: {HashKeyFile}
        {Indent(extraPersonalization)}
        """;

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string Indent(string yaml) =>
        string.Join('\n', yaml.Split('\n').Select(l => l.Length == 0 ? l : "  " + l));
}
