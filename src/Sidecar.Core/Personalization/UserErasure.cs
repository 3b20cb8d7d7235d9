using Microsoft.Extensions.Logging;

namespace Sidecar.Personalization;

/// <summary>
/// Erases a user (right to be forgotten): the profile document, every event of theirs (found by
/// <c>user_hash</c>), and this process's cached copy. The profile is deleted again at the end in case an
/// update in flight re-created it. Other replicas may serve their cached copy until it expires
/// (<c>lookup.cache_ttl_ms</c>).
/// </summary>
public sealed class UserErasure
{
    private readonly ProfileRepository _profiles;
    private readonly QueryDeleter _deleter;
    private readonly ProfileCache _cache;
    private readonly ILogger<UserErasure> _logger;

    public UserErasure(ProfileRepository profiles, QueryDeleter deleter, ProfileCache cache, ILogger<UserErasure> logger)
    {
        _profiles = profiles;
        _deleter = deleter;
        _cache = cache;
        _logger = logger;
    }

    public async Task<(bool ProfileDeleted, long EventsDeleted)> EraseAsync(PersonalizationOptions options, string userHash, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var timeout = options.Ingest.StoreTimeoutMs;
        var profileDeleted = await _profiles.DeleteAsync(options, userHash, timeout, ct).ConfigureAwait(false);
        var events = await _deleter.DeleteAsync(options.EventsIndex, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("match"u8); // match, not term: also right if the index was auto-created with dynamic mappings
            w.WriteString("user_hash"u8, userHash);
            w.WriteEndObject();
            w.WriteEndObject();
        }, timeout, ct).ConfigureAwait(false);
        profileDeleted |= await _profiles.DeleteAsync(options, userHash, timeout, ct).ConfigureAwait(false);
        _cache.Set(userHash, null);
        PersonalizationLog.UserErased(_logger, UserIdHasher.ForLog(userHash), profileDeleted, events);
        return (profileDeleted, events);
    }
}
