using Sidecar.Configuration;

namespace Sidecar.Personalization;

/// <summary>Reads and validates the YAML section <c>personalization</c> (see <c>config/sidecar.yaml</c>).</summary>
public static class PersonalizationConfig
{
    /// <summary>The options, or null when the section is absent (personalization off, user features not allowed).</summary>
    public static PersonalizationOptions? Read(ConfigNode n)
    {
        if (n.IsMissing)
        {
            return null;
        }

        var d = new PersonalizationOptions();
        var events = Index(n, "events_index", d.EventsIndex);
        var profiles = Index(n, "profiles_index", d.ProfilesIndex);
        if (events == profiles)
        {
            n.Errors.Add(n.Path + ".profiles_index", n.Line, n.Column, "must differ from events_index");
        }

        var keyEnv = n.String("user_id_hash_key_env", d.UserIdHashKeyEnv)!;
        var keyFile = n.String("user_id_hash_key_file");
        var hasher = UserIdHasher.FromEnvironmentOrFile(keyEnv, keyFile, out var problem);
        if (problem is not null)
        {
            n.Errors.Add(n.Path + (keyFile is not null ? ".user_id_hash_key_file" : ".user_id_hash_key_env"), n.Line, n.Column, problem);
        }

        var options = d with
        {
            Enabled = n.Bool("enabled", d.Enabled),
            EventsIndex = events,
            ProfilesIndex = profiles,
            UserIdHashKeyEnv = keyEnv,
            UserIdHashKeyFile = keyFile,
            Hasher = hasher,
            HalfLifeHours = n.Double("half_life_hours", d.HalfLifeHours, 0.001, 1e6),
            EventWeights = ReadWeights(n.Section("event_weights")),
            DefaultEventWeight = n.Double("default_event_weight", d.DefaultEventWeight, 0, 1000),
            PriceBands = ReadBands(n),
            ItemFields = ReadItemFields(n.Section("item_fields")),
            Limits = ReadLimits(n.Section("profile")),
            RetentionDays = n.Int("retention_days", d.RetentionDays, 0, 36_500),
        };

        var lookup = n.Section("lookup");
        options = options with
        {
            LookupTimeoutMs = lookup.Int("timeout_ms", d.LookupTimeoutMs, 1, 60_000),
            CacheEntries = lookup.Int("cache_entries", d.CacheEntries, 0, 10_000_000),
            CacheTtlMs = lookup.Int("cache_ttl_ms", d.CacheTtlMs, 0, 86_400_000),
            Ingest = ReadIngest(n.Section("ingest")),
            Maintenance = ReadMaintenance(n.Section("maintenance")),
        };
        lookup.ReportUnknownKeys();
        n.ReportUnknownKeys();
        return options;
    }

    private static string Index(ConfigNode n, string key, string defaultValue)
    {
        var name = n.String(key, defaultValue)!;
        if (!UserIdentity.IsValidIndexName(name))
        {
            n.Errors.Add(n.Path + "." + key, n.Line, n.Column, $"'{name}' is not a valid index name (lowercase, no wildcards, not starting with _ - +)");
            return defaultValue;
        }

        return name;
    }

    private static Dictionary<string, double> ReadWeights(ConfigNode n)
    {
        var weights = new Dictionary<string, double>(PersonalizationOptions.DefaultEventWeights, StringComparer.Ordinal);
        foreach (var (type, value) in n.Entries())
        {
            if (!UserIdentity.IsValidEventType(type))
            {
                n.Errors.Add(value, $"'{type}' is not an event type (1-64 characters of a-z 0-9 _, starting with a letter)");
                continue;
            }

            weights[type] = value.AsDouble(1.0, 0, 1000);
        }

        return weights;
    }

    private static PriceBands ReadBands(ConfigNode n)
    {
        if (!n.Has("price_bands"))
        {
            n.StringList("price_bands");
            return PriceBands.Default;
        }

        var bounds = new List<double>();
        foreach (var text in n.StringList("price_bands"))
        {
            if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v))
            {
                bounds.Add(v);
            }
            else
            {
                n.Errors.Add(n.Path + ".price_bands", n.Line, n.Column, $"'{text}' is not a number");
            }
        }

        try
        {
            return new PriceBands(bounds);
        }
        catch (ArgumentException e)
        {
            n.Errors.Add(n.Path + ".price_bands", n.Line, n.Column, e.Message.Split(" (Parameter", 2)[0] + ", e.g. [10, 25, 50, 100]");
            return PriceBands.Default;
        }
    }

    private static ItemFieldNames ReadItemFields(ConfigNode n)
    {
        var d = new ItemFieldNames();
        var r = new ItemFieldNames
        {
            Category = n.String("category", d.Category)!,
            Brand = n.String("brand", d.Brand)!,
            Price = n.String("price", d.Price)!,
        };
        n.ReportUnknownKeys();
        return r;
    }

    private static ProfileLimits ReadLimits(ConfigNode n)
    {
        var d = new ProfileLimits();
        var r = new ProfileLimits
        {
            MaxAffinities = n.Int("max_affinities", d.MaxAffinities, 1, 10_000),
            RecentItems = n.Int("recent_items", d.RecentItems, 0, 10_000),
            RecentQueries = n.Int("recent_queries", d.RecentQueries, 0, 10_000),
            AppliedIds = n.Int("applied_ids", d.AppliedIds, 10, 100_000),
        };
        n.ReportUnknownKeys();
        return r;
    }

    private static IngestOptions ReadIngest(ConfigNode n)
    {
        var d = new IngestOptions();
        var r = new IngestOptions
        {
            MaxEventsPerRequest = n.Int("max_events_per_request", d.MaxEventsPerRequest, 1, 1_000_000),
            MaxInFlightEvents = n.Int("max_in_flight_events", d.MaxInFlightEvents, 1, 10_000_000),
            RetryAfterSeconds = n.Int("retry_after_s", d.RetryAfterSeconds, 1, 3600),
            BulkMaxEvents = n.Int("bulk_max_events", d.BulkMaxEvents, 1, 100_000),
            BulkConcurrency = n.Int("bulk_concurrency", d.BulkConcurrency, 1, 64),
            MaxUpdateAttempts = n.Int("max_update_attempts", d.MaxUpdateAttempts, 1, 1000),
            StoreTimeoutMs = n.Int("store_timeout_ms", d.StoreTimeoutMs, 10, 600_000),
            MaxFutureSkewSeconds = n.Int("max_future_skew_s", d.MaxFutureSkewSeconds, 0, 86_400),
        };
        n.ReportUnknownKeys();
        return r;
    }

    private static MaintenanceOptions ReadMaintenance(ConfigNode n)
    {
        var d = new MaintenanceOptions();
        var r = new MaintenanceOptions
        {
            RecoveryIntervalSeconds = n.Int("recovery_interval_s", d.RecoveryIntervalSeconds, 0, 86_400),
            PendingGraceSeconds = n.Int("pending_grace_s", d.PendingGraceSeconds, 0, 86_400),
            RetentionSweepMinutes = n.Int("retention_sweep_interval_min", d.RetentionSweepMinutes, 0, 100_000),
        };
        n.ReportUnknownKeys();
        return r;
    }
}
