namespace Sidecar.Personalization;

/// <summary>The outcome of storing one event; <see cref="Reason"/> says why it failed.</summary>
public readonly record struct EventWriteResult(EventWriteStatus Status, int HttpStatus, string? Reason);
