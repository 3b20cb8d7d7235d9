namespace Sidecar.StandIn.Mapping;

/// <summary>Leaf field types the stand-in understands.</summary>
public enum FieldKind
{
    Text,
    Keyword,
    Long,
    Integer,
    Short,
    Byte,
    Double,
    Float,
    HalfFloat,
    ScaledFloat,
    Boolean,
    Date,

    /// <summary>dense_vector: kept in _source only, not indexed.</summary>
    DenseVector,

    /// <summary>Other real Elasticsearch types (ip, geo_point, ...): accepted, kept in _source only.</summary>
    SourceOnly,
}
