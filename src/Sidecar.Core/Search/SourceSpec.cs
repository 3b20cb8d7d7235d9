namespace Sidecar.Search;

/// <summary>
/// What a search asked for in <c>_source</c>: everything (the default), nothing (<c>false</c>), or
/// include/exclude patterns with <c>*</c> wildcards, from the body or the URL.
/// </summary>
public sealed record SourceSpec(bool Enabled, IReadOnlyList<string> Includes, IReadOnlyList<string> Excludes)
{
    public static readonly SourceSpec All = new(true, [], []);

    public static readonly SourceSpec None = new(false, [], []);

    public bool IsAll => Enabled && Includes.Count == 0 && Excludes.Count == 0;

    /// <summary>
    /// The spec to send upstream so that <paramref name="needed"/> fields come back too, or null when the
    /// client's own spec already returns them (nothing to widen, nothing to restore).
    /// </summary>
    public SourceSpec? WidenFor(IReadOnlyList<string> needed)
    {
        if (needed.Count == 0 || IsAll)
        {
            return null;
        }

        if (Enabled && Includes.Count == 0)
        {
            // Only excludes: ask for everything and apply the client's excludes on the way out.
            return All;
        }

        var includes = Enabled ? new List<string>(Includes) : [];
        foreach (var f in needed)
        {
            if (!includes.Contains(f, StringComparer.Ordinal))
            {
                includes.Add(f);
            }
        }

        return new SourceSpec(true, includes, []);
    }
}
