namespace Sidecar.Personalization;

/// <summary>
/// One validated behaviour event. Holds the keyed hash of the user id, never the id itself.
/// <see cref="Weight"/> is the event type's weight when the event was accepted (kept with the event, so a
/// later recovery applies it the same way).
/// </summary>
public sealed record BehaviourEvent(
    string EventId,
    string UserHash,
    string Type,
    string ItemId,
    string Index,
    string? Query,
    long TimestampMs,
    long ReceivedMs,
    double Weight);
