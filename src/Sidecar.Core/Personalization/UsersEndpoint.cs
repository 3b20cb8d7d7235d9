using Microsoft.AspNetCore.Http;
using Sidecar.Configuration;

namespace Sidecar.Personalization;

/// <summary>
/// <c>DELETE /_rerank/users/{user_id}</c> (admin key): erases the user's profile and events. Answers 200
/// <c>{"erased": true, "profile_deleted": bool, "events_deleted": n}</c> (also for a user with nothing
/// stored), 400 for an id that cannot be a user id, 503 + Retry-After when the store fails (retry: erasure
/// is idempotent), 404 when personalization is off. The answer never repeats the user id.
/// </summary>
public sealed class UsersEndpoint
{
    public const string Prefix = "/_rerank/users/";

    private readonly ConfigProvider _config;
    private readonly UserErasure _erasure;

    public UsersEndpoint(ConfigProvider config, UserErasure erasure)
    {
        _config = config;
        _erasure = erasure;
    }

    public async Task DeleteAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var p = _config.Current.Personalization;
        if (p is not { Enabled: true })
        {
            await JsonResponse.ErrorAsync(context, 404, "resource_not_found_exception", "personalization is off").ConfigureAwait(false);
            return;
        }

        if (p.Hasher is null)
        {
            await JsonResponse.ErrorAsync(context, 503, "personalization_unavailable_exception",
                $"no user id hash key: set ${p.UserIdHashKeyEnv} or personalization.user_id_hash_key_file", p.Ingest.RetryAfterSeconds).ConfigureAwait(false);
            return;
        }

        var path = context.Request.Path.Value ?? string.Empty;
        var id = path.Length > Prefix.Length ? path[Prefix.Length..].TrimEnd('/') : string.Empty;
        if (!UserIdentity.IsValid(id))
        {
            await JsonResponse.ErrorAsync(context, 400, "illegal_argument_exception", $"a user id is {UserIdentity.Rule}").ConfigureAwait(false);
            return;
        }

        try
        {
            var (profile, events) = await _erasure.EraseAsync(p, p.Hasher.Hash(id), context.RequestAborted).ConfigureAwait(false);
            await JsonResponse.WriteAsync(context, 200, w =>
            {
                w.WriteBoolean("erased"u8, true);
                w.WriteBoolean("profile_deleted"u8, profile);
                w.WriteNumber("events_deleted"u8, events);
            }).ConfigureAwait(false);
        }
        catch (StoreException e)
        {
            await JsonResponse.ErrorAsync(context, 503, "unavailable_shards_exception", "erasure incomplete, retry: " + e.Message,
                p.Ingest.RetryAfterSeconds).ConfigureAwait(false);
        }
    }
}
