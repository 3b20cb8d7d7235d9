using System.Net;
using Microsoft.AspNetCore.Http;

namespace Sidecar.Tests.Resilience;

/// <summary>
/// Fault matrix, profile-store rows: the profiles index (in the same Elasticsearch) fails or is slow while
/// searches work. The search ranks as anonymous within <c>personalization.lookup.timeout_ms</c> and says so.
/// </summary>
public sealed class ProfileStoreFaultTests
{
    private const string KeyEnv = "SIDECAR_TEST_FAULT_USER_ID_KEY";
    private const int LookupUnavailable = 4101;

    private const string Profiles = $$"""
        personalization:
          user_id_hash_key_env: {{KeyEnv}}
          lookup: { timeout_ms: 50 }
          maintenance: { recovery_interval_s: 0, retention_sweep_interval_min: 0 }
        profiles:
          - name: products
            indices: [products]
            window: 100
            features:
              - { name: bm25, type: first_stage_score, weight: 1.0 }
              - { name: rating, type: numeric_field, field: rating, weight: 0.5 }
              - { name: user_brand, type: user_brand_affinity, weight: 0.3 }
        """;

    static ProfileStoreFaultTests() => Environment.SetEnvironmentVariable(KeyEnv, "fault-matrix-user-id-hash-key-0123456789");

    private static bool IsProfileRead(HttpContext ctx) => ctx.Request.Path.StartsWithSegments("/rerank-profiles", StringComparison.Ordinal);

    [Theory]
    [InlineData("503")]
    [InlineData("slow")]
    [InlineData("garbage")]
    public async Task Fault_ProfileStoreDown_IsAppliedAnonymouslyWithPersonalizationUnavailable(string fault)
    {
        await using var h = await FaultHarness.StartAsync(Profiles);
        h.Upstream.Handler = async (ctx, r) =>
        {
            if (!IsProfileRead(ctx))
            {
                await FaultHarness.CannedSearch(ctx, r);
                return;
            }

            switch (fault)
            {
                case "503":
                    ctx.Response.StatusCode = 503;
                    ctx.Response.ContentType = "application/json";
                    await ctx.Response.WriteAsync("""{"error":{"type":"no_shard_available_action_exception","reason":"No shard available"},"status":503}""");
                    break;
                case "slow":
                    await Task.Delay(TimeSpan.FromSeconds(15), ctx.RequestAborted);
                    break;
                default:
                    ctx.Response.ContentType = "application/json";
                    await ctx.Response.WriteAsync("{\"found\":true,\"_source\":{\"brands\":");
                    break;
            }
        };

        var reply = await h.SearchAsync(configure: r => r.Headers.Add("X-User-Id", "user-42"));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("applied; personalization=unavailable", reply.Rerank);
        Assert.True(reply.Elapsed < TimeSpan.FromSeconds(5), $"took {reply.Elapsed}: the lookup waits at most 50 ms");
        Assert.Contains(h.Upstream.Requests, r => r.Target.StartsWith("/rerank-profiles/_doc/", StringComparison.Ordinal));
        Assert.DoesNotContain(h.Upstream.Requests, r => r.Target.Contains("user-42", StringComparison.Ordinal)); // only the keyed hash
        Assert.True(h.Logs.Has(LookupUnavailable));
        Assert.DoesNotContain("user-42", h.Logs.AllText(), StringComparison.Ordinal);
        Assert.Equal(1, MetricsScrape.Value(await h.MetricsAsync(), MetricsScrape.Outcome("personalization_unavailable")));
    }

    [Fact]
    public async Task Fault_ProfileStoreDown_AnonymousSearchIsNotAffected()
    {
        await using var h = await FaultHarness.StartAsync(Profiles);
        h.Upstream.Handler = async (ctx, r) =>
        {
            if (IsProfileRead(ctx))
            {
                ctx.Response.StatusCode = 503;
                return;
            }

            await FaultHarness.CannedSearch(ctx, r);
        };

        var reply = await h.SearchAsync();

        Assert.Equal("applied", reply.Rerank);
        Assert.DoesNotContain(h.Upstream.Requests, r => r.Target.StartsWith("/rerank-profiles", StringComparison.Ordinal));
    }
}
