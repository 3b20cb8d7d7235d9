namespace Sidecar.Personalization;

/// <summary>
/// The outcome of looking the searching user up: a profile (possibly without history), anonymous (no or
/// an invalid user id, or personalization off), or unavailable (the store failed or was too slow; the
/// search ranks as anonymous and says <c>personalization=unavailable</c>).
/// </summary>
public readonly record struct UserLookup(UserProfile? Profile, bool Unavailable)
{
    public static UserLookup Anonymous => new(null, false);

    public static UserLookup Failed => new(null, true);

    /// <summary>The <c>X-Rerank</c> value of an applied rerank when the profile was unavailable.</summary>
    public const string UnavailableOutcome = "applied; personalization=unavailable";
}
