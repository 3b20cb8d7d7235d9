namespace Sidecar.StandIn.Errors;

/// <summary>Factory methods for the Elasticsearch errors the stand-in produces.</summary>
public static class EsErrors
{
    public static EsException IndexNotFound(string index) =>
        new(404, "index_not_found_exception", $"no such index [{index}]",
            ("resource.type", "index_or_alias"), ("resource.id", index), ("index_uuid", "_na_"), ("index", index));

    public static EsException ResourceAlreadyExists(string index, string uuid) =>
        new(400, "resource_already_exists_exception", $"index [{index}/{uuid}] already exists",
            ("index_uuid", uuid), ("index", index));

    public static EsException InvalidIndexName(string index, string why) =>
        new(400, "invalid_index_name_exception", $"Invalid index name [{index}], {why}",
            ("index_uuid", "_na_"), ("index", index));

    public static EsException Parsing(string reason) =>
        new(400, "parsing_exception", reason, ("line", 1), ("col", 1));

    public static EsException XContentParse(string reason) =>
        new(400, "x_content_parse_exception", reason);

    public static EsException IllegalArgument(string reason) =>
        new(400, "illegal_argument_exception", reason);

    public static EsException ActionRequestValidation(string reason) =>
        new(400, "action_request_validation_exception", $"Validation Failed: 1: {reason};");

    public static EsException NotSupported(string feature) =>
        IllegalArgument($"[{feature}] is not supported by the Sidecar Elasticsearch stand-in");

    public static EsException QueryShard(string reason, string index, string uuid) =>
        new(400, "query_shard_exception", reason, ("index_uuid", uuid), ("index", index));

    public static EsException DocumentMissing(string index, string uuid, string id) =>
        new(404, "document_missing_exception", $"[{id}]: document missing",
            ("index_uuid", uuid), ("shard", "0"), ("index", index));

    public static EsException VersionConflictExists(string index, string uuid, string id, long currentVersion) =>
        new(409, "version_conflict_engine_exception",
            $"[{id}]: version conflict, document already exists (current version [{currentVersion}])",
            ("index_uuid", uuid), ("shard", "0"), ("index", index));

    public static EsException VersionConflictSeqNo(
        string index, string uuid, string id, long requiredSeqNo, long requiredTerm, long currentSeqNo) =>
        new(409, "version_conflict_engine_exception",
            $"[{id}]: version conflict, required seqNo [{requiredSeqNo}], primary term [{requiredTerm}]. " +
            (currentSeqNo < 0
                ? "but no document was found"
                : $"current document has seqNo [{currentSeqNo}] and primary term [1]"),
            ("index_uuid", uuid), ("shard", "0"), ("index", index));

    public static EsException DocumentParsing(string reason, EsException? cause = null) =>
        new(400, "document_parsing_exception", reason) { CausedBy = cause };

    public static EsException MapperParsing(string reason) =>
        new(400, "mapper_parsing_exception", reason);

    public static EsException FielddataDisabled(string field, string index) =>
        IllegalArgument(
            $"Fielddata is disabled on [{field}] in [{index}]. Text fields are not optimised for operations that " +
            "require per-document field data like aggregations and sorting, so these operations are disabled by " +
            $"default. Please use a keyword field instead. Alternatively, set fielddata=true on [{field}] in order " +
            "to load field data by uninverting the inverted index. Note that this can use significant memory.");

    public static EsException NoHandler(string uri, string method) =>
        new(400, "illegal_argument_exception", $"no handler found for uri [{uri}] and method [{method}]") { Plain = true };

    public static EsException MethodNotAllowed(string uri, string method, IEnumerable<string> allowed)
    {
        var list = string.Join(", ", allowed);
        return new EsException(405, "method_not_allowed",
            $"Incorrect HTTP method for uri [{uri}] and method [{method}], allowed: [{list}]")
        {
            Plain = true,
            Headers = new Dictionary<string, string> { ["Allow"] = list },
        };
    }
}
