using Sidecar.Embeddings;
using Sidecar.Enrichment;
using Sidecar.Ranking;
using Sidecar.Ranking.Models;
using Sidecar.Ranking.Features;
using Sidecar.Ranking.Scoring;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sidecar.Configuration;

/// <summary>
/// Reads and validates the YAML configuration. Strict: unknown keys, wrong types, out-of-range values
/// and dangling references are all reported at once, each with its YAML path and line.
/// </summary>
public sealed class SidecarConfigLoader
{
    private readonly FeatureRegistry _features;
    private readonly ModelRegistry? _models;
    private readonly ItemEmbeddingCache? _itemCache;

    /// <param name="features">Feature types by YAML name.</param>
    /// <param name="models">Loads (and shares across reloads) the models the file names; null rejects files that need one.</param>
    /// <param name="itemCache">The in-memory item-vector cache handed to semantic features.</param>
    public SidecarConfigLoader(FeatureRegistry features, ModelRegistry? models = null, ItemEmbeddingCache? itemCache = null)
    {
        _features = features;
        _models = models;
        _itemCache = itemCache;
    }

    public SidecarOptions LoadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(path, [new ConfigError("(file)", 0, 0, $"cannot read the file: {e.Message}")]);
        }

        return Load(text, path);
    }

    public SidecarOptions Load(string yaml, string source = "inline")
    {
        var errors = new ConfigErrors();
        YamlNode? root = null;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            root = stream.Documents.Count > 0 ? stream.Documents[0].RootNode : null;
        }
        catch (YamlException e)
        {
            errors.Add("(syntax)", (int)e.Start.Line, (int)e.Start.Column, e.InnerException?.Message ?? e.Message);
            errors.ThrowIfAny(source);
        }

        var doc = new ConfigNode(root, string.Empty, errors);
        if (root is not null and not YamlMappingNode)
        {
            errors.Add(doc, "the top level must be a mapping (server, upstream, admin, request, profiles)");
            errors.ThrowIfAny(source);
        }

        var modelsNode = doc.Section("models");
        var itemCacheSize = modelsNode.Int("item_cache_size", 100_000, 0, 10_000_000);
        var embeddingOptions = EmbeddingModelConfig.Read(modelsNode);
        var embedder = LoadEmbedder(embeddingOptions, modelsNode);
        var personalization = Personalization.PersonalizationConfig.Read(doc.Section("personalization"));
        var options = new SidecarOptions
        {
            Source = source,
            Server = ReadServer(doc.Section("server")),
            Upstream = ReadUpstream(doc.Section("upstream")),
            Admin = ReadAdmin(doc.Section("admin")),
            Request = ReadRequest(doc.Section("request")),
            Resilience = Resilience.ResilienceOptions.Read(doc.Section("resilience")),
            EmbeddingModel = embeddingOptions,
            ItemCacheSize = itemCacheSize,
            Embedder = embedder,
            Profiles = ReadProfiles(doc, embedder, personalization),
            Personalization = personalization,
        };
        doc.ReportUnknownKeys();
        errors.ThrowIfAny(source);
        return options;
    }

    /// <summary><c>item_embedding: { field, text_fields, separator, max_text_chars, enrich_on_write, vectors_from, rehydrate_vectors }</c> of a profile.</summary>
    private static (ItemEmbeddingOptions Options, bool EnrichOnWrite) ReadItemEmbedding(ConfigNode n)
    {
        var d = ItemEmbeddingOptions.Default;
        var field = n.String("field", d.Field)!;
        var textFields = n.Has("text_fields") ? n.StringList("text_fields") : d.TextFields;
        var separator = n.String("separator", d.Separator) ?? d.Separator;
        var maxChars = n.Int("max_text_chars", d.MaxTextChars, 1, 100_000);
        var enrich = n.Bool("enrich_on_write", true);
        var from = n.Enum("vectors_from", "cache", "cache", "source") == "source" ? ItemVectorSource.Source : ItemVectorSource.Cache;
        var rehydrate = n.Bool("rehydrate_vectors", false);
        n.ReportUnknownKeys();
        try
        {
            return (new ItemEmbeddingOptions
            {
                Field = field, TextFields = textFields, Separator = separator, MaxTextChars = maxChars, VectorsFrom = from,
                RehydrateVectors = rehydrate,
            }, enrich);
        }
        catch (ArgumentException e)
        {
            n.Errors.Add(n, e.Message);
            return (d, enrich);
        }
    }

    private static ServerOptions ReadServer(ConfigNode n)
    {
        var d = new ServerOptions();
        var listenNode = n.Child("listen");
        var listen = listenNode.IsMissing ? d.Listen : listenNode.AsScalar() ?? d.Listen;
        if (!Uri.TryCreate(listen, UriKind.Absolute, out var u) || (u.Scheme != "http" && u.Scheme != "https"))
        {
            n.Errors.Add(listenNode, $"'{listen}' is not an http(s) URL such as http://0.0.0.0:9280");
        }

        var r = new ServerOptions
        {
            Listen = listen,
            MaxRequestBodyBytes = n.Long("max_request_body_bytes", d.MaxRequestBodyBytes, 1024, 2L * 1024 * 1024 * 1024),
            ShutdownTimeoutSeconds = n.Int("shutdown_timeout_s", d.ShutdownTimeoutSeconds, 0, 3600),
            ResponseBufferBytes = n.Long("response_buffer_bytes", d.ResponseBufferBytes, 16 * 1024, 64L * 1024 * 1024),
            InlineIo = n.Bool("inline_io", d.InlineIo),
            ManagementListen = n.String("management_listen"),
        };
        if (r.ManagementListen is { } m && (!Uri.TryCreate(m, UriKind.Absolute, out var mu) || mu.Scheme is not ("http" or "https")))
        {
            n.Errors.Add(n.Child("management_listen"), $"'{m}' is not an http(s) URL such as http://127.0.0.1:9281");
        }
        n.ReportUnknownKeys();
        return r;
    }

    private static UpstreamOptions ReadUpstream(ConfigNode n)
    {
        var d = new UpstreamOptions();
        var urlNode = n.Child("url");
        var url = urlNode.IsMissing ? d.Url.ToString() : urlNode.AsScalar() ?? d.Url.ToString();
        var uri = ParseUpstreamUrl(url, urlNode);
        var r = new UpstreamOptions
        {
            Url = uri ?? d.Url,
            TimeoutMs = n.Int("timeout_ms", d.TimeoutMs, 100, 3_600_000),
            ConnectTimeoutMs = n.Int("connect_timeout_ms", d.ConnectTimeoutMs, 10, 600_000),
            MaxConnections = n.Int("max_connections", d.MaxConnections, 1, 100_000),
            DirectPassThrough = n.Enum("pass_through_client", "direct", "direct", "httpclient") == "direct",
            Credential = UpstreamCredential.Read(n.Section("credentials")),
            CaFile = n.String("ca_file"),
        };
        if (r.CaFile is { } ca && !File.Exists(ca))
        {
            n.Errors.Add(n.Child("ca_file"), $"file {ca} does not exist");
        }
        n.ReportUnknownKeys();
        return r;
    }

    /// <summary>Validates an upstream URL given on the command line or in the environment, as <c>upstream.url</c> is.</summary>
    public static Uri? ParseUpstreamOverride(string url, out string? error)
    {
        var errors = new ConfigErrors();
        var uri = ParseUpstreamUrl(url, new ConfigNode(null, "upstream", errors));
        error = errors.HasErrors ? errors.All[0].Message : null;
        return uri;
    }

    internal static Uri? ParseUpstreamUrl(string url, ConfigNode n)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
        {
            n.Errors.Add(n, $"'{url}' is not an http(s) URL such as http://127.0.0.1:9200");
            return null;
        }

        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            n.Errors.Add(n, "must not contain a query, fragment or credentials (the sidecar's own credential is configured separately)");
            return null;
        }

        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    private static AdminOptions ReadAdmin(ConfigNode n)
    {
        var d = new AdminOptions();
        var r = new AdminOptions
        {
            ApiKeyEnv = n.String("api_key_env", d.ApiKeyEnv)!,
            ApiKeyFile = n.String("api_key_file"),
            Header = n.String("header", d.Header)!,
        };
        n.ReportUnknownKeys();
        return r;
    }

    private static RequestOptions ReadRequest(ConfigNode n)
    {
        var d = new RequestOptions();
        var r = new RequestOptions
        {
            UserHeader = n.String("user_header", d.UserHeader)!,
            ExplainHeader = n.String("explain_header", d.ExplainHeader)!,
        };
        n.ReportUnknownKeys();
        return r;
    }

    private ITextEmbedder? LoadEmbedder(EmbeddingModelOptions? options, ConfigNode models)
    {
        if (options is null)
        {
            return null;
        }

        if (_models is null)
        {
            models.Errors.Add(models.Path + ".embedding", models.Line, models.Column, "models cannot be loaded in this context");
            return null;
        }

        try
        {
            return _models.GetEmbedder(options);
        }
        catch (EmbeddingModelException e)
        {
            models.Errors.Add(models.Path + ".embedding", models.Line, models.Column, e.Message);
            return null;
        }
    }

    private List<RerankProfile> ReadProfiles(ConfigNode doc, ITextEmbedder? embedder, Personalization.PersonalizationOptions? personalization)
    {
        var profiles = new List<RerankProfile>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in doc.Items("profiles"))
        {
            var name = p.String("name", required: true) ?? "?";
            if (!names.Add(name))
            {
                p.Errors.Add(p, $"duplicate profile name '{name}'");
            }

            var indices = p.StringList("indices");
            if (indices.Count == 0)
            {
                p.Errors.Add(p.Path + ".indices", p.Line, p.Column, "at least one index pattern is required");
            }

            foreach (var i in indices)
            {
                if (string.IsNullOrWhiteSpace(i) || i.Contains(',', StringComparison.Ordinal))
                {
                    p.Errors.Add(p.Path + ".indices", p.Line, p.Column, $"'{i}' is not an index pattern (one name per list item; '*' wildcards allowed)");
                }
            }

            var window = p.Int("window", 100, 1, 10_000);
            var budget = p.Int("budget_ms", 50, 1, 60_000);
            var (itemEmbedding, enrichOnWrite) = ReadItemEmbedding(p.Section("item_embedding"));
            var buildContext = new FeatureBuildContext
            {
                Embedder = embedder, ItemEmbedding = itemEmbedding, ItemCache = _itemCache, Personalization = personalization,
            };
            var features = new List<IFeature>();
            var featureNames = new HashSet<string>(StringComparer.Ordinal);
            var featureNodes = p.Items("features");
            foreach (var f in featureNodes)
            {
                // Names are checked before the type, so a duplicate is reported even when its type is wrong too.
                if (f.String("name") is { } featureName && !featureNames.Add(featureName))
                {
                    f.Errors.Add(f, $"duplicate feature name '{featureName}' in profile '{name}'");
                }

                if (_features.Create(f, buildContext) is { } feature)
                {
                    features.Add(feature);
                }
            }

            if (featureNodes.Count == 0)
            {
                p.Errors.Add(p.Path + ".features", p.Line, p.Column, "at least one feature is required");
            }

            var query = QueryUnderstanding.Read(p.Section("query"));
            var model = RerankerFactory.Read(p);
            p.ReportUnknownKeys();
            var patterns = indices.Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => new IndexPattern(i.Trim())).ToArray();
            profiles.Add(new RerankProfile(name, patterns, window, budget, RerankerFactory.Create(features, model, p))
            {
                Query = query,
                ItemEmbedding = itemEmbedding,
                EnrichOnWrite = enrichOnWrite && embedder is not null,
            });
        }

        return profiles;
    }
}
