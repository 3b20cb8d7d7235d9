using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Sidecar.Configuration;

namespace Sidecar.Personalization;

/// <summary>
/// The search path's view of profiles: validate the user id, hash it, answer from the cache, else fetch
/// (one fetch per user at a time) and wait at most <c>lookup.timeout_ms</c>. A stale cached profile serves
/// when the fetch is slow; with nothing cached, a slow or failed fetch is <see cref="UserLookup.Failed"/>
/// (the fetch goes on in the background and fills the cache for the next search). Never throws.
/// </summary>
public sealed class ProfileLookup
{
    private readonly ProfileRepository _profiles;
    private readonly ProfileCache _cache;
    private readonly TimeProvider _time;
    private readonly ILogger<ProfileLookup> _logger;
    private readonly ConcurrentDictionary<string, Task<ProfileState?>> _inFlight = new(StringComparer.Ordinal);

    public ProfileLookup(ProfileRepository profiles, ProfileCache cache, TimeProvider time, ILogger<ProfileLookup> logger)
    {
        _profiles = profiles;
        _cache = cache;
        _time = time;
        _logger = logger;
    }

    public async Task<UserLookup> LookupAsync(SidecarOptions options, string? userId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Personalization is not { Enabled: true } p || string.IsNullOrEmpty(userId))
        {
            return UserLookup.Anonymous;
        }

        if (!UserIdentity.IsValid(userId))
        {
            PersonalizationLog.InvalidUserId(_logger, userId.Length);
            return UserLookup.Anonymous;
        }

        if (p.Hasher is null)
        {
            return UserLookup.Failed;
        }

        var hash = p.Hasher.Hash(userId);
        var cached = _cache.TryGet(hash, p.CacheTtlMs, out var state, out var fresh);
        if (cached && fresh)
        {
            return Found(state, hash, p);
        }

        try
        {
            var fetch = _inFlight.GetOrAdd(hash, h => FetchAsync(h, p));
            state = await fetch.WaitAsync(TimeSpan.FromMilliseconds(p.LookupTimeoutMs), _time, ct).ConfigureAwait(false);
            return Found(state, hash, p);
        }
        catch (Exception e) when (e is TimeoutException or StoreException)
        {
            PersonalizationLog.LookupUnavailable(_logger, e is TimeoutException ? $"no answer within {p.LookupTimeoutMs} ms" : e.Message);
            return cached ? Found(state, hash, p) : UserLookup.Failed;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return UserLookup.Failed;
        }
    }

    private UserLookup Found(ProfileState? state, string hash, PersonalizationOptions p) =>
        new(UserProfile.From(state, hash, _time.GetUtcNow().ToUnixTimeMilliseconds(), p), false);

    private async Task<ProfileState?> FetchAsync(string hash, PersonalizationOptions p)
    {
        await Task.Yield(); // registered in _inFlight before the finally below can run
        try
        {
            var read = await _profiles.GetAsync(p, hash, p.Ingest.StoreTimeoutMs, CancellationToken.None).ConfigureAwait(false);
            var state = read.Found ? read.State : null;
            _cache.Set(hash, state);
            return state;
        }
        finally
        {
            _inFlight.TryRemove(hash, out _);
        }
    }
}
