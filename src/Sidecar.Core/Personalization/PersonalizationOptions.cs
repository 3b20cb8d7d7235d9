namespace Sidecar.Personalization;

/// <summary>
/// Behaviour events, user profiles and their stores. YAML section <c>personalization</c>; absent means
/// personalization is off (user features may not be declared). Immutable: a reload builds a new instance.
/// Defaults are those documented in <c>config/sidecar.yaml</c>.
/// </summary>
public sealed record PersonalizationOptions
{
    /// <summary>Switch (YAML <c>enabled</c>). Off: searches are anonymous and the events API answers 404. Default true.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Elasticsearch index of behaviour events (YAML <c>events_index</c>). Default <c>rerank-events</c>.</summary>
    public string EventsIndex { get; init; } = "rerank-events";

    /// <summary>Elasticsearch index of user profiles (YAML <c>profiles_index</c>). Default <c>rerank-profiles</c>.</summary>
    public string ProfilesIndex { get; init; } = "rerank-profiles";

    /// <summary>Environment variable holding the user-id hash key (YAML <c>user_id_hash_key_env</c>). Default <c>SIDECAR_USER_ID_KEY</c>.</summary>
    public string UserIdHashKeyEnv { get; init; } = "SIDECAR_USER_ID_KEY";

    /// <summary>File holding the key, read when the variable is unset (YAML <c>user_id_hash_key_file</c>).</summary>
    public string? UserIdHashKeyFile { get; init; }

    /// <summary>The keyed hash of user ids; null when no key was found (personalization is then inactive).</summary>
    public UserIdHasher? Hasher { get; init; }

    /// <summary>Half-life of every affinity and of the interest embedding, in hours (YAML <c>half_life_hours</c>). Default 336 (14 days).</summary>
    public double HalfLifeHours { get; init; } = 336;

    /// <summary>Weight of each event type (YAML <c>event_weights</c>).</summary>
    public IReadOnlyDictionary<string, double> EventWeights { get; init; } = DefaultEventWeights;

    /// <summary>Weight of an event type not listed in <see cref="EventWeights"/> (YAML <c>default_event_weight</c>). Default 0.5.</summary>
    public double DefaultEventWeight { get; init; } = 0.5;

    /// <summary>Price band boundaries (YAML <c>price_bands</c>).</summary>
    public PriceBands PriceBands { get; init; } = PriceBands.Default;

    /// <summary>Where items keep the attributes profiles learn from (YAML <c>item_fields</c>).</summary>
    public ItemFieldNames ItemFields { get; init; } = new();

    /// <summary>How much a profile keeps (YAML <c>profile</c>).</summary>
    public ProfileLimits Limits { get; init; } = new();

    /// <summary>Events and idle profiles older than this many days are deleted (YAML <c>retention_days</c>; 0 keeps them). Default 365.</summary>
    public int RetentionDays { get; init; } = 365;

    /// <summary>Time a search waits for the user's profile, in ms (YAML <c>lookup.timeout_ms</c>). Default 20.</summary>
    public int LookupTimeoutMs { get; init; } = 20;

    /// <summary>Profiles kept in memory per process (YAML <c>lookup.cache_entries</c>; applies after a restart). Default 100000.</summary>
    public int CacheEntries { get; init; } = 100_000;

    /// <summary>How long a cached profile is trusted, in ms (YAML <c>lookup.cache_ttl_ms</c>). Default 10000.</summary>
    public int CacheTtlMs { get; init; } = 10_000;

    /// <summary>Event ingestion and profile update limits (YAML <c>ingest</c>).</summary>
    public IngestOptions Ingest { get; init; } = new();

    /// <summary>Background recovery and retention (YAML <c>maintenance</c>).</summary>
    public MaintenanceOptions Maintenance { get; init; } = new();

    /// <summary>True when personalization is on and the hash key is available.</summary>
    public bool IsActive => Enabled && Hasher is not null;

    public double HalfLifeMs => HalfLifeHours * 3_600_000.0;

    /// <summary>Events and profiles last touched before this instant are past retention (long.MinValue when kept forever).</summary>
    public long RetentionCutoffMs(long nowMs) => RetentionDays <= 0 ? long.MinValue : nowMs - (RetentionDays * 86_400_000L);

    /// <summary>The weight an event of <paramref name="type"/> adds to the affinities.</summary>
    public double WeightOf(string type) => EventWeights.TryGetValue(type, out var w) ? w : DefaultEventWeight;

    public static IReadOnlyDictionary<string, double> DefaultEventWeights { get; } = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["view"] = 0.2,
        ["click"] = 1.0,
        ["add_to_cart"] = 3.0,
        ["purchase"] = 5.0,
    };
}
