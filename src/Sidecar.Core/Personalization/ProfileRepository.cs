using System.Text.Json;

namespace Sidecar.Personalization;

/// <summary>
/// Reads and writes profile documents (<c>_id</c> = user hash) with optimistic concurrency: a write names
/// the <c>_seq_no</c>/<c>_primary_term</c> it read (or creates when there was none), and Elasticsearch
/// refuses it with 409 when another replica wrote in between. Gets are realtime, no refresh needed.
/// </summary>
public sealed class ProfileRepository
{
    private readonly PersonalizationStore _store;

    public ProfileRepository(PersonalizationStore store)
    {
        _store = store;
    }

    public async Task<StoredProfile> GetAsync(PersonalizationOptions options, string userHash, int timeoutMs, CancellationToken ct)
    {
        var response = await _store.SendAsync(HttpMethod.Get, $"/{options.ProfilesIndex}/_doc/{userHash}", null, timeoutMs, ct)
            .ConfigureAwait(false);
        if (response.Status == 404)
        {
            return new StoredProfile(new ProfileState(userHash), false, 0, 0); // no document, or no index yet
        }

        if (!response.IsSuccess)
        {
            throw response.Unexpected("reading a profile");
        }

        using var doc = response.Json();
        var root = doc.RootElement;
        if (!root.TryGetProperty("found"u8, out var found) || found.ValueKind != JsonValueKind.True)
        {
            return new StoredProfile(new ProfileState(userHash), false, 0, 0);
        }

        var seqNo = root.TryGetProperty("_seq_no"u8, out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out var sn) ? sn : -1;
        var term = root.TryGetProperty("_primary_term"u8, out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetInt64(out var pt) ? pt : -1;
        var source = root.TryGetProperty("_source"u8, out var src) ? src : default;
        return new StoredProfile(ProfileJson.Read(source, userHash), true, seqNo, term);
    }

    /// <summary>Writes <paramref name="state"/> if nobody wrote since <paramref name="read"/>; false on a conflict (read again and retry).</summary>
    public async Task<bool> TryPutAsync(PersonalizationOptions options, StoredProfile read, ProfileState state, int timeoutMs, CancellationToken ct)
    {
        await _store.EnsureIndexAsync(options.ProfilesIndex, IndexMappings.Profiles.ToArray(), timeoutMs, ct).ConfigureAwait(false);
        var path = read.Found
            ? $"/{options.ProfilesIndex}/_doc/{state.UserHash}?if_seq_no={read.SeqNo}&if_primary_term={read.PrimaryTerm}"
            : $"/{options.ProfilesIndex}/_create/{state.UserHash}";
        var response = await _store.SendAsync(HttpMethod.Put, path, ProfileJson.ToBytes(state), timeoutMs, ct).ConfigureAwait(false);
        if (response.Status == 409)
        {
            return false;
        }

        return response.IsSuccess ? true : throw response.Unexpected("writing a profile");
    }

    /// <summary>Deletes the profile; false when there was none.</summary>
    public async Task<bool> DeleteAsync(PersonalizationOptions options, string userHash, int timeoutMs, CancellationToken ct)
    {
        var response = await _store.SendAsync(HttpMethod.Delete, $"/{options.ProfilesIndex}/_doc/{userHash}?refresh=true", null, timeoutMs, ct)
            .ConfigureAwait(false);
        return response.Status == 404 ? false : response.IsSuccess ? true : throw response.Unexpected("deleting a profile");
    }
}
