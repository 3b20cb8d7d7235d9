using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sidecar.Configuration;
using Sidecar.Enrichment;
using Sidecar.Personalization;
using Sidecar.Ranking.Features;
using Sidecar.Ranking.Models;
using Sidecar.Resilience;
using Sidecar.Tests.Infrastructure;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sidecar.Tests.Configuration;

/// <summary>
/// config/sidecar.schema.json against the shipped YAML and against the loader: every key of the shipped files
/// (commented-out examples included) is declared; at every object the schema closes, the loader rejects an
/// unknown key too and knows exactly the keys the schema declares; defaults match the C# defaults.
/// </summary>
public sealed class ConfigSchemaTests
{
    private const string UnknownKey = "zz_unknown_key";

    private static readonly Regex KnownHere = new(@"unknown key \(known here: (?<keys>[^)]*)\)", RegexOptions.CultureInvariant);

    /// <summary>Commented-out YAML in the shipped file: "# key: value" or "# - key: value", with its indentation after the '#'.</summary>
    private static readonly Regex CommentedKey = new(@"^(?<indent>\s*)# (?<yaml>\s*(?:- )?[a-z_]+:(?: |$).*)$", RegexOptions.CultureInvariant);

    [Fact]
    public void Schema_IsDraft202012_WithResolvableRefsAndSupportedKeywordsOnly()
    {
        var schema = ConfigSchema.Load();
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema.Root.GetProperty("$schema").GetString());
        var visited = 0;
        schema.Walk((node, pointer) =>
        {
            visited++;
            foreach (var keyword in node.EnumerateObject())
            {
                Assert.True(YamlSchemaValidator.SupportedKeywords.Contains(keyword.Name), $"{pointer}: keyword '{keyword.Name}' is not one the tests check");
            }

            if (node.TryGetProperty("$ref", out var target))
            {
                schema.Resolve(target.GetString()!); // throws when dangling
            }

            var closed = node.TryGetProperty("additionalProperties", out var ap) && ap.ValueKind == JsonValueKind.False;
            if (closed && node.TryGetProperty("required", out var required))
            {
                var declared = node.GetProperty("properties");
                foreach (var name in required.EnumerateArray())
                {
                    Assert.True(declared.TryGetProperty(name.GetString()!, out _), $"{pointer}: required '{name}' is not declared");
                }
            }

            if (node.TryGetProperty("properties", out var props) && pointer != "#" && !pointer.Contains("/if", StringComparison.Ordinal))
            {
                foreach (var p in props.EnumerateObject())
                {
                    var described = p.Value.TryGetProperty("description", out _) || p.Value.TryGetProperty("$ref", out _);
                    var narrowing = pointer.Contains("/then", StringComparison.Ordinal); // re-states keys declared beside it
                    Assert.True(described || narrowing, $"{pointer}/properties/{p.Name} has no description");
                }
            }
        });
        Assert.True(visited > 100, $"only {visited} subschemas visited");
    }

    [Fact]
    public void Schema_EveryDefault_IsValidAgainstItsOwnSubschema()
    {
        var schema = ConfigSchema.Load();
        var defaults = 0;
        schema.Walk((node, pointer) =>
        {
            if (node.TryGetProperty("default", out var value))
            {
                defaults++;
                var outcome = schema.Validator.Validate(node, pointer, YamlOf(value.GetRawText()));
                Assert.True(outcome.IsValid, $"{pointer}: default {value.GetRawText()} is invalid: {string.Join("; ", outcome.Violations)}");
            }
        });
        Assert.True(defaults > 80, $"only {defaults} defaults");
    }

    [Fact]
    public void ShippedConfig_StartsWithTheEditorModeline_AndExamplesToo()
    {
        foreach (var file in Directory.GetFiles(RepoPaths.Config("examples"), "*.yaml").Append(RepoPaths.Config("sidecar.yaml")))
        {
            var first = File.ReadLines(file).First();
            var match = Regex.Match(first, @"^# yaml-language-server: \$schema=(?<path>\S+)$", RegexOptions.CultureInvariant);
            Assert.True(match.Success, $"{file}: first line is '{first}'");
            var schemaPath = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, match.Groups["path"].Value));
            Assert.Equal(RepoPaths.Config("sidecar.schema.json"), schemaPath);
        }
    }

    [Fact]
    public void ShippedConfig_EveryActiveKey_IsDeclaredAndValid()
    {
        var schema = ConfigSchema.Load();
        var outcome = schema.Validator.Validate(ParseYaml(File.ReadAllText(RepoPaths.Config("sidecar.yaml"))));
        Assert.True(outcome.IsValid, string.Join("\n", outcome.Violations));
        Assert.Contains("personalization.ingest", outcome.Locations.Keys);
        Assert.Contains("profiles[0].features[9]", outcome.Locations.Keys);
    }

    [Fact]
    public void ShippedConfig_EveryCommentedOutKey_IsDeclaredAndValid()
    {
        var (text, uncommented) = Uncomment(File.ReadAllLines(RepoPaths.Config("sidecar.yaml")));
        Assert.True(uncommented >= 25, $"only {uncommented} commented-out keys found");
        var schema = ConfigSchema.Load();
        var outcome = schema.Validator.Validate(ParseYaml(text));
        Assert.True(outcome.IsValid, string.Join("\n", outcome.Violations) + "\n" + text);

        // The commented-out examples really were read: sections and keys only they have.
        var paths = AllKeyPaths(ParseYaml(text));
        foreach (var expected in new[]
                 {
                     "upstream.credentials.api_key_env", "upstream.credentials.username", "admin.api_key_file",
                     "personalization.user_id_hash_key_file", "models.embedding.bundle", "models.embedding.model_path",
                     "models.embedding.vocab_path", "models.embedding.pooling", "models.embedding.query_prefix",
                     "profiles[0].ranking_model.path", "profiles[0].ranking_model.threads", "profiles[0].features[3].min",
                     "profiles[0].features[5].field", "profiles[0].features[10].origin", "profiles[0].features[11].values",
                 })
        {
            Assert.Contains(expected, paths);
        }
    }

    [Fact]
    public void Examples_MinimalIsValid_BrokenIsRejectedAtTheSamePathsAsByTheLoader()
    {
        var schema = ConfigSchema.Load();
        var minimal = schema.Validator.Validate(ParseYaml(File.ReadAllText(RepoPaths.Config("examples/minimal.yaml"))));
        Assert.True(minimal.IsValid, string.Join("\n", minimal.Violations));

        var broken = schema.Validator.Validate(ParseYaml(File.ReadAllText(RepoPaths.Config("examples/broken.yaml"))));
        using var models = FakeModels();
        var e = Assert.Throws<ConfigException>(() => Loader(models).LoadFile(RepoPaths.Config("examples/broken.yaml")));

        // A schema cannot see duplicate names across list items; everything else both must flag, at the same path.
        var byLoader = e.Errors.Where(x => !x.Message.StartsWith("duplicate", StringComparison.Ordinal)).Select(x => x.Path).Distinct().Order(StringComparer.Ordinal);
        var bySchema = broken.Violations.Select(x => x.Path).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(byLoader, bySchema);
    }

    [Fact]
    public void FeatureTypes_SchemaEnum_IsTheRegistry()
    {
        var schema = ConfigSchema.Load();
        var declared = schema.Resolve("#/$defs/feature").GetProperty("properties").GetProperty("type").GetProperty("enum")
            .EnumerateArray().Select(x => x.GetString()!).Order(StringComparer.Ordinal);
        Assert.Equal(FeatureRegistry.CreateDefault().Types, declared);
    }

    /// <summary>
    /// At every object the schema closes (additionalProperties/unevaluatedProperties false), a document with one
    /// unknown key there is rejected by the loader with that path, and the keys the loader says it knows there are
    /// exactly the keys the schema declares there (per feature type for features). Every closed object of the
    /// schema is probed.
    /// </summary>
    [Fact]
    public void EveryClosedSchemaObject_LoaderRejectsUnknownKeys_AndKnowsExactlyTheDeclaredKeys()
    {
        var schema = ConfigSchema.Load();
        using var files = new TempFiles();
        var yaml = FullDocument(files);
        var baseline = schema.Validator.Validate(ParseYaml(yaml));
        Assert.True(baseline.IsValid, string.Join("\n", baseline.Violations));

        using var models = FakeModels();
        var loader = Loader(models);
        var baseErrors = Assert.Throws<ConfigException>(() => loader.Load(yaml)).Errors;
        Assert.Equal("profiles[0].ranking_model.path", Assert.Single(baseErrors).Path); // the only file the test does not provide

        var probed = new HashSet<string>(StringComparer.Ordinal);
        var mismatches = new List<string>();
        foreach (var (path, location) in baseline.Locations.Where(l => l.Value.IsClosed).OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            var probe = WithUnknownKey(yaml, path);
            var unknownPath = path.Length == 0 ? UnknownKey : path + "." + UnknownKey;

            var bySchema = schema.Validator.Validate(ParseYaml(probe));
            Assert.Contains(bySchema.Violations, v => v.Path == unknownPath);

            var byLoader = Assert.Throws<ConfigException>(() => loader.Load(probe)).Errors.Where(x => x.Path == unknownPath).ToList();
            var error = Assert.Single(byLoader);
            var known = KnownHere.Match(error.Message);
            Assert.True(known.Success, error.Message);
            var loaderKeys = known.Groups["keys"].Value.Split(", ").Order(StringComparer.Ordinal).ToList();
            var schemaKeys = location.Declared.Order(StringComparer.Ordinal).ToList();
            if (!loaderKeys.SequenceEqual(schemaKeys))
            {
                mismatches.Add($"{(path.Length == 0 ? "(root)" : path)}: loader knows [{string.Join(", ", loaderKeys)}], schema declares [{string.Join(", ", schemaKeys)}]");
            }

            probed.UnionWith(location.ClosedBy);
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        var closedInSchema = new List<string>();
        schema.Walk((node, pointer) =>
        {
            if ((node.TryGetProperty("additionalProperties", out var ap) && ap.ValueKind == JsonValueKind.False)
                || (node.TryGetProperty("unevaluatedProperties", out var up) && up.ValueKind == JsonValueKind.False))
            {
                closedInSchema.Add(pointer);
            }
        });
        Assert.Empty(closedInSchema.Except(probed));
        Assert.True(probed.Count >= 25, string.Join(", ", probed));
    }

    [Fact]
    public void FullDocument_DeclaresEveryFeatureType()
    {
        using var files = new TempFiles();
        var doc = ParseYaml(FullDocument(files));
        var features = (YamlSequenceNode)((YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)doc!)["profiles"])[0])["features"];
        var declared = features.Cast<YamlMappingNode>().Select(f => ((YamlScalarNode)f["type"]).Value!).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(FeatureRegistry.CreateDefault().Types, declared);
    }

    [Fact]
    public void Defaults_MatchTheOptionRecords()
    {
        var schema = ConfigSchema.Load();
        var server = new ServerOptions();
        var upstream = new UpstreamOptions();
        var admin = new AdminOptions();
        var request = new RequestOptions();
        var resilience = new ResilienceOptions();
        var personalization = new PersonalizationOptions();
        var ingest = new IngestOptions();
        var maintenance = new MaintenanceOptions();
        var limits = new ProfileLimits();
        var fields = new ItemFieldNames();
        var item = ItemEmbeddingOptions.Default;

        var expected = new (string Pointer, object Value)[]
        {
            ("server/properties/listen", server.Listen),
            ("server/properties/max_request_body_bytes", server.MaxRequestBodyBytes),
            ("server/properties/shutdown_timeout_s", server.ShutdownTimeoutSeconds),
            ("server/properties/response_buffer_bytes", server.ResponseBufferBytes),
            ("server/properties/inline_io", server.InlineIo),
            ("upstream/properties/timeout_ms", upstream.TimeoutMs),
            ("upstream/properties/connect_timeout_ms", upstream.ConnectTimeoutMs),
            ("upstream/properties/max_connections", upstream.MaxConnections),
            ("upstream/properties/pass_through_client", upstream.DirectPassThrough ? "direct" : "httpclient"),
            ("admin/properties/api_key_env", admin.ApiKeyEnv),
            ("admin/properties/header", admin.Header),
            ("request/properties/user_header", request.UserHeader),
            ("request/properties/explain_header", request.ExplainHeader),
            ("resilience/properties/search/properties/attempt_timeout_ms", resilience.SearchAttemptTimeoutMs),
            ("resilience/properties/search/properties/total_timeout_ms", resilience.SearchTotalTimeoutMs),
            ("resilience/properties/search/properties/retries", resilience.SearchRetries),
            ("resilience/properties/search/properties/retry_backoff_ms", resilience.SearchRetryBackoffMs),
            ("resilience/properties/breaker/properties/failure_ratio", resilience.BreakerFailureRatio),
            ("resilience/properties/breaker/properties/minimum_throughput", resilience.BreakerMinimumThroughput),
            ("resilience/properties/breaker/properties/sampling_ms", resilience.BreakerSamplingMs),
            ("resilience/properties/breaker/properties/break_ms", resilience.BreakerBreakMs),
            ("resilience/properties/model/properties/max_concurrency", resilience.ModelMaxConcurrency),
            ("resilience/properties/model/properties/queue_limit", resilience.ModelQueueLimit),
            ("personalization/properties/enabled", personalization.Enabled),
            ("personalization/properties/events_index", personalization.EventsIndex),
            ("personalization/properties/profiles_index", personalization.ProfilesIndex),
            ("personalization/properties/user_id_hash_key_env", personalization.UserIdHashKeyEnv),
            ("personalization/properties/half_life_hours", personalization.HalfLifeHours),
            ("personalization/properties/default_event_weight", personalization.DefaultEventWeight),
            ("personalization/properties/retention_days", personalization.RetentionDays),
            ("personalization/properties/event_weights", PersonalizationOptions.DefaultEventWeights),
            ("personalization/properties/price_bands", PriceBands.Default.Bounds),
            ("personalization/properties/item_fields/properties/category", fields.Category),
            ("personalization/properties/item_fields/properties/brand", fields.Brand),
            ("personalization/properties/item_fields/properties/price", fields.Price),
            ("personalization/properties/profile/properties/max_affinities", limits.MaxAffinities),
            ("personalization/properties/profile/properties/recent_items", limits.RecentItems),
            ("personalization/properties/profile/properties/recent_queries", limits.RecentQueries),
            ("personalization/properties/profile/properties/applied_ids", limits.AppliedIds),
            ("personalization/properties/lookup/properties/timeout_ms", personalization.LookupTimeoutMs),
            ("personalization/properties/lookup/properties/cache_entries", personalization.CacheEntries),
            ("personalization/properties/lookup/properties/cache_ttl_ms", personalization.CacheTtlMs),
            ("personalization/properties/ingest/properties/max_events_per_request", ingest.MaxEventsPerRequest),
            ("personalization/properties/ingest/properties/max_in_flight_events", ingest.MaxInFlightEvents),
            ("personalization/properties/ingest/properties/retry_after_s", ingest.RetryAfterSeconds),
            ("personalization/properties/ingest/properties/bulk_max_events", ingest.BulkMaxEvents),
            ("personalization/properties/ingest/properties/bulk_concurrency", ingest.BulkConcurrency),
            ("personalization/properties/ingest/properties/max_update_attempts", ingest.MaxUpdateAttempts),
            ("personalization/properties/ingest/properties/store_timeout_ms", ingest.StoreTimeoutMs),
            ("personalization/properties/ingest/properties/max_future_skew_s", ingest.MaxFutureSkewSeconds),
            ("personalization/properties/maintenance/properties/recovery_interval_s", maintenance.RecoveryIntervalSeconds),
            ("personalization/properties/maintenance/properties/pending_grace_s", maintenance.PendingGraceSeconds),
            ("personalization/properties/maintenance/properties/retention_sweep_interval_min", maintenance.RetentionSweepMinutes),
            ("item_embedding/properties/field", item.Field),
            ("item_embedding/properties/text_fields", item.TextFields),
            ("item_embedding/properties/separator", item.Separator),
            ("item_embedding/properties/max_text_chars", item.MaxTextChars),
        };

        foreach (var (pointer, value) in expected)
        {
            AssertDefault(schema, "#/$defs/" + pointer, value);
        }

        Assert.Equal(upstream.Url, new Uri(DefaultOf(schema, "#/$defs/upstream/properties/url").GetString()!));
    }

    [Fact]
    public void Defaults_MatchWhatTheLoaderApplies()
    {
        var schema = ConfigSchema.Load();
        using var models = FakeModels();
        var options = Loader(models).Load("""
            models: { embedding: {} }
            profiles:
              - name: p
                indices: [i]
                features:
                  - { name: a, type: first_stage_score }
                  - { name: b, type: text_match }
            """);
        var profile = Assert.Single(options.Profiles);
        AssertDefault(schema, "#/$defs/profile/properties/window", profile.Window);
        AssertDefault(schema, "#/$defs/profile/properties/budget_ms", profile.BudgetMs);
        AssertDefault(schema, "#/$defs/item_embedding/properties/enrich_on_write", profile.EnrichOnWrite);
        AssertDefault(schema, "#/$defs/item_embedding/properties/text_fields", profile.ItemEmbedding.TextFields);
        AssertDefault(schema, "#/$defs/feature/properties/weight", profile.Reranker.Features[0].Weight);
        AssertDefault(schema, "#/$defs/feature_text_match/properties/fields", profile.Reranker.Features[1].SourceFields);

        var model = options.EmbeddingModel!;
        AssertDefault(schema, "#/$defs/embedding_model/properties/preset", model.Name);
        AssertDefault(schema, "#/$defs/embedding_model/properties/max_query_tokens", model.MaxQueryTokens);
        AssertDefault(schema, "#/$defs/embedding_model/properties/threads", model.IntraOpThreads);
        AssertDefault(schema, "#/$defs/embedding_model/properties/query_cache_size", model.QueryCacheSize);
        AssertDefault(schema, "#/$defs/embedding_model/properties/document_prefix", model.DocumentPrefix);
        Assert.Equal(512, model.MaxDocumentTokens); // preset-dependent: the description says 512 for arctic-embed-xs
        Assert.Contains("512 for arctic-embed-xs", schema.Resolve("#/$defs/embedding_model/properties/max_document_tokens").GetProperty("description").GetString()!, StringComparison.Ordinal);
        Assert.Equal(Environment.ProcessorCount, model.MaxConcurrency);
    }

    /// <summary>A document with every section, every key and every feature type, all valid; paths of the files it names come from <paramref name="files"/>.</summary>
    internal static string FullDocument(TempFiles files) => $$"""
        server:
          listen: http://127.0.0.1:9280
          management_listen: http://127.0.0.1:9281
          max_request_body_bytes: 1048576
          shutdown_timeout_s: 5
        upstream:
          url: https://es.internal:9200
          timeout_ms: 1000
          connect_timeout_ms: 100
          max_connections: 8
          ca_file: {{files.Ca}}
          credentials:
            api_key_env: SIDECAR_SCHEMA_TEST_UNSET_1
            api_key_file: {{files.Secret}}
            username: sidecar
            password_env: SIDECAR_SCHEMA_TEST_UNSET_2
            password_file: {{files.Secret}}
        admin:
          api_key_env: SIDECAR_SCHEMA_TEST_UNSET_3
          api_key_file: {{files.Secret}}
          header: X-Admin-Key
        request:
          user_header: X-User
          explain_header: X-Explain
        resilience:
          search: { attempt_timeout_ms: 100, total_timeout_ms: 200, retries: 1, retry_backoff_ms: 5 }
          breaker: { failure_ratio: 0.25, minimum_throughput: 10, sampling_ms: 1000, break_ms: 1000 }
          model: { max_concurrency: 1, queue_limit: 4 }
        models:
          embedding:
            preset: custom
            name: test-model
            bundle: models/none.bundle.dll
            model_path: /models/model.onnx
            vocab_path: /models/vocab.txt
            pooling: mean
            query_prefix: "query: "
            document_prefix: "passage: "
            max_query_tokens: 32
            max_document_tokens: 128
            threads: 1
            max_concurrency: 1
            query_cache_size: 10
        personalization:
          enabled: true
          events_index: test-events
          profiles_index: test-profiles
          user_id_hash_key_env: SIDECAR_SCHEMA_TEST_UNSET_4
          user_id_hash_key_file: {{files.Secret}}
          half_life_hours: 24
          event_weights: { view: 0.1, wishlist: 2 }
          default_event_weight: 0.5
          price_bands: [10, 20.5]
          item_fields: { category: cat, brand: maker, price: cost }
          profile: { max_affinities: 10, recent_items: 5, recent_queries: 5, applied_ids: 10 }
          retention_days: 30
          lookup: { timeout_ms: 5, cache_entries: 10, cache_ttl_ms: 100 }
          ingest:
            max_events_per_request: 10
            max_in_flight_events: 10
            retry_after_s: 2
            bulk_max_events: 10
            bulk_concurrency: 1
            max_update_attempts: 2
            store_timeout_ms: 100
            max_future_skew_s: 10
          maintenance: { recovery_interval_s: 0, pending_grace_s: 1, retention_sweep_interval_min: 0 }
        profiles:
          - name: products
            indices: [products, "catalog-*"]
            window: 50
            budget_ms: 20
            item_embedding: { field: vec, text_fields: [title, brand], separator: " / ", max_text_chars: 500, enrich_on_write: false }
            query:
              stop_words: { add: [the], remove: [a], builtin: true }
              expansion:
                enabled: true
                fields: ["title^2", brand]
                boost: 0.5
                max_keywords: 3
                related_terms: { tv: [television], laptop: notebook }
            ranking_model: { path: /nonexistent/ranker.onnx, input: features, output: score, threads: 1 }
            features:
              - { name: bm25, type: first_stage_score, normalize: reciprocal_rank, weight: 0.1, missing: 0 }
              - { name: rating, type: numeric_field, field: rating, transform: log1p, min: 0, max: 5, normalize: z_score }
              - { name: near, type: decay, field: price, function: exp, origin: 50, scale: 25, offset: 5, decay: 0.5 }
              - { name: fresh, type: decay, field: released, origin: now, scale: 30d, offset: 1d }
              - { name: text, type: text_match, fields: [title] }
              - { name: brands, type: field_value_boost, field: brand, values: { Sony: 1, Bose: 0.5 }, case_sensitive: true }
              - { name: colours, type: field_value_boost, field: colour, values: [red, blue] }
              - { name: semantic, type: semantic_similarity, normalize: min_max, missing: 0 }
              - { name: ucat, type: user_category_affinity, field: category, combine: deepest }
              - { name: ubrand, type: user_brand_affinity, field: brand }
              - { name: uprice, type: user_price_fit, field: price, neighbor_weight: 0.25 }
              - { name: uinterest, type: user_interest_similarity, normalize: min_max }
              - { name: seen, type: recently_interacted, types: { purchase: -1, click: 0.1 }, half_life_hours: 12, match_index: true }
        """;

    /// <summary>A loader whose embedding models are deterministic test embedders (no model file is read).</summary>
    internal static SidecarConfigLoader Loader(ModelRegistry models) => new(FeatureRegistry.CreateDefault(), models);

    internal static ModelRegistry FakeModels() => new(_ => new HashEmbedder());

    internal static YamlNode? ParseYaml(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Count > 0 ? stream.Documents[0].RootNode : null;
    }

    /// <summary>The shipped file with its commented-out keys turned into YAML (and how many lines were).</summary>
    internal static (string Text, int Uncommented) Uncomment(IEnumerable<string> lines)
    {
        var count = 0;
        var result = lines.Select(line =>
        {
            var m = CommentedKey.Match(line);
            if (!m.Success)
            {
                return line;
            }

            count++;
            return m.Groups["indent"].Value + m.Groups["yaml"].Value;
        }).ToList();
        return (string.Join('\n', result), count);
    }

    private static HashSet<string> AllKeyPaths(YamlNode? node)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        void Visit(YamlNode? n, string path)
        {
            switch (n)
            {
                case YamlMappingNode map:
                    foreach (var (k, v) in map.Children)
                    {
                        var p = path.Length == 0 ? ((YamlScalarNode)k).Value! : path + "." + ((YamlScalarNode)k).Value;
                        paths.Add(p);
                        Visit(v, p);
                    }

                    break;
                case YamlSequenceNode seq:
                    for (var i = 0; i < seq.Children.Count; i++)
                    {
                        Visit(seq.Children[i], $"{path}[{i}]");
                    }

                    break;
            }
        }

        Visit(node, string.Empty);
        return paths;
    }

    /// <summary><paramref name="yaml"/> with <see cref="UnknownKey"/> added to the mapping at <paramref name="path"/> (loader path syntax).</summary>
    private static string WithUnknownKey(string yaml, string path)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        YamlNode node = stream.Documents[0].RootNode;
        foreach (Match segment in Regex.Matches(path, @"(?<key>[^.\[\]]+)|\[(?<index>[0-9]+)\]", RegexOptions.CultureInvariant))
        {
            node = segment.Groups["key"].Success
                ? ((YamlMappingNode)node)[segment.Groups["key"].Value]
                : ((YamlSequenceNode)node)[int.Parse(segment.Groups["index"].Value, CultureInfo.InvariantCulture)];
        }

        ((YamlMappingNode)node).Add(UnknownKey, "1");
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        stream.Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    private static YamlNode YamlOf(string json) => ParseYaml(json) ?? new YamlScalarNode("null") { Style = ScalarStyle.Plain };

    private static JsonElement DefaultOf(ConfigSchema schema, string pointer)
    {
        Assert.True(schema.Resolve(pointer).TryGetProperty("default", out var value), $"{pointer} has no default");
        return value;
    }

    private static void AssertDefault(ConfigSchema schema, string pointer, object expected)
    {
        var actual = DefaultOf(schema, pointer);
        switch (expected)
        {
            case string s:
                Assert.True(s == actual.GetString(), $"{pointer}: schema {actual.GetRawText()}, code \"{s}\"");
                break;
            case bool b:
                Assert.True(b == actual.GetBoolean(), $"{pointer}: schema {actual.GetRawText()}, code {b}");
                break;
            case int or long or double:
                var d = Convert.ToDouble(expected, CultureInfo.InvariantCulture);
                Assert.True(d == actual.GetDouble(), $"{pointer}: schema {actual.GetRawText()}, code {d.ToString(CultureInfo.InvariantCulture)}");
                break;
            case IReadOnlyDictionary<string, double> map:
                var schemaMap = actual.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.Ordinal);
                Assert.Equal(map.OrderBy(p => p.Key, StringComparer.Ordinal), schemaMap.OrderBy(p => p.Key, StringComparer.Ordinal));
                break;
            case IReadOnlyList<string> list:
                Assert.Equal(list, actual.EnumerateArray().Select(x => x.GetString()!));
                break;
            case IReadOnlyList<double> numbers:
                Assert.Equal(numbers, actual.EnumerateArray().Select(x => x.GetDouble()));
                break;
            default:
                Assert.Fail($"{pointer}: cannot compare a {expected.GetType().Name}");
                break;
        }
    }
}

/// <summary>Files a configuration names (a CA file, a secret of 32 characters), deleted afterwards.</summary>
internal sealed class TempFiles : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sidecar-schema-").FullName;

    public TempFiles()
    {
        Ca = Path.Combine(_dir, "ca.pem");
        Secret = Path.Combine(_dir, "secret");
        File.WriteAllText(Ca, "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
        File.WriteAllText(Secret, "0123456789abcdef0123456789abcdef");
    }

    public string Ca { get; }

    public string Secret { get; }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}

/// <summary>config/sidecar.schema.json, parsed once.</summary>
internal sealed class ConfigSchema
{
    private static readonly Lazy<ConfigSchema> Shipped = new(() => new ConfigSchema(File.ReadAllText(RepoPaths.Config("sidecar.schema.json"))));

    private readonly JsonDocument _document;

    private ConfigSchema(string json)
    {
        _document = JsonDocument.Parse(json);
        Validator = new YamlSchemaValidator(Root);
    }

    public JsonElement Root => _document.RootElement;

    public YamlSchemaValidator Validator { get; }

    public static ConfigSchema Load() => Shipped.Value;

    public JsonElement Resolve(string pointer) => Validator.Resolve(pointer);

    /// <summary>Calls <paramref name="visit"/> for every subschema (JSON pointer in '#/...' form), the root included.</summary>
    public void Walk(Action<JsonElement, string> visit)
    {
        void Visit(JsonElement node, string pointer)
        {
            if (node.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            visit(node, pointer);
            foreach (var p in node.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "properties" or "$defs" or "dependentSchemas":
                        foreach (var child in p.Value.EnumerateObject())
                        {
                            Visit(child.Value, $"{pointer}/{p.Name}/{child.Name}");
                        }

                        break;
                    case "allOf" or "anyOf" or "oneOf":
                        var i = 0;
                        foreach (var child in p.Value.EnumerateArray())
                        {
                            Visit(child, $"{pointer}/{p.Name}/{i++}");
                        }

                        break;
                    case "additionalProperties" or "unevaluatedProperties" or "items" or "contains" or "propertyNames" or "if" or "then" or "else" or "not":
                        Visit(p.Value, $"{pointer}/{p.Name}");
                        break;
                }
            }
        }

        Visit(Root, "#");
    }
}

internal sealed record SchemaViolation(string Path, string Message)
{
    public override string ToString() => $"{(Path.Length == 0 ? "(root)" : Path)}: {Message}";
}

/// <summary>What the schema says about one mapping of a document.</summary>
internal sealed class SchemaLocation
{
    /// <summary>Keys the applicable subschemas declare (<c>properties</c>).</summary>
    public HashSet<string> Declared { get; } = new(StringComparer.Ordinal);

    /// <summary>Pointers of the applicable subschemas that reject undeclared keys.</summary>
    public HashSet<string> ClosedBy { get; } = new(StringComparer.Ordinal);

    public bool IsClosed => ClosedBy.Count > 0;

    public void Merge(SchemaLocation other)
    {
        Declared.UnionWith(other.Declared);
        ClosedBy.UnionWith(other.ClosedBy);
    }
}

internal sealed class SchemaOutcome
{
    public List<SchemaViolation> Violations { get; } = [];

    /// <summary>Keys of the current mapping evaluated so far (for unevaluatedProperties).</summary>
    public HashSet<string> Evaluated { get; } = new(StringComparer.Ordinal);

    /// <summary>Every mapping of the document by loader-style path ("profiles[0].features[2]"; "" is the root).</summary>
    public Dictionary<string, SchemaLocation> Locations { get; } = new(StringComparer.Ordinal);

    public bool IsValid => Violations.Count == 0;

    public void Fail(string path, string message) => Violations.Add(new SchemaViolation(path, message));

    /// <summary>Another subschema applied to the same instance: its errors, evaluated keys and locations.</summary>
    public void AbsorbSame(SchemaOutcome other)
    {
        Violations.AddRange(other.Violations);
        if (other.IsValid)
        {
            Evaluated.UnionWith(other.Evaluated);
        }

        AbsorbLocations(other);
    }

    /// <summary>A child instance: its errors and locations.</summary>
    public void AbsorbChild(SchemaOutcome other)
    {
        Violations.AddRange(other.Violations);
        AbsorbLocations(other);
    }

    public void AddLocation(string path, SchemaLocation location)
    {
        if (Locations.TryGetValue(path, out var existing))
        {
            existing.Merge(location);
        }
        else
        {
            Locations[path] = location;
        }
    }

    private void AbsorbLocations(SchemaOutcome other)
    {
        foreach (var (path, location) in other.Locations)
        {
            AddLocation(path, location);
        }
    }
}

/// <summary>
/// The JSON Schema (2020-12) keywords config/sidecar.schema.json uses, applied to a YAML document as an editor
/// does (YAML 1.2 core types: plain scalars are null, booleans, numbers or strings; quoted ones are strings).
/// Integers must be written as integers, as the loader requires. Unknown keywords are an error, so the schema
/// cannot rely on a rule these tests ignore. Paths are reported as the loader reports them.
/// </summary>
internal sealed class YamlSchemaValidator
{
    public static readonly HashSet<string> SupportedKeywords = new(StringComparer.Ordinal)
    {
        "$schema", "$defs", "$ref", "$comment", "title", "description", "default", "examples",
        "type", "enum", "const", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "pattern",
        "properties", "additionalProperties", "unevaluatedProperties", "propertyNames", "required", "minProperties",
        "dependentRequired", "dependentSchemas", "items", "minItems", "contains", "allOf", "anyOf", "oneOf", "if", "then", "else",
    };

    private static readonly Regex YamlInteger = new(@"^[-+]?[0-9]+$", RegexOptions.CultureInvariant);
    private static readonly Regex YamlFloat = new(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant);

    private readonly JsonElement _root;
    private readonly Dictionary<string, Regex> _patterns = new(StringComparer.Ordinal);

    public YamlSchemaValidator(JsonElement root) => _root = root;

    public SchemaOutcome Validate(YamlNode? document) => Validate(_root, "#", document, string.Empty);

    public SchemaOutcome Validate(JsonElement schema, string pointer, YamlNode? node) => Validate(schema, pointer, node, string.Empty);

    public JsonElement Resolve(string pointer)
    {
        if (!pointer.StartsWith('#'))
        {
            throw new InvalidOperationException($"only local references are supported: {pointer}");
        }

        var node = _root;
        foreach (var part in pointer[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!node.TryGetProperty(part, out node))
            {
                throw new InvalidOperationException($"dangling reference {pointer}");
            }
        }

        return node;
    }

    private SchemaOutcome Validate(JsonElement schema, string pointer, YamlNode? node, string path)
    {
        var o = new SchemaOutcome();
        if (schema.ValueKind == JsonValueKind.True)
        {
            return o;
        }

        if (schema.ValueKind == JsonValueKind.False)
        {
            o.Fail(path, "no value is allowed here");
            return o;
        }

        var map = node as YamlMappingNode;
        var location = map is null ? null : new SchemaLocation();
        var kind = Kind(node);
        foreach (var keyword in schema.EnumerateObject())
        {
            var value = keyword.Value;
            switch (keyword.Name)
            {
                case "$schema" or "$defs" or "$comment" or "title" or "description" or "default" or "examples":
                case "then" or "else" or "additionalProperties" or "unevaluatedProperties":
                    break; // annotations, or applied together with another keyword below
                case "$ref":
                    o.AbsorbSame(Validate(Resolve(value.GetString()!), value.GetString()!, node, path));
                    break;
                case "type":
                    var types = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Select(t => t.GetString()!).ToArray() : [value.GetString()!];
                    if (!types.Any(t => t == kind || (t == "number" && kind == "integer")))
                    {
                        o.Fail(path, $"expected {string.Join(" or ", types)}, got {kind} '{Text(node)}'");
                    }

                    break;
                case "enum":
                    if (!value.EnumerateArray().Any(v => EqualsJson(node, kind, v)))
                    {
                        o.Fail(path, $"'{Text(node)}' is not one of: {string.Join(", ", value.EnumerateArray().Select(v => v.ToString()))}");
                    }

                    break;
                case "const":
                    if (!EqualsJson(node, kind, value))
                    {
                        o.Fail(path, $"must be {value}");
                    }

                    break;
                case "minimum" or "maximum" or "exclusiveMinimum" or "exclusiveMaximum":
                    if (kind is "integer" or "number" && Number(node) is { } x)
                    {
                        var limit = value.GetDouble();
                        var ok = keyword.Name switch
                        {
                            "minimum" => x >= limit,
                            "maximum" => x <= limit,
                            "exclusiveMinimum" => x > limit,
                            _ => x < limit,
                        };
                        if (!ok)
                        {
                            o.Fail(path, $"{Text(node)} violates {keyword.Name} {value}");
                        }
                    }

                    break;
                case "minLength":
                    if (kind == "string" && Text(node).Length < value.GetInt32())
                    {
                        o.Fail(path, $"shorter than {value}");
                    }

                    break;
                case "pattern":
                    if (kind == "string" && !Pattern(value.GetString()!).IsMatch(Text(node)))
                    {
                        o.Fail(path, $"'{Text(node)}' does not match {value}");
                    }

                    break;
                case "properties":
                    foreach (var p in value.EnumerateObject())
                    {
                        location?.Declared.Add(p.Name);
                    }

                    if (map is not null)
                    {
                        foreach (var (k, v) in map.Children)
                        {
                            var name = Key(k);
                            if (value.TryGetProperty(name, out var propertySchema))
                            {
                                o.Evaluated.Add(name);
                                o.AbsorbChild(Validate(propertySchema, $"{pointer}/properties/{name}", v, Join(path, name)));
                            }
                        }
                    }

                    break;
                case "propertyNames":
                    if (map is not null)
                    {
                        foreach (var k in map.Children.Keys)
                        {
                            var names = Validate(value, $"{pointer}/propertyNames", new YamlScalarNode(Key(k)) { Style = ScalarStyle.DoubleQuoted }, Join(path, Key(k)));
                            o.AbsorbChild(names);
                        }
                    }

                    break;
                case "required":
                    if (map is not null)
                    {
                        foreach (var name in value.EnumerateArray().Select(r => r.GetString()!).Where(r => !Has(map, r)))
                        {
                            o.Fail(Join(path, name), "is required");
                        }
                    }

                    break;
                case "minProperties":
                    if (map is not null && map.Children.Count < value.GetInt32())
                    {
                        o.Fail(path, $"needs at least {value} entries");
                    }

                    break;
                case "dependentRequired":
                    if (map is not null)
                    {
                        foreach (var dependency in value.EnumerateObject().Where(d => Has(map, d.Name)))
                        {
                            foreach (var name in dependency.Value.EnumerateArray().Select(r => r.GetString()!).Where(r => !Has(map, r)))
                            {
                                o.Fail(Join(path, name), $"is required with {dependency.Name}");
                            }
                        }
                    }

                    break;
                case "dependentSchemas":
                    if (map is not null)
                    {
                        foreach (var dependency in value.EnumerateObject().Where(d => Has(map, d.Name)))
                        {
                            o.AbsorbSame(Validate(dependency.Value, $"{pointer}/dependentSchemas/{dependency.Name}", node, path));
                        }
                    }

                    break;
                case "items":
                    if (node is YamlSequenceNode items)
                    {
                        for (var i = 0; i < items.Children.Count; i++)
                        {
                            o.AbsorbChild(Validate(value, $"{pointer}/items", items.Children[i], $"{path}[{i}]"));
                        }
                    }

                    break;
                case "minItems":
                    if (node is YamlSequenceNode few && few.Children.Count < value.GetInt32())
                    {
                        o.Fail(path, $"needs at least {value} items");
                    }

                    break;
                case "contains":
                    if (node is YamlSequenceNode list && !list.Children.Any(item => Validate(value, $"{pointer}/contains", item, path).IsValid))
                    {
                        o.Fail(path, "no item matches");
                    }

                    break;
                case "allOf":
                    var index = 0;
                    foreach (var sub in value.EnumerateArray())
                    {
                        o.AbsorbSame(Validate(sub, $"{pointer}/allOf/{index++}", node, path));
                    }

                    break;
                case "anyOf" or "oneOf":
                    var branches = value.EnumerateArray().Select((sub, i) => Validate(sub, $"{pointer}/{keyword.Name}/{i}", node, path)).ToList();
                    var valid = branches.Where(b => b.IsValid).ToList();
                    if (valid.Count == 0 || (keyword.Name == "oneOf" && valid.Count > 1))
                    {
                        var why = schema.TryGetProperty("description", out var d) ? d.GetString() : string.Join(" | ", branches.SelectMany(b => b.Violations).Select(v => v.Message));
                        o.Fail(path, $"'{Text(node)}' matches {(valid.Count == 0 ? "none" : "more than one")} of the allowed forms ({why})");
                    }

                    foreach (var b in valid)
                    {
                        o.AbsorbSame(b);
                    }

                    break;
                case "if":
                    var condition = Validate(value, $"{pointer}/if", node, path);
                    if (condition.IsValid)
                    {
                        o.Evaluated.UnionWith(condition.Evaluated);
                        if (schema.TryGetProperty("then", out var then))
                        {
                            o.AbsorbSame(Validate(then, $"{pointer}/then", node, path));
                        }
                    }
                    else if (schema.TryGetProperty("else", out var otherwise))
                    {
                        o.AbsorbSame(Validate(otherwise, $"{pointer}/else", node, path));
                    }

                    break;
                default:
                    throw new InvalidOperationException($"schema keyword '{keyword.Name}' at {pointer} is not supported");
            }
        }

        if (map is not null && schema.TryGetProperty("additionalProperties", out var additional))
        {
            var declared = schema.TryGetProperty("properties", out var props) ? props : default;
            foreach (var (k, v) in map.Children)
            {
                var name = Key(k);
                if (declared.ValueKind == JsonValueKind.Object && declared.TryGetProperty(name, out _))
                {
                    continue;
                }

                if (additional.ValueKind == JsonValueKind.False)
                {
                    o.Fail(Join(path, name), "unknown key (not declared in the schema)");
                }
                else
                {
                    o.Evaluated.Add(name);
                    o.AbsorbChild(Validate(additional, $"{pointer}/additionalProperties", v, Join(path, name)));
                }
            }

            if (additional.ValueKind == JsonValueKind.False)
            {
                location!.ClosedBy.Add(pointer);
            }
        }

        if (map is not null && schema.TryGetProperty("unevaluatedProperties", out var unevaluated))
        {
            if (unevaluated.ValueKind != JsonValueKind.False)
            {
                throw new InvalidOperationException($"{pointer}: only unevaluatedProperties: false is supported");
            }

            foreach (var name in map.Children.Keys.Select(Key).Where(k => !o.Evaluated.Contains(k)))
            {
                o.Fail(Join(path, name), "unknown key (not declared for this feature type)");
            }

            location!.ClosedBy.Add(pointer);
        }

        if (location is not null)
        {
            o.AddLocation(path, location);
        }

        return o;
    }

    private Regex Pattern(string pattern)
    {
        if (!_patterns.TryGetValue(pattern, out var regex))
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant);
            _patterns[pattern] = regex;
        }

        return regex;
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    private static string Key(YamlNode k) => (k as YamlScalarNode)?.Value ?? "?";

    private static bool Has(YamlMappingNode map, string key) => map.Children.ContainsKey(new YamlScalarNode(key));

    private static string Text(YamlNode? node) => node is YamlScalarNode s ? s.Value ?? string.Empty : node?.NodeType.ToString() ?? "null";

    /// <summary>The JSON type of a YAML node under the YAML 1.2 core schema.</summary>
    private static string Kind(YamlNode? node)
    {
        switch (node)
        {
            case null:
                return "null";
            case YamlMappingNode:
                return "object";
            case YamlSequenceNode:
                return "array";
            case YamlScalarNode s when s.Style is ScalarStyle.Plain or ScalarStyle.Any:
                var v = s.Value ?? string.Empty;
                if (v is "" or "~" or "null" or "Null" or "NULL")
                {
                    return "null";
                }

                if (v is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
                {
                    return "boolean";
                }

                return YamlInteger.IsMatch(v) ? "integer" : YamlFloat.IsMatch(v) ? "number" : "string";
            case YamlScalarNode:
                return "string";
            default:
                return "unknown";
        }
    }

    private static double? Number(YamlNode? node) =>
        double.TryParse(Text(node), NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : null;

    private static bool EqualsJson(YamlNode? node, string kind, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => kind == "string" && Text(node) == value.GetString(),
        JsonValueKind.Number => kind is "integer" or "number" && Number(node) == value.GetDouble(),
        JsonValueKind.True => kind == "boolean" && Text(node).Equals("true", StringComparison.OrdinalIgnoreCase),
        JsonValueKind.False => kind == "boolean" && Text(node).Equals("false", StringComparison.OrdinalIgnoreCase),
        JsonValueKind.Null => kind == "null",
        _ => throw new InvalidOperationException($"enum/const values of kind {value.ValueKind} are not supported"),
    };
}
