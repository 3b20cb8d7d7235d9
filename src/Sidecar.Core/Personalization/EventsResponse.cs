using System.Text.Json;

namespace Sidecar.Personalization;

/// <summary>
/// The 200 answer of <c>POST /_rerank/events</c>:
/// <code>
/// { "took": ms, "received": n, "accepted": stored now, "duplicates": stored before (counted once),
///   "rejected": [ { "position", "event_id"?, "reasons": [..] } ],     invalid: fix, do not retry as is
///   "failed":   [ { "position", "event_id", "status", "reasons": [..] } ],  not stored: retry them
///   "profiles_pending": accepted events whose profile update was deferred to recovery,
///   "errors": rejected or failed is not empty }
/// </code>
/// Positions are 0-based among the events of the body (NDJSON: non-blank lines).
/// </summary>
public sealed class EventsResponse
{
    public EventsResponse(int received)
    {
        Received = received;
    }

    public int Received { get; }

    public int Accepted { get; set; }

    public int Duplicates { get; set; }

    public int ProfilesPending { get; set; }

    public long TookMs { get; set; }

    public List<Problem> Rejected { get; } = [];

    public List<Problem> Failed { get; } = [];

    public void Write(Utf8JsonWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteNumber("took"u8, TookMs);
        w.WriteNumber("received"u8, Received);
        w.WriteNumber("accepted"u8, Accepted);
        w.WriteNumber("duplicates"u8, Duplicates);
        WriteProblems(w, "rejected"u8, Rejected);
        WriteProblems(w, "failed"u8, Failed);
        w.WriteNumber("profiles_pending"u8, ProfilesPending);
        w.WriteBoolean("errors"u8, Rejected.Count + Failed.Count > 0);
    }

    private static void WriteProblems(Utf8JsonWriter w, ReadOnlySpan<byte> name, List<Problem> problems)
    {
        w.WriteStartArray(name);
        foreach (var p in problems)
        {
            w.WriteStartObject();
            w.WriteNumber("position"u8, p.Position);
            if (p.EventId is not null)
            {
                w.WriteString("event_id"u8, p.EventId);
            }

            if (p.Status is { } status)
            {
                w.WriteNumber("status"u8, status);
            }

            w.WriteStartArray("reasons"u8);
            foreach (var r in p.Reasons)
            {
                w.WriteStringValue(r);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>One event that was not accepted, and why.</summary>
    public sealed record Problem(int Position, string? EventId, IReadOnlyList<string> Reasons, int? Status);
}
