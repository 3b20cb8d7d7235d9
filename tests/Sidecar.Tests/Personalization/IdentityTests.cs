using System.Text;
using Sidecar.Personalization;

namespace Sidecar.Tests.Personalization;

/// <summary>User id validation and the keyed hash that replaces user ids.</summary>
public sealed class IdentityTests
{
    [Theory]
    [InlineData("alice", true)]
    [InlineData("user_42.eu:shop@example-1", true)]
    [InlineData("", false)]
    [InlineData("has space", false)]
    [InlineData("ümlaut", false)]
    [InlineData("a/b", false)]
    [InlineData("a,b", false)]
    public void UserId_Validation(string id, bool valid)
    {
        Assert.Equal(valid, UserIdentity.IsValid(id));
    }

    [Fact]
    public void UserId_LongerThan128_IsInvalid()
    {
        Assert.True(UserIdentity.IsValid(new string('a', 128)));
        Assert.False(UserIdentity.IsValid(new string('a', 129)));
    }

    [Fact]
    public void Hash_IsKeyedDeterministicHexAndNotTheId()
    {
        var a = new UserIdHasher(Encoding.UTF8.GetBytes("first-key-0123456789"));
        var b = new UserIdHasher(Encoding.UTF8.GetBytes("other-key-0123456789"));
        Assert.Equal(a.Hash("alice"), a.Hash("alice"));
        Assert.NotEqual(a.Hash("alice"), a.Hash("bob"));
        Assert.NotEqual(a.Hash("alice"), b.Hash("alice"));
        Assert.Matches("^[0-9a-f]{64}$", a.Hash("alice"));
        Assert.Equal(12, UserIdHasher.ForLog(a.Hash("alice")).Length);
    }

    [Fact]
    public void Hash_ShortKey_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new UserIdHasher(Encoding.UTF8.GetBytes("short")));
    }

    [Fact]
    public void Hasher_FromFile_ReadsTrimmedKey_MissingFileIsAProblem()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "  a-key-of-enough-length-here \n");
            var h = UserIdHasher.FromEnvironmentOrFile("SIDECAR_TEST_NO_SUCH_VARIABLE", file, out var problem);
            Assert.Null(problem);
            Assert.Equal(new UserIdHasher(Encoding.UTF8.GetBytes("a-key-of-enough-length-here")).Hash("x"), h!.Hash("x"));
        }
        finally
        {
            File.Delete(file);
        }

        Assert.Null(UserIdHasher.FromEnvironmentOrFile("SIDECAR_TEST_NO_SUCH_VARIABLE", "/no/such/file", out var missing));
        Assert.Contains("does not exist", missing, StringComparison.Ordinal);
        Assert.Null(UserIdHasher.FromEnvironmentOrFile("SIDECAR_TEST_NO_SUCH_VARIABLE", null, out var none));
        Assert.Null(none);
    }
}
