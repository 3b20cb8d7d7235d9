using System.Globalization;
using System.Text.RegularExpressions;

namespace Sidecar.PersonalizationEval;

/// <summary>
/// Line-level edits of the sidecar's YAML that keep every comment and the layout (the file is hot-reloaded,
/// and the copy stays readable): a scalar found by its key path, or a feature's weight. Paths join keys with
/// dots and name list items by their <c>name</c>: <c>profiles[products].features[user_brand].weight</c>;
/// <see cref="Set"/> also accepts the path without the item names (<c>profiles.budget_ms</c>: every profile).
/// Handles the block style the repository's files use (no flow mappings, no multi-line scalars as keys).
/// </summary>
public static partial class YamlLines
{
    /// <summary>Sets every scalar at <paramref name="path"/>; returns how many lines changed (0: not found).</summary>
    public static int Set(string[] lines, string path, string value)
    {
        var n = 0;
        foreach (var (line, full, plain, _) in Walk(lines))
        {
            if (full == path || plain == path)
            {
                lines[line] = ReplaceValue(lines[line], value);
                n++;
            }
        }

        return n;
    }

    /// <summary>
    /// Sets <paramref name="key"/> (e.g. <c>weight</c>, <c>neighbor_weight</c>) of feature <paramref name="feature"/> of
    /// profile <paramref name="profile"/>, adding a line under the feature's <c>name:</c> when the key is absent.
    /// </summary>
    /// <exception cref="ArgumentException">The profile has no such feature.</exception>
    public static string[] SetFeatureKey(string[] lines, string profile, string feature, string key, double number)
    {
        var value = number.ToString("0.####", CultureInfo.InvariantCulture);
        var itemPath = $"profiles[{profile}].features[{feature}]";
        var nameLine = -1;
        foreach (var (line, full, _, _) in Walk(lines))
        {
            if (full == itemPath + "." + key)
            {
                lines[line] = ReplaceValue(lines[line], value);
                return lines;
            }

            if (full == itemPath + ".name")
            {
                nameLine = line;
            }
        }

        if (nameLine < 0)
        {
            throw new ArgumentException($"profile '{profile}' declares no feature named '{feature}'");
        }

        var indent = lines[nameLine].IndexOf('-', StringComparison.Ordinal) + 2;
        var list = lines.ToList();
        list.Insert(nameLine + 1, new string(' ', indent) + key + ": " + value);
        return [.. list];
    }

    /// <summary>Every key line: its index, path with item names, path without them, and the raw value text.</summary>
    public static IEnumerable<(int Line, string Full, string Plain, string Value)> Walk(string[] lines)
    {
        var stack = new List<Entry>();
        for (var i = 0; i < lines.Length; i++)
        {
            var text = lines[i];
            var content = text.TrimStart(' ');
            if (content.Length == 0 || content[0] == '#')
            {
                continue;
            }

            var indent = text.Length - content.Length;
            var dash = content.StartsWith("- ", StringComparison.Ordinal) || content == "-";
            if (dash)
            {
                while (stack.Count > 0 && (stack[^1].Indent > indent || (stack[^1].Indent == indent && stack[^1].IsItem)))
                {
                    stack.RemoveAt(stack.Count - 1);
                }

                var rest = content.Length > 2 ? content[2..] : string.Empty;
                var m = KeyPattern().Match(rest);
                var name = m.Success && m.Groups["key"].Value == "name" ? Unquote(m.Groups["value"].Value) : null;
                stack.Add(new Entry(indent, name ?? "-", true));
                if (!m.Success)
                {
                    continue;
                }

                indent += 2;
                content = rest;
            }
            else
            {
                while (stack.Count > 0 && stack[^1].Indent >= indent)
                {
                    stack.RemoveAt(stack.Count - 1);
                }
            }

            var match = KeyPattern().Match(content);
            if (!match.Success)
            {
                continue;
            }

            var key = match.Groups["key"].Value;
            var full = string.Concat(stack.Select(e => e.IsItem ? $"[{e.Key}]" : "." + e.Key)).TrimStart('.');
            var plain = string.Join('.', stack.Where(e => !e.IsItem).Select(e => e.Key));
            yield return (i, (full.Length > 0 ? full + "." : string.Empty) + key, (plain.Length > 0 ? plain + "." : string.Empty) + key,
                match.Groups["value"].Value.Trim());
            stack.Add(new Entry(indent, key, false));
        }
    }

    private static string ReplaceValue(string line, string value)
    {
        var m = ValuePattern().Match(line);
        if (!m.Success)
        {
            throw new FormatException($"cannot set a value on YAML line '{line}'");
        }

        var comment = m.Groups["comment"].Value;
        var width = m.Groups["value"].Length;
        var padded = comment.Length > 0 ? value.PadRight(Math.Max(width, value.Length + 1)) : value;
        return m.Groups["pre"].Value + padded + comment;
    }

    private static string Unquote(string s)
    {
        s = s.Trim();
        var hash = s.IndexOf(" #", StringComparison.Ordinal);
        s = hash >= 0 ? s[..hash].Trim() : s;
        return s.Length >= 2 && (s[0] == '"' || s[0] == '\'') && s[^1] == s[0] ? s[1..^1] : s;
    }

    private sealed record Entry(int Indent, string Key, bool IsItem);

    [GeneratedRegex(@"^(?<key>[A-Za-z_][A-Za-z0-9_]*)\s*:(?:\s+(?<value>.*))?$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"^(?<pre>\s*(?:-\s+)?[A-Za-z_][A-Za-z0-9_]*\s*:\s*)(?<value>[^#\s](?:[^#]*[^#\s])?\s*)?(?<comment>#.*)?$")]
    private static partial Regex ValuePattern();
}
