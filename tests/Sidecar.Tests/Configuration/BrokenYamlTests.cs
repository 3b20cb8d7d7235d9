using Sidecar.Configuration;
using Sidecar.Hosting;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Configuration;

/// <summary>
/// Every broken configuration names the exact YAML path and the line to fix (wrong types, unknown keys at every
/// level, bad enums, out-of-range values, duplicates, bad URLs, missing files and variables).
/// </summary>
public sealed class BrokenYamlTests
{
    private const string Feature = "      - { name: bm25, type: first_stage_score }";

    private static readonly SidecarRuntime Runtime = new(embedderFactory: _ => new HashEmbedder());

    private static string Profile(string features = Feature, string extra = "") => $"""
        profiles:
          - name: p
            indices: [products]
        {extra}    features:
        {features}

        """;

    /// <summary>(name, yaml, expected path, expected line).</summary>
    public static TheoryData<string, string, string, int> Cases => new()
    {
        { "wrong type: integer", "server:\n  max_request_body_bytes: lots\n", "server.max_request_body_bytes", 2 },
        { "wrong type: boolean", Profile() + "    item_embedding:\n      enrich_on_write: maybe\n", "profiles[0].item_embedding.enrich_on_write", 7 },
        { "wrong type: list instead of value", "request:\n  user_header: [a, b]\n", "request.user_header", 2 },
        { "wrong type: value instead of mapping", "resilience: 5\n", "resilience", 1 },
        { "wrong type: value instead of list", "profiles:\n  - name: p\n    indices: [products]\n    features: bm25\n", "profiles[0].features", 4 },
        { "unknown key: top level", "servr:\n  listen: http://127.0.0.1:1\n", "servr", 1 },
        { "unknown key: server", "server:\n  listen: http://127.0.0.1:9280\n  lisen: x\n", "server.lisen", 3 },
        { "unknown key: upstream.credentials", "upstream:\n  credentials:\n    api_key_enve: X\n", "upstream.credentials.api_key_enve", 3 },
        { "unknown key: resilience.search", "resilience:\n  search:\n    retrys: 3\n", "resilience.search.retrys", 3 },
        { "unknown key: personalization.lookup", "personalization:\n  lookup:\n    timeout: 5\n", "personalization.lookup.timeout", 3 },
        { "unknown key: feature", Profile("      - name: bm25\n        type: first_stage_score\n        wieght: 2"), "profiles[0].features[0].wieght", 7 },
        { "bad enum: normalize", Profile("      - { name: bm25, type: first_stage_score, normalize: sideways }"), "profiles[0].features[0].normalize", 5 },
        { "bad enum: feature type", Profile("      - { name: x, type: page_rank }"), "profiles[0].features[0].type", 5 },
        { "bad enum: model preset", "models:\n  embedding:\n    preset: gpt-9\n", "models.embedding.preset", 3 },
        { "out of range: upstream.timeout_ms", "upstream:\n  timeout_ms: 5\n", "upstream.timeout_ms", 2 },
        { "out of range: breaker.failure_ratio", "resilience:\n  breaker:\n    failure_ratio: 1.5\n", "resilience.breaker.failure_ratio", 3 },
        { "out of range: profile window", Profile(extra: "    window: 0\n"), "profiles[0].window", 4 },
        { "inconsistent: total < attempt timeout", "resilience:\n  search:\n    attempt_timeout_ms: 500\n    total_timeout_ms: 100\n", "resilience.search", 3 },
        { "duplicate: profile names", "profiles:\n  - { name: a, indices: [x], features: [{ name: s, type: first_stage_score }] }\n  - { name: a, indices: [y], features: [{ name: s, type: first_stage_score }] }\n", "profiles[1]", 3 },
        { "duplicate: feature names", Profile(Feature + "\n" + Feature), "profiles[0].features[1]", 6 },
        { "bad URL: upstream scheme", "upstream:\n  url: ftp://es:9200\n", "upstream.url", 2 },
        { "bad URL: upstream with credentials", "upstream:\n  url: http://elastic:pw@es:9200\n", "upstream.url", 2 },
        { "bad URL: listen", "server:\n  listen: not a url\n", "server.listen", 2 },
        { "bad URL: management_listen", "server:\n  listen: http://127.0.0.1:9280\n  management_listen: tcp://x\n", "server.management_listen", 3 },
        { "missing file: ca_file", "upstream:\n  url: https://es:9200\n  ca_file: /nonexistent/ca.pem\n", "upstream.ca_file", 3 },
        { "missing file: credentials.api_key_file", "upstream:\n  credentials:\n    username: sidecar\n    api_key_file: /nonexistent/key\n", "upstream.credentials.api_key_file", 4 },
        { "missing variable: credentials.api_key_env", "upstream:\n  credentials:\n    username: sidecar\n    api_key_env: SIDECAR_TEST_SURELY_UNSET_VAR\n", "upstream.credentials.api_key_env", 4 },
        { "missing: required feature field", Profile("      - name: r\n        type: numeric_field"), "profiles[0].features[0].field", 5 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Load_BrokenSnippet_NamesExactPathAndLine(string name, string yaml, string path, int line)
    {
        var e = Assert.Throws<ConfigException>(() => Runtime.Loader.Load(yaml, "broken.yaml"));

        var error = e.Errors.FirstOrDefault(x => x.Path == path);
        Assert.True(error is not null, $"{name}: no error at {path}; got: {e.Message}");
        Assert.True(error.Line > 0, $"{name}: {error}");
        Assert.True(line == error.Line, $"{name}: expected line {line}, got {error}");
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("broken.yaml", e.Message, StringComparison.Ordinal);
    }
}
