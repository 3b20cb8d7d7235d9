namespace Sidecar.Personalization;

/// <summary>
/// The mappings the sidecar creates its indices with on first use (when missing). Only the fields it
/// queries are indexed; everything else of a profile lives in <c>_source</c> only (<c>dynamic: false</c>).
/// </summary>
internal static class IndexMappings
{
    public static ReadOnlySpan<byte> Events => """
        {"settings":{"number_of_shards":1},"mappings":{"dynamic":false,"properties":{
        "event_id":{"type":"keyword"},"user_hash":{"type":"keyword"},"type":{"type":"keyword"},
        "item_id":{"type":"keyword"},"index":{"type":"keyword"},"query":{"type":"keyword","index":false},
        "timestamp":{"type":"date"},"received_at":{"type":"date"},"weight":{"type":"float"},"state":{"type":"keyword"}}}}
        """u8;

    public static ReadOnlySpan<byte> Profiles => """
        {"settings":{"number_of_shards":1},"mappings":{"dynamic":false,"properties":{
        "user_hash":{"type":"keyword"},"updated_at":{"type":"date"},"event_count":{"type":"long"},"schema":{"type":"integer"}}}}
        """u8;
}
