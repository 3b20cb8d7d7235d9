using System.Xml.Linq;
using Sidecar.Tests.Infrastructure;

namespace Sidecar.Tests.Deployment;

/// <summary>
/// The repository's Dockerfile, checked statically (no Docker engine runs here): the lint rules of
/// <see cref="DockerfileLinter"/>, that the files it copies exist and every project the sidecar needs is restored,
/// and that its publish is the native AOT publish CI runs. The rules themselves are tested on bad samples.
/// </summary>
public sealed class DockerfileLintTests
{
    private static string Dockerfile => File.ReadAllText(Path.Combine(RepoPaths.Root, "Dockerfile"));

    [Fact]
    public void Dockerfile_PassesEveryRule()
    {
        var findings = DockerfileLinter.Lint(Dockerfile);
        Assert.True(findings.Count == 0, string.Join("\n", findings));
    }

    [Fact]
    public void Dockerfile_IsMultiStage_WithNonRootRuntimeHealthcheckAndPort()
    {
        var stages = DockerfileLinter.Parse(Dockerfile);
        Assert.True(stages.Count >= 2);
        var final = stages[^1];
        Assert.StartsWith("mcr.microsoft.com/dotnet/runtime-deps:", final.Image, StringComparison.Ordinal);
        Assert.Equal("app", final.Instructions.Last(x => x.Keyword == "USER").Arguments);
        Assert.Contains(final.Instructions, x => x.Keyword == "EXPOSE" && x.Arguments.Split(' ').Contains("9280"));
        Assert.Contains("/_rerank/health", final.Instructions.Single(x => x.Keyword == "HEALTHCHECK").Arguments, StringComparison.Ordinal);
        Assert.Contains("/app/config/sidecar.yaml", final.Instructions.Last(x => x.Keyword == "ENTRYPOINT").Arguments, StringComparison.Ordinal);
        var env = string.Join(' ', final.Instructions.Where(x => x.Keyword == "ENV").Select(x => x.Arguments));
        Assert.Contains("SIDECAR_LISTEN=http://0.0.0.0:9280", env, StringComparison.Ordinal);
        Assert.Contains("SIDECAR_UPSTREAM=", env, StringComparison.Ordinal);
    }

    [Fact]
    public void Dockerfile_PublishIsTheNativeAotPublishCiRuns()
    {
        var publish = DockerfileLinter.Parse(Dockerfile).SelectMany(s => s.Instructions)
            .Single(x => x.Keyword == "RUN" && x.Arguments.Contains("dotnet publish", StringComparison.Ordinal));
        var docker = DockerfileLinter.PublishArguments(publish.Arguments);

        var ciLines = File.ReadAllLines(Path.Combine(RepoPaths.Root, ".ci", "run"));
        var ciLine = ciLines.Select((l, i) => (l, i)).Single(x => x.l.Contains("dotnet publish", StringComparison.Ordinal));
        var ciCommand = string.Join(' ', ciLines.Skip(ciLine.i).TakeWhile((l, k) => k == 0 || ciLines[ciLine.i + k - 1].TrimEnd().EndsWith('\\')).Select(l => l.TrimEnd('\\', ' ')));
        var ci = DockerfileLinter.PublishArguments(ciCommand);

        Assert.Equal(ProjectDirectory(ci.Project), ProjectDirectory(docker.Project));
        Assert.Equal(ci.Configuration, docker.Configuration);
        Assert.Equal(ci.Runtime, docker.Runtime);
        Assert.Equal("linux-x64", docker.Runtime);
        Assert.Equal(ci.Properties["PublishAot"], docker.Properties["PublishAot"]);
    }

    [Fact]
    public void Dockerfile_CopiesFilesThatExist_AndRestoresEveryProjectTheSidecarReferences()
    {
        var stages = DockerfileLinter.Parse(Dockerfile);
        var build = stages[0];
        static bool FromContext(DockerInstruction x) => x.Keyword == "COPY" && !x.Arguments.StartsWith("--from", StringComparison.Ordinal);
        foreach (var copy in stages.SelectMany(s => s.Instructions).Where(FromContext))
        {
            foreach (var source in copy.Arguments.Split(' ')[..^1])
            {
                Assert.True(File.Exists(Path.Combine(RepoPaths.Root, source)) || Directory.Exists(Path.Combine(RepoPaths.Root, source)), $"COPY source {source} (line {copy.Line}) does not exist");
            }
        }

        // Every project (and imported .targets) the executable builds from is copied before the restore.
        var restore = build.Instructions.First(x => x.Keyword == "RUN" && x.Arguments.Contains("dotnet restore", StringComparison.Ordinal));
        var copiedBeforeRestore = build.Instructions.Where(FromContext).Where(c => c.Line < restore.Line).SelectMany(c => c.Arguments.Split(' ')[..^1]).ToHashSet(StringComparer.Ordinal);
        foreach (var file in ProjectClosure("src/Sidecar/Sidecar.csproj"))
        {
            Assert.True(copiedBeforeRestore.Contains(file), $"{file} is not copied before `dotnet restore` (line {restore.Line})");
        }

        foreach (var root in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props" })
        {
            Assert.Contains(root, copiedBeforeRestore);
        }
    }

    [Fact]
    public void DockerIgnore_KeepsHostBuildOutputOutOfTheContext()
    {
        // COPY src/ would otherwise bring the host's obj/ (restore results with host paths) into the image.
        var ignore = File.ReadAllLines(Path.Combine(RepoPaths.Root, ".dockerignore")).Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("**/bin/", ignore);
        Assert.Contains("**/obj/", ignore);
    }

    [Fact]
    public void Linter_FlagsEachRule_OnABadDockerfile()
    {
        const string bad = """
            # syntax=docker/dockerfile:1
            FROM ubuntu
            ENV DB_PASSWORD=hunter2
            WORKDIR app
            ADD https://example.com/tool.tar.gz /opt/
            RUN apt-get install curl
            RUN curl -s https://example.com/install.sh | sh && sudo make install
            RUN dotnet publish src/App -o /out
            ENTRYPOINT /out/app
            """;
        var rules = DockerfileLinter.Lint(bad).Select(f => f.Rule).ToHashSet(StringComparer.Ordinal);
        foreach (var rule in new[] { "DL-SC-001", "DL-SC-003", "DL-SC-004", "DL-SC-005", "DL-SC-006", "DL-SC-007", "DL-SC-008", "DL-SC-009", "DL-SC-010", "DL-SC-011", "DL-SC-012", "DL-SC-013" })
        {
            Assert.Contains(rule, rules);
        }
    }

    [Fact]
    public void Linter_FlagsLatestTags_RootUsers_SdkRuntimes_AndNonAotPublish()
    {
        const string bad = """
            FROM mcr.microsoft.com/dotnet/sdk:latest AS build
            RUN apt-get update && apt-get install -y --no-install-recommends clang
            RUN dotnet publish src/App -c Release -r linux-arm64 -p:PublishAot=false -o /out
            FROM mcr.microsoft.com/dotnet/sdk:10.0
            COPY --from=build /out /app
            USER 0:0
            HEALTHCHECK NONE
            ENTRYPOINT ["/app/app"]
            """;
        var findings = DockerfileLinter.Lint(bad);
        var messages = string.Join("\n", findings);
        Assert.Contains(findings, f => f.Rule == "DL-SC-003" && f.Line == 1);
        Assert.Contains(findings, f => f.Rule == "DL-SC-002");
        Assert.Contains(findings, f => f.Rule == "DL-SC-004" && f.Line == 6);
        Assert.Contains(findings, f => f.Rule == "DL-SC-005");
        Assert.Contains(findings, f => f.Rule == "DL-SC-008" && f.Message.Contains("lists", StringComparison.Ordinal));
        Assert.Equal(2, findings.Count(f => f.Rule == "DL-SC-011")); // PublishAot=false, linux-arm64
        Assert.DoesNotContain(findings, f => f.Rule == "DL-SC-001");
        Assert.DoesNotContain(findings, f => f.Rule == "DL-SC-006");
        Assert.True(findings.Count == 7, messages);
    }

    [Fact]
    public void Parser_JoinsContinuations_AndKeepsStartLines()
    {
        const string text = """
            FROM a:1 AS one
            RUN echo a \
              # a comment inside
              && echo b
            FROM b:2
            COPY --from=one /x /y
            """;
        var stages = DockerfileLinter.Parse(text);
        Assert.Equal(new string?[] { "one", null }, stages.Select(s => s.Name));
        var run = Assert.Single(stages[0].Instructions, x => x.Keyword == "RUN");
        Assert.Equal((2, "echo a && echo b"), (run.Line, run.Arguments));
        Assert.Equal(6, stages[1].Instructions[^1].Line);
    }

    private static string ProjectDirectory(string? project)
    {
        Assert.NotNull(project);
        var path = project.TrimEnd('/');
        return path.EndsWith(".csproj", StringComparison.Ordinal) ? Path.GetDirectoryName(path)!.Replace('\\', '/') : path;
    }

    /// <summary>The project file and every project and .targets/.props it references or imports, repository-relative.</summary>
    private static HashSet<string> ProjectClosure(string project)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (!result.Add(current))
            {
                continue;
            }

            var dir = Path.GetDirectoryName(current)!;
            var xml = XDocument.Load(Path.Combine(RepoPaths.Root, current));
            foreach (var reference in xml.Descendants().Where(e => e.Name.LocalName is "ProjectReference" or "Import"))
            {
                var include = (string?)reference.Attribute("Include") ?? (string?)reference.Attribute("Project");
                if (include is null || include.Contains('$', StringComparison.Ordinal))
                {
                    continue; // SDK imports and MSBuild-property paths
                }

                var full = Path.GetFullPath(Path.Combine(RepoPaths.Root, dir, include));
                pending.Push(Path.GetRelativePath(RepoPaths.Root, full).Replace('\\', '/'));
            }
        }

        return result;
    }
}
