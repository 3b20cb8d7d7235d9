using Sidecar.Configuration;
using Sidecar.Personalization;
using Sidecar.Ranking.Features;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Personalization;

/// <summary>The YAML section <c>personalization</c>: defaults, every key, and the errors it reports.</summary>
public sealed class PersonalizationConfigTests
{
    private static SidecarOptions Load(string yaml) => new SidecarConfigLoader(FeatureRegistry.CreateDefault()).Load(yaml);

    [Fact]
    public void Absent_IsOff()
    {
        Assert.Null(Load("profiles: []").Personalization);
    }

    [Fact]
    public void Empty_HasTheDocumentedDefaults_AndNoKeyMeansInactive()
    {
        var p = Load("personalization: { user_id_hash_key_env: SIDECAR_TEST_NO_SUCH_VARIABLE }").Personalization!;
        Assert.True(p.Enabled);
        Assert.False(p.IsActive);
        Assert.Equal("rerank-events", p.EventsIndex);
        Assert.Equal("rerank-profiles", p.ProfilesIndex);
        Assert.Equal(336, p.HalfLifeHours);
        Assert.Equal(20, p.LookupTimeoutMs);
        Assert.Equal(365, p.RetentionDays);
        Assert.Equal(PriceBands.Default.Bounds, p.PriceBands.Bounds);
    }

    [Fact]
    public void EveryKey_IsRead()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "0123456789abcdef-key");
        try
        {
            var p = Load($$"""
                personalization:
                  enabled: true
                  events_index: ev
                  profiles_index: pr
                  user_id_hash_key_env: SIDECAR_TEST_NO_SUCH_VARIABLE
                  user_id_hash_key_file: {{file}}
                  half_life_hours: 24
                  event_weights: { click: 2, wishlist: 0.7 }
                  default_event_weight: 0
                  price_bands: [5, 50]
                  item_fields: { category: cat, brand: maker, price: cost }
                  profile: { max_affinities: 7, recent_items: 8, recent_queries: 9, applied_ids: 99 }
                  retention_days: 30
                  lookup: { timeout_ms: 15, cache_entries: 10, cache_ttl_ms: 500 }
                  ingest: { max_events_per_request: 11, max_in_flight_events: 12, retry_after_s: 3, bulk_max_events: 13, bulk_concurrency: 4, max_update_attempts: 5, store_timeout_ms: 600, max_future_skew_s: 7 }
                  maintenance: { recovery_interval_s: 8, pending_grace_s: 9, retention_sweep_interval_min: 10 }
                """).Personalization!;
            Assert.True(p.IsActive);
            Assert.Equal(("ev", "pr"), (p.EventsIndex, p.ProfilesIndex));
            Assert.Equal(24 * 3_600_000.0, p.HalfLifeMs);
            Assert.Equal(2.0, p.WeightOf("click"));
            Assert.Equal(5.0, p.WeightOf("purchase"));
            Assert.Equal(0.7, p.WeightOf("wishlist"));
            Assert.Equal(0.0, p.WeightOf("other"));
            Assert.Equal(3, p.PriceBands.Count);
            Assert.Equal(new ItemFieldNames { Category = "cat", Brand = "maker", Price = "cost" }, p.ItemFields);
            Assert.Equal(new ProfileLimits { MaxAffinities = 7, RecentItems = 8, RecentQueries = 9, AppliedIds = 99 }, p.Limits);
            Assert.Equal((15, 10, 500), (p.LookupTimeoutMs, p.CacheEntries, p.CacheTtlMs));
            Assert.Equal(new IngestOptions
            {
                MaxEventsPerRequest = 11, MaxInFlightEvents = 12, RetryAfterSeconds = 3, BulkMaxEvents = 13, BulkConcurrency = 4,
                MaxUpdateAttempts = 5, StoreTimeoutMs = 600, MaxFutureSkewSeconds = 7,
            }, p.Ingest);
            Assert.Equal(new MaintenanceOptions { RecoveryIntervalSeconds = 8, PendingGraceSeconds = 9, RetentionSweepMinutes = 10 }, p.Maintenance);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Errors_AreAllReportedWithTheirPath()
    {
        var e = Assert.Throws<ConfigException>(() => Load("""
            personalization:
              events_index: Bad*Name
              profiles_index: rerank-events
              price_bands: [50, 10]
              event_weights: { "Click!": 1 }
              user_id_hash_key_file: /no/such/key
              lookup: { timeout_ms: 0, typo: 1 }
              unknown_key: 1
            """));
        var paths = e.Errors.Select(x => x.Path).ToList();
        Assert.Contains("personalization.events_index", paths);
        Assert.Contains("personalization.profiles_index", paths);
        Assert.Contains("personalization.price_bands", paths);
        Assert.Contains("personalization.user_id_hash_key_file", paths);
        Assert.Contains("personalization.lookup.timeout_ms", paths);
        Assert.Contains("personalization.lookup.typo", paths);
        Assert.Contains("personalization.unknown_key", paths);
        Assert.Contains(e.Errors, x => x.Message.Contains("Click!", StringComparison.Ordinal));
    }

    [Fact]
    public void ShippedDefaultConfig_HasPersonalizationAndPersonalFeatures()
    {
        var options = TestLoaders.WithModels.LoadFile(RepoPaths.Config("sidecar.yaml"));
        Assert.NotNull(options.Personalization);
        Assert.True(UserFeature.AnyIn(options.Profiles[0].Reranker.Features));
        Assert.Equal(20, options.Personalization.LookupTimeoutMs);
    }
}
