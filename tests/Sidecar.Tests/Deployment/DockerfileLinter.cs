using System.Text.RegularExpressions;

namespace Sidecar.Tests.Deployment;

/// <summary>One Dockerfile instruction: keyword (upper case), its arguments with line continuations joined, and where it starts.</summary>
internal sealed record DockerInstruction(string Keyword, string Arguments, int Line, int Stage);

internal sealed record DockerFinding(string Rule, int Line, string Message)
{
    public override string ToString() => $"{Rule} (line {Line}): {Message}";
}

/// <summary>A build stage: its FROM image (or earlier stage), its name, and its instructions.</summary>
internal sealed record DockerStage(int Index, string Image, string? Name, int Line, IReadOnlyList<DockerInstruction> Instructions);

/// <summary>
/// A small, hadolint-like rule set for the sidecar's Dockerfile (no Docker engine runs here, so the file is
/// checked statically). Rules are named DL-SC-*: multi-stage with the runtime stage built FROM a small image,
/// pinned base images, non-root final USER, HEALTHCHECK, exec-form ENTRYPOINT, no ADD of URLs, apt hygiene
/// (update + install in one RUN with --no-install-recommends and the lists removed), no secrets in ENV/ARG,
/// and a native AOT publish for linux-x64.
/// </summary>
internal static partial class DockerfileLinter
{
    public static IReadOnlyList<DockerStage> Parse(string text)
    {
        var instructions = new List<DockerInstruction>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var stage = -1;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var start = i + 1;
            var joined = new System.Text.StringBuilder();
            while (true)
            {
                var current = lines[i].TrimEnd();
                var continued = current.EndsWith('\\');
                joined.Append(continued ? current[..^1] : current).Append(' ');
                if (!continued || i + 1 >= lines.Length)
                {
                    break;
                }

                // Comment lines inside a continuation are dropped, as Docker does.
                do
                {
                    i++;
                }
                while (i + 1 < lines.Length && lines[i].TrimStart().StartsWith('#'));
            }

            var full = Whitespace().Replace(joined.ToString().Trim(), " ");
            var space = full.IndexOf(' ', StringComparison.Ordinal);
            var keyword = (space < 0 ? full : full[..space]).ToUpperInvariant();
            var arguments = space < 0 ? string.Empty : full[(space + 1)..];
            if (keyword == "FROM")
            {
                stage++;
            }

            instructions.Add(new DockerInstruction(keyword, arguments, start, stage));
        }

        var stages = new List<DockerStage>();
        foreach (var group in instructions.Where(x => x.Stage >= 0).GroupBy(x => x.Stage))
        {
            var from = group.First();
            var parts = from.Arguments.Split(' ').Where(p => !p.StartsWith("--", StringComparison.Ordinal)).ToArray();
            var name = parts.Length >= 3 && parts[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? parts[2] : null;
            stages.Add(new DockerStage(group.Key, parts[0], name, from.Line, group.ToList()));
        }

        return stages;
    }

    public static IReadOnlyList<DockerFinding> Lint(string text)
    {
        var stages = Parse(text);
        var findings = new List<DockerFinding>();
        void Add(string rule, int line, string message) => findings.Add(new DockerFinding(rule, line, message));

        if (stages.Count == 0)
        {
            Add("DL-SC-000", 1, "no FROM instruction");
            return findings;
        }

        var all = stages.SelectMany(s => s.Instructions).ToList();
        var final = stages[^1];
        var stageNames = stages.Where(s => s.Name is not null).Select(s => s.Name!).ToHashSet(StringComparer.OrdinalIgnoreCase);

        // Multi-stage: the SDK never ships; the runtime stage takes only the build output from an earlier stage.
        if (stages.Count < 2)
        {
            Add("DL-SC-001", final.Line, "single stage: build in one stage and copy the output into a small runtime stage");
        }
        else if (!final.Instructions.Any(x => x.Keyword == "COPY" && CopyFrom(x) is { } source && stageNames.Contains(source)))
        {
            Add("DL-SC-001", final.Line, "the final stage copies nothing from a build stage (COPY --from=<stage>)");
        }

        if (final.Image.Contains("/sdk", StringComparison.OrdinalIgnoreCase))
        {
            Add("DL-SC-002", final.Line, $"the final stage runs on the SDK image {final.Image}");
        }

        // Pinned base images: an explicit tag with a version number, never latest.
        foreach (var s in stages.Where(s => !stageNames.Contains(s.Image)))
        {
            var tag = ImageTag(s.Image);
            if (!s.Image.Contains('@', StringComparison.Ordinal) && (tag is null || tag == "latest" || !tag.Any(char.IsAsciiDigit)))
            {
                Add("DL-SC-003", s.Line, $"base image '{s.Image}' is not pinned to a version tag or digest");
            }
        }

        // Non-root: the final stage sets a USER that is not root.
        var user = final.Instructions.LastOrDefault(x => x.Keyword == "USER");
        if (user is null)
        {
            Add("DL-SC-004", final.Line, "the final stage has no USER: the container would run as root");
        }
        else if (user.Arguments.Split(':')[0] is "root" or "0")
        {
            Add("DL-SC-004", user.Line, $"the final USER is root ({user.Arguments})");
        }

        var healthcheck = final.Instructions.LastOrDefault(x => x.Keyword == "HEALTHCHECK");
        if (healthcheck is null || healthcheck.Arguments.Trim().Equals("NONE", StringComparison.OrdinalIgnoreCase) || !healthcheck.Arguments.Contains("CMD", StringComparison.Ordinal))
        {
            Add("DL-SC-005", healthcheck?.Line ?? final.Line, "the final stage has no HEALTHCHECK CMD");
        }

        var entrypoint = final.Instructions.LastOrDefault(x => x.Keyword is "ENTRYPOINT" or "CMD");
        if (entrypoint is null || !entrypoint.Arguments.TrimStart().StartsWith('['))
        {
            Add("DL-SC-006", entrypoint?.Line ?? final.Line, "ENTRYPOINT/CMD should be in exec form (a JSON array) so the process gets signals");
        }

        foreach (var x in all)
        {
            if (x.Keyword == "ADD")
            {
                Add("DL-SC-007", x.Line, Url().IsMatch(x.Arguments)
                    ? "ADD of a URL: download in a RUN with a checksum, or COPY a vetted file"
                    : "ADD of local files: use COPY (ADD also unpacks archives implicitly)");
            }

            if (x.Keyword == "RUN")
            {
                LintRun(x, Add);
            }

            if (x.Keyword is "ENV" or "ARG")
            {
                foreach (Match m in SecretAssignment().Matches(x.Arguments))
                {
                    Add("DL-SC-009", x.Line, $"{x.Keyword} {m.Groups["name"].Value} looks like a secret baked into the image: pass it at run time");
                }
            }

            if (x.Keyword == "WORKDIR" && !x.Arguments.StartsWith('/'))
            {
                Add("DL-SC-010", x.Line, $"WORKDIR {x.Arguments} is not absolute");
            }
        }

        // The native AOT publish for linux-x64 (what the runtime-deps image can run).
        var publish = all.Where(x => x.Keyword == "RUN" && x.Arguments.Contains("dotnet publish", StringComparison.Ordinal)).ToList();
        if (publish.Count == 0)
        {
            Add("DL-SC-011", final.Line, "no `dotnet publish` in any stage");
        }

        foreach (var x in publish)
        {
            var args = PublishArguments(x.Arguments);
            if (!args.Properties.TryGetValue("PublishAot", out var aot) || !aot.Equals("true", StringComparison.OrdinalIgnoreCase))
            {
                Add("DL-SC-011", x.Line, "dotnet publish without -p:PublishAot=true");
            }

            if (args.Runtime != "linux-x64")
            {
                Add("DL-SC-011", x.Line, $"dotnet publish for runtime '{args.Runtime ?? "(none)"}', expected -r linux-x64");
            }

            if (args.Configuration != "Release")
            {
                Add("DL-SC-011", x.Line, $"dotnet publish in configuration '{args.Configuration ?? "(default Debug)"}'");
            }
        }

        return findings;
    }

    /// <summary>The parts of a <c>dotnet publish</c> command line the rules look at.</summary>
    internal static (string? Project, string? Configuration, string? Runtime, Dictionary<string, string> Properties) PublishArguments(string command)
    {
        var words = command[(command.IndexOf("dotnet publish", StringComparison.Ordinal) + "dotnet publish".Length)..]
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .TakeWhile(w => w is not ("&&" or "||" or ";" or "|" or ">" or "2>&1"))
            .ToList();
        string? project = null, configuration = null, runtime = null;
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < words.Count; i++)
        {
            var w = words[i];
            string? Next() => i + 1 < words.Count ? words[++i] : null;
            if (w is "-c" or "--configuration")
            {
                configuration = Next();
            }
            else if (w is "-r" or "--runtime")
            {
                runtime = Next();
            }
            else if (w is "-o" or "--output" or "-f" or "--framework" or "-v" or "--verbosity")
            {
                Next();
            }
            else if ((w.StartsWith("-p:", StringComparison.Ordinal) || w.StartsWith("/p:", StringComparison.Ordinal) || w.StartsWith("--property:", StringComparison.Ordinal)) && w.Contains('=', StringComparison.Ordinal))
            {
                var assignment = w[(w.IndexOf(':', StringComparison.Ordinal) + 1)..];
                var eq = assignment.IndexOf('=', StringComparison.Ordinal);
                properties[assignment[..eq]] = assignment[(eq + 1)..];
            }
            else if (!w.StartsWith('-') && project is null)
            {
                project = w;
            }
        }

        return (project, configuration, runtime, properties);
    }

    private static void LintRun(DockerInstruction x, Action<string, int, string> add)
    {
        var run = x.Arguments;
        if (run.Contains("apt-get install", StringComparison.Ordinal) || run.Contains("apt install", StringComparison.Ordinal))
        {
            if (!run.Contains("apt-get update", StringComparison.Ordinal))
            {
                add("DL-SC-008", x.Line, "apt-get install without apt-get update in the same RUN (stale package lists from the cache)");
            }

            if (!run.Contains("--no-install-recommends", StringComparison.Ordinal))
            {
                add("DL-SC-008", x.Line, "apt-get install without --no-install-recommends");
            }

            if (!AptYes().IsMatch(run))
            {
                add("DL-SC-008", x.Line, "apt-get install without -y");
            }

            if (!run.Contains("rm -rf /var/lib/apt/lists", StringComparison.Ordinal))
            {
                add("DL-SC-008", x.Line, "apt lists are not removed in the same RUN (rm -rf /var/lib/apt/lists/*)");
            }
        }

        if (Sudo().IsMatch(run))
        {
            add("DL-SC-012", x.Line, "sudo in RUN: use USER instead");
        }

        if (Url().IsMatch(run) && PipeToShell().IsMatch(run))
        {
            add("DL-SC-013", x.Line, "a download piped into a shell");
        }
    }

    private static string? CopyFrom(DockerInstruction copy)
    {
        var m = FromFlag().Match(copy.Arguments);
        return m.Success ? m.Groups["stage"].Value : null;
    }

    private static string? ImageTag(string image)
    {
        var lastSegment = image[(image.LastIndexOf('/') + 1)..];
        var colon = lastSegment.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : lastSegment[(colon + 1)..];
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"https?://", RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    [GeneratedRegex(@"\|\s*(sh|bash)\b")]
    private static partial Regex PipeToShell();

    [GeneratedRegex(@"(^|[;&|]\s*)sudo\b")]
    private static partial Regex Sudo();

    [GeneratedRegex(@"apt(-get)? install[^;&|]*\s(-y|--yes|-[a-z]*y[a-z]*)\b")]
    private static partial Regex AptYes();

    [GeneratedRegex(@"--from=(?<stage>\S+)")]
    private static partial Regex FromFlag();

    [GeneratedRegex(@"(?<name>[A-Za-z_]*(PASSWORD|SECRET|TOKEN|API_KEY|APIKEY)[A-Za-z_]*)\s*=\s*(?<value>""[^""]+""|[^\s""\\]+)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretAssignment();
}
