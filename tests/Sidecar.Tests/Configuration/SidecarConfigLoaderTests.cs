using Sidecar.Configuration;
using Sidecar.Ranking.Features;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Configuration;

public sealed class SidecarConfigLoaderTests
{
    private static SidecarConfigLoader Loader => TestLoaders.WithModels;

    [Fact]
    public void Load_ShippedDefaultConfig_IsValid()
    {
        var options = Loader.LoadFile(RepoPaths.Config("sidecar.yaml"));
        var profile = Assert.Single(options.Profiles);
        Assert.Equal("products", profile.Name);
        Assert.Equal(100, profile.Window);
        Assert.True(profile.MatchesTarget("products"));
    }

    [Fact]
    public void Load_EveryExampleExceptBroken_IsValid()
    {
        foreach (var file in Directory.GetFiles(RepoPaths.Config("examples"), "*.yaml").Where(f => !f.EndsWith("broken.yaml", StringComparison.Ordinal)))
        {
            Loader.LoadFile(file);
        }
    }

    [Fact]
    public void Load_EmptyDocument_GivesDefaults()
    {
        var options = Loader.Load("");
        Assert.Equal(new Uri("http://127.0.0.1:9200/"), options.Upstream.Url);
        Assert.Equal("http://127.0.0.1:9280", options.Server.Listen);
        Assert.Empty(options.Profiles);
    }

    [Fact]
    public void Load_ServerIoSettings_ParsedAndRangeChecked()
    {
        var defaults = Loader.Load("").Server;
        Assert.True(defaults.InlineIo);
        Assert.Equal(1024 * 1024, defaults.ResponseBufferBytes);

        var set = Loader.Load("server:\n  inline_io: false\n  response_buffer_bytes: 65536\n").Server;
        Assert.False(set.InlineIo);
        Assert.Equal(65536, set.ResponseBufferBytes);

        var e = Assert.Throws<ConfigException>(() => Loader.Load("server:\n  inline_io: sometimes\n  response_buffer_bytes: 100\n"));
        Assert.Contains(e.Errors, x => x.Path == "server.inline_io");
        Assert.Contains(e.Errors, x => x.Path == "server.response_buffer_bytes");
    }

    [Fact]
    public void Load_BrokenExample_ReportsEveryErrorWithPathAndLine()
    {
        var e = Assert.Throws<ConfigException>(() => Loader.LoadFile(RepoPaths.Config("examples/broken.yaml")));
        var byPath = e.Errors.ToLookup(x => x.Path);
        Assert.Contains("server.listen", byPath.Select(g => g.Key));
        Assert.Contains("server.max_request_body_bytes", byPath.Select(g => g.Key));
        Assert.Contains("upstream.url", byPath.Select(g => g.Key));
        Assert.Contains("upstream.timeout_ms", byPath.Select(g => g.Key));
        Assert.Contains("profiles[0].indices", byPath.Select(g => g.Key));
        Assert.Contains("profiles[0].window", byPath.Select(g => g.Key));
        Assert.Contains("profiles[0].wndow", byPath.Select(g => g.Key));
        Assert.Contains("profiles[0].features[0].normalize", byPath.Select(g => g.Key));
        Assert.Contains("profiles[0].features[1].type", byPath.Select(g => g.Key));
        Assert.Contains("profiles[0].features[2].name", byPath.Select(g => g.Key));
        Assert.Contains("profiles[0].features[2].weight", byPath.Select(g => g.Key));
        Assert.True(e.Errors.Count >= 11, e.Message);
        Assert.Equal(14, byPath["profiles[0].wndow"].Single().Line);
        Assert.All(e.Errors, x => Assert.True(x.Line > 0, x.ToString()));
        Assert.Contains("broken.yaml", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SyntaxError_ReportsLine()
    {
        var e = Assert.Throws<ConfigException>(() => Loader.Load("profiles:\n  - name: [unclosed\n"));
        Assert.Equal("(syntax)", e.Errors[0].Path);
        Assert.True(e.Errors[0].Line >= 2);
    }

    [Fact]
    public void Load_UnknownTopLevelKey_IsAnError()
    {
        var e = Assert.Throws<ConfigException>(() => Loader.Load("upstreams:\n  url: http://x:9200\n"));
        Assert.Equal("upstreams", Assert.Single(e.Errors).Path);
    }

    [Fact]
    public void Load_UpstreamWithCredentialsInUrl_IsRejected()
    {
        var e = Assert.Throws<ConfigException>(() => Loader.Load("upstream:\n  url: http://elastic:secret@es:9200\n"));
        Assert.Contains("credentials", e.Errors[0].Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DuplicateProfileNames_AreRejected()
    {
        var yaml = """
            profiles:
              - { name: a, indices: [x], features: [{ name: s, type: first_stage_score }] }
              - { name: a, indices: [y], features: [{ name: s, type: first_stage_score }] }
            """;
        var e = Assert.Throws<ConfigException>(() => Loader.Load(yaml));
        Assert.Contains(e.Errors, x => x.Message.Contains("duplicate profile name", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_MissingModelFile_IsAStartUpErrorNamingTheFile()
    {
        var yaml = """
            models:
              embedding: { preset: custom, name: mine, model_path: /nonexistent/model.onnx, vocab_path: /nonexistent/vocab.txt }
            """;
        var e = Assert.Throws<ConfigException>(() => Loader.Load(yaml));
        var error = Assert.Single(e.Errors);
        Assert.Equal("models.embedding", error.Path);
        Assert.Contains("/nonexistent/model.onnx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CorruptModelFile_IsAStartUpErrorNamingTheFile()
    {
        var dir = Directory.CreateTempSubdirectory("sidecar-model-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "model.onnx"), "this is not an onnx model");
            File.WriteAllText(Path.Combine(dir, "vocab.txt"), "[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\n");
            var yaml = $$"""
                models:
                  embedding: { preset: custom, name: broken, model_path: {{dir}}/model.onnx, vocab_path: {{dir}}/vocab.txt }
                """;
            var e = Assert.Throws<ConfigException>(() => Loader.Load(yaml));
            Assert.Contains(e.Errors, x => x.Path == "models.embedding" && x.Message.Contains("model.onnx", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
