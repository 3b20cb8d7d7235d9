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

    /// <summary>
    /// The spec to send upstream for the first stage: <see cref="WidenFor"/> <paramref name="needed"/>, and with
    /// <paramref name="leaveOut"/> (the vector field when vectors come from the item cache) that field excluded, unless
    /// the client names it in its own includes (then it comes back, and is read from there). Null: the client's spec as is.
    /// </summary>
    public SourceSpec? ForFirstStage(IReadOnlyList<string> needed, string? leaveOut) => ForFirstStage(needed, leaveOut, out _);

    /// <inheritdoc cref="ForFirstStage(IReadOnlyList{string}, string?)"/>
    /// <param name="restore">True when the answer's <c>_source</c> may hold fields the client did not ask for (widened for
    /// features) and must be filtered back; leaving a field out never needs that.</param>
    public SourceSpec? ForFirstStage(IReadOnlyList<string> needed, string? leaveOut, out bool restore)
    {
        var widened = WidenFor(needed);
        restore = widened is not null;
        var basis = widened ?? this;
        if (leaveOut is null || !basis.Enabled || basis.Includes.Contains(leaveOut, StringComparer.Ordinal) ||
            basis.Excludes.Contains(leaveOut, StringComparer.Ordinal))
        {
            return widened;
        }

        return new SourceSpec(true, basis.Includes, [.. basis.Excludes, leaveOut]);
    }
}
