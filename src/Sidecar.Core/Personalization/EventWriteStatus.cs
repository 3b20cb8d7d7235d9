namespace Sidecar.Personalization;

/// <summary>What became of one event sent to the events index.</summary>
public enum EventWriteStatus
{
    /// <summary>Stored now (201): it counts once.</summary>
    Created,

    /// <summary>An event with this event_id was stored before (409): already counted, nothing changed.</summary>
    Duplicate,

    /// <summary>Elasticsearch refused it (e.g. 429 or a mapping error): not stored, the client should retry it.</summary>
    Failed,
}
