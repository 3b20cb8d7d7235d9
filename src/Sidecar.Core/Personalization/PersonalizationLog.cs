using Microsoft.Extensions.Logging;

namespace Sidecar.Personalization;

/// <summary>
/// Source-generated log messages of personalization (event ids 4100-4199). Never a raw user id: users
/// appear only as the short form of their keyed hash (<see cref="UserIdHasher.ForLog"/>).
/// </summary>
public static partial class PersonalizationLog
{
    [LoggerMessage(4100, LogLevel.Warning, "Personalization is on but no user id hash key is set (${Env} or user_id_hash_key_file): searches are anonymous and the events API answers 503")]
    public static partial void NoHashKey(ILogger logger, string env);

    [LoggerMessage(4101, LogLevel.Debug, "Profile lookup unavailable: {Reason}")]
    public static partial void LookupUnavailable(ILogger logger, string reason);

    [LoggerMessage(4102, LogLevel.Debug, "Ignored an invalid user id header ({Length} characters): searching as anonymous")]
    public static partial void InvalidUserId(ILogger logger, int length);

    [LoggerMessage(4103, LogLevel.Warning, "Events could not be stored: {Reason}")]
    public static partial void EventsNotStored(ILogger logger, string reason);

    [LoggerMessage(4104, LogLevel.Warning, "Profile of user {UserHash} not updated, {Events} event(s) left pending for recovery: {Reason}")]
    public static partial void ProfileUpdateFailed(ILogger logger, string userHash, int events, string reason);

    [LoggerMessage(4105, LogLevel.Debug, "Events: {Accepted} accepted, {Duplicates} duplicate(s), {Rejected} rejected, {Failed} failed")]
    public static partial void EventsHandled(ILogger logger, int accepted, int duplicates, int rejected, int failed);

    [LoggerMessage(4106, LogLevel.Information, "Erased user {UserHash}: profile deleted {ProfileDeleted}, {Events} event(s) deleted")]
    public static partial void UserErased(ILogger logger, string userHash, bool profileDeleted, long events);

    [LoggerMessage(4107, LogLevel.Information, "Recovered {Events} pending event(s) into their profiles")]
    public static partial void Recovered(ILogger logger, int events);

    [LoggerMessage(4108, LogLevel.Information, "Retention purge deleted {Events} event(s) and {Profiles} profile(s)")]
    public static partial void Purged(ILogger logger, long events, long profiles);

    [LoggerMessage(4109, LogLevel.Warning, "Personalization maintenance ({Task}) failed: {Reason}")]
    public static partial void MaintenanceFailed(ILogger logger, string task, string reason);

    [LoggerMessage(4110, LogLevel.Warning, "Events API under backpressure: {InFlight} event(s) in flight, refused a batch of {Count}")]
    public static partial void Backpressure(ILogger logger, int inFlight, int count);

    [LoggerMessage(4111, LogLevel.Warning, "Events stored but not marked applied (recovery will skip them as already applied): {Reason}")]
    public static partial void MarkAppliedFailed(ILogger logger, string reason);
}
