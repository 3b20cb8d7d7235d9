namespace Sidecar.Enrichment;

/// <summary>
/// Where an index keeps its item embeddings and which <c>_source</c> fields they are computed from.
/// Immutable; every value is checked when set, so an instance is always usable.
/// </summary>
public sealed record ItemEmbeddingOptions
{
    /// <summary>Put between the elements of an array value (category levels). Fixed: <c>" > "</c>.</summary>
    public const string ArraySeparator = " > ";

    private static readonly string[] DefaultTextFields = ["title", "brand", "category"];

    private readonly string _field = "embedding";
    private readonly IReadOnlyList<string> _textFields = DefaultTextFields;
    private readonly string _separator = " | ";
    private readonly int _maxTextChars = 1000;

    /// <summary>The defaults below.</summary>
    public static ItemEmbeddingOptions Default { get; } = new();

    /// <summary>
    /// The top-level <c>_source</c> field holding the vector (a <c>dense_vector</c> in the mapping).
    /// Default <c>embedding</c>. No dots: the enrichers write it as a top-level key.
    /// </summary>
    public string Field
    {
        get => _field;
        init
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value);
            if (value.Contains('.', StringComparison.Ordinal))
            {
                throw new ArgumentException($"The embedding field must be a top-level name without dots, got '{value}'.", nameof(value));
            }

            // Against explicitly set text fields only: an initializer may set Field before TextFields.
            if (!ReferenceEquals(_textFields, DefaultTextFields) && _textFields.Contains(value, StringComparer.Ordinal))
            {
                throw new ArgumentException($"The embedding field '{value}' cannot also be a text field.", nameof(value));
            }

            _field = value;
        }
    }

    /// <summary>
    /// The fields whose values are embedded, in this order (dotted paths allowed). Default
    /// <c>[title, brand, category]</c>: the evaluation found arctic-embed-xs over <c>title | brand | category</c> works well.
    /// </summary>
    public IReadOnlyList<string> TextFields
    {
        get => _textFields;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Count == 0 || value.Any(string.IsNullOrWhiteSpace))
            {
                throw new ArgumentException("At least one text field is needed and none may be blank.", nameof(value));
            }

            if (value.Contains(_field, StringComparer.Ordinal))
            {
                throw new ArgumentException($"The embedding field '{_field}' cannot also be a text field.", nameof(value));
            }

            _textFields = value.ToArray();
        }
    }

    /// <summary>Put between the values of two fields. Default <c>" | "</c>.</summary>
    public string Separator
    {
        get => _separator;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            _separator = value;
        }
    }

    /// <summary>
    /// Where the search path reads item vectors. Default <see cref="ItemVectorSource.Cache"/>: the first stage leaves the
    /// vector field out of <c>_source</c> (as Elasticsearch 9.2+ does by default), vectors come from the item cache and the
    /// misses of a search are fetched with one <c>_mget</c>. <see cref="ItemVectorSource.Source"/>: the first stage asks for
    /// the field and every hit's vector is parsed from its <c>_source</c> (about 40 µs per 384-float vector).
    /// </summary>
    public ItemVectorSource VectorsFrom { get; init; } = ItemVectorSource.Cache;

    /// <summary>
    /// Ask Elasticsearch to put vectors back into <c>_source</c> (<c>"exclude_vectors": false</c>) where the sidecar asks for
    /// them. Needed for indices with <c>index.mapping.exclude_source_vectors: true</c> (the default of indices created by
    /// Elasticsearch 9.2 and later); leave false for older clusters, which reject the key. Default false.
    /// </summary>
    public bool RehydrateVectors { get; init; }

    /// <summary>The text is cut to this many characters before embedding (the model truncates tokens anyway). Default 1000.</summary>
    public int MaxTextChars
    {
        get => _maxTextChars;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxTextChars = value;
        }
    }
}
