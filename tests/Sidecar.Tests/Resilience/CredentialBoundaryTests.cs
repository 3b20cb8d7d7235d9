using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Sidecar.Tests.Resilience;

/// <summary>
/// The sidecar's own upstream credential (<c>upstream.credentials.api_key_env</c>) is used for the requests the
/// sidecar makes for itself (profile lookups) and never for a client's request, and never reaches the logs.
/// </summary>
public sealed class CredentialBoundaryTests
{
    private const string CredentialEnv = "SIDECAR_TEST_OWN_ES_API_KEY";
    private const string Secret = "c2lkZWNhci1vd24tc2VjcmV0OnRvcC1zZWNyZXQtdmFsdWU=";
    private const string KeyEnv = "SIDECAR_TEST_CREDENTIAL_USER_ID_KEY";

    private const string Profiles = $$"""
        personalization:
          user_id_hash_key_env: {{KeyEnv}}
          lookup: { timeout_ms: 200 }
          maintenance: { recovery_interval_s: 0, retention_sweep_interval_min: 0 }
        profiles:
          - name: products
            indices: [products]
            window: 100
            features:
              - { name: bm25, type: first_stage_score, weight: 1.0 }
              - { name: user_brand, type: user_brand_affinity, weight: 0.3 }
        """;

    static CredentialBoundaryTests()
    {
        Environment.SetEnvironmentVariable(CredentialEnv, Secret);
        Environment.SetEnvironmentVariable(KeyEnv, "credential-test-user-id-hash-key-0123456789");
    }

    private static Task<FaultHarness> StartAsync() =>
        FaultHarness.StartAsync(Profiles, upstreamYaml: $"  credentials: {{ api_key_env: {CredentialEnv} }}");

    private static bool IsOwnRequest(string target) => target.StartsWith("/rerank-", StringComparison.Ordinal);

    [Fact]
    public async Task Credential_ClientWithoutAuthorization_UpstreamSeesNone_OnEveryPath()
    {
        await using var h = await StartAsync();
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal("applied", (await h.SearchAsync(configure: r => r.Headers.Add("X-User-Id", "alice"))).Rerank);
        Assert.Equal("skipped; reason=sort", (await h.SearchAsync("""{"sort":["price"]}""")).Rerank);
        using (await h.Sidecar.Client.GetAsync("/_cluster/health", ct))
        {
        }

        using (await h.Sidecar.Client.PostAsync("/_bulk", new StringContent("{\"index\":{\"_index\":\"products\",\"_id\":\"1\"}}\n{\"title\":\"x\"}\n",
                   Encoding.UTF8, "application/x-ndjson"), ct))
        {
        }

        using (await h.Sidecar.Client.PutAsync("/products/_doc/7", new StringContent("""{"title":"y"}""", Encoding.UTF8, "application/json"), ct))
        {
        }

        var clientRequests = h.Upstream.Requests.Where(r => !IsOwnRequest(r.Target)).ToArray();
        Assert.True(clientRequests.Length >= 5, string.Join(", ", clientRequests.Select(r => r.Target)));
        Assert.All(clientRequests, r => Assert.False(r.Headers.ContainsKey("Authorization"), $"{r.Method} {r.Target} carried Authorization"));
        Assert.DoesNotContain(h.Upstream.Requests.Where(r => !IsOwnRequest(r.Target)), r => r.Headers.Values.Any(v => v.Contains(Secret, StringComparison.Ordinal)));

        // ...while the sidecar's own profile lookup does carry it (proof the credential is configured at all).
        var own = Assert.Single(h.Upstream.Requests, r => r.Target.StartsWith("/rerank-profiles/_doc/", StringComparison.Ordinal));
        Assert.Equal("ApiKey " + Secret, own.Headers["Authorization"]);
    }

    [Fact]
    public async Task Credential_ClientAuthorization_IsForwardedUnchanged_NotReplaced()
    {
        await using var h = await StartAsync();
        const string client = "Basic dXNlcjpjbGllbnQtcGFzc3dvcmQ=";

        await h.SearchAsync(configure: r => r.Headers.TryAddWithoutValidation("Authorization", client));
        await h.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/_cat/indices") { Headers = { { "Authorization", client } } });

        var clientRequests = h.Upstream.Requests.Where(r => !IsOwnRequest(r.Target)).ToArray();
        Assert.Equal(2, clientRequests.Length);
        Assert.All(clientRequests, r => Assert.Equal(client, r.Headers["Authorization"]));
    }

    [Fact]
    public async Task Credential_NeverAppearsInLogs_EvenWhenEverythingFails()
    {
        await using var h = await StartAsync();
        var calls = 0;
        h.Upstream.Handler = async (ctx, r) =>
        {
            switch (Interlocked.Increment(ref calls) % 3)
            {
                case 0:
                    ctx.Abort();
                    break;
                case 1:
                    ctx.Response.StatusCode = 401;
                    ctx.Response.ContentType = "application/json";
                    await ctx.Response.WriteAsync("""{"error":{"type":"security_exception","reason":"unable to authenticate with provided credentials"},"status":401}""");
                    break;
                default:
                    await ctx.Response.WriteAsync("not json");
                    break;
            }
        };

        for (var i = 0; i < 6; i++)
        {
            await h.SearchAsync(configure: r => r.Headers.Add("X-User-Id", "user-" + i));
            await h.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/_cluster/health"));
        }

        var ct = TestContext.Current.CancellationToken;
        using (await h.Sidecar.Client.GetAsync("/_rerank/ready", ct))
        {
        }

        Assert.NotEmpty(h.Logs.Entries);
        Assert.Contains(h.Logs.Entries, e => e.EventId.Id == 1000); // the start line names the upstream...
        var all = h.Logs.AllText();
        Assert.DoesNotContain(Secret, all, StringComparison.Ordinal); // ...and nothing anywhere holds the key
        Assert.DoesNotContain(Secret[..16], all, StringComparison.Ordinal);
        Assert.DoesNotContain("ApiKey ", all, StringComparison.Ordinal);
    }
}
