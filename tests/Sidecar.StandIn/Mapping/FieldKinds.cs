namespace Sidecar.StandIn.Mapping;

/// <summary>Classification helpers for <see cref="FieldKind"/>.</summary>
public static class FieldKinds
{
    private static readonly Dictionary<string, FieldKind> ByName = new(StringComparer.Ordinal)
    {
        ["text"] = FieldKind.Text,
        ["match_only_text"] = FieldKind.Text,
        ["keyword"] = FieldKind.Keyword,
        ["constant_keyword"] = FieldKind.Keyword,
        ["wildcard"] = FieldKind.Keyword,
        ["long"] = FieldKind.Long,
        ["unsigned_long"] = FieldKind.Long,
        ["integer"] = FieldKind.Integer,
        ["short"] = FieldKind.Short,
        ["byte"] = FieldKind.Byte,
        ["double"] = FieldKind.Double,
        ["float"] = FieldKind.Float,
        ["half_float"] = FieldKind.HalfFloat,
        ["scaled_float"] = FieldKind.ScaledFloat,
        ["boolean"] = FieldKind.Boolean,
        ["date"] = FieldKind.Date,
        ["date_nanos"] = FieldKind.Date,
        ["dense_vector"] = FieldKind.DenseVector,
        ["ip"] = FieldKind.SourceOnly,
        ["geo_point"] = FieldKind.SourceOnly,
        ["geo_shape"] = FieldKind.SourceOnly,
        ["binary"] = FieldKind.SourceOnly,
        ["flattened"] = FieldKind.SourceOnly,
        ["sparse_vector"] = FieldKind.SourceOnly,
        ["rank_feature"] = FieldKind.SourceOnly,
        ["rank_features"] = FieldKind.SourceOnly,
        ["semantic_text"] = FieldKind.SourceOnly,
        ["search_as_you_type"] = FieldKind.SourceOnly,
        ["completion"] = FieldKind.SourceOnly,
        ["integer_range"] = FieldKind.SourceOnly,
        ["long_range"] = FieldKind.SourceOnly,
        ["float_range"] = FieldKind.SourceOnly,
        ["double_range"] = FieldKind.SourceOnly,
        ["date_range"] = FieldKind.SourceOnly,
        ["ip_range"] = FieldKind.SourceOnly,
        ["version"] = FieldKind.SourceOnly,
        ["alias"] = FieldKind.SourceOnly,
        ["token_count"] = FieldKind.SourceOnly,
        ["percolator"] = FieldKind.SourceOnly,
    };

    public static bool TryParse(string typeName, out FieldKind kind) => ByName.TryGetValue(typeName, out kind);

    /// <summary>Stored and queried as a 64-bit integer (long-like numbers, dates, booleans as 0/1 in doc values).</summary>
    public static bool IsIntegral(this FieldKind k) =>
        k is FieldKind.Long or FieldKind.Integer or FieldKind.Short or FieldKind.Byte or FieldKind.Date;

    public static bool IsFloating(this FieldKind k) =>
        k is FieldKind.Double or FieldKind.Float or FieldKind.HalfFloat or FieldKind.ScaledFloat;

    public static bool IsNumeric(this FieldKind k) => k.IsIntegral() || k.IsFloating();

    /// <summary>Has per-document values usable for sorting and aggregations.</summary>
    public static bool HasDocValues(this FieldKind k) =>
        k.IsNumeric() || k is FieldKind.Keyword or FieldKind.Boolean;

    /// <summary>Doc values hold numbers (longs for integral kinds and booleans, doubles otherwise).</summary>
    public static bool HasNumericDocValues(this FieldKind k) => k.IsNumeric() || k is FieldKind.Boolean;

    public static bool IsIndexed(this FieldKind k) => k is not (FieldKind.DenseVector or FieldKind.SourceOnly);

    /// <summary>Rounds a value the way the field type stores it (float precision, scaled_float factor).</summary>
    public static double Normalize(this FieldKind k, double value, double scalingFactor) => k switch
    {
        FieldKind.Float => (float)value,
        FieldKind.HalfFloat => (double)(Half)value,
        FieldKind.ScaledFloat => Math.Round(value * scalingFactor, MidpointRounding.AwayFromZero) / scalingFactor,
        _ => value,
    };

    /// <summary>Inclusive range of the integral kind.</summary>
    public static (long Min, long Max) IntegralRange(this FieldKind k) => k switch
    {
        FieldKind.Integer => (int.MinValue, int.MaxValue),
        FieldKind.Short => (short.MinValue, short.MaxValue),
        FieldKind.Byte => (sbyte.MinValue, sbyte.MaxValue),
        _ => (long.MinValue, long.MaxValue),
    };
}
