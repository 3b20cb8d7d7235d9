using System.Text.Json;
using Lucene.Net.Documents;
using Sidecar.StandIn.Errors;
using Sidecar.StandIn.Json;
using Sidecar.StandIn.Mapping;

namespace Sidecar.StandIn.Indexing;

/// <summary>
/// Turns a JSON source into a Lucene document: objects are flattened to dotted paths, arrays become
/// multi-valued fields, unmapped fields get dynamic mappings. Adds the metadata fields
/// (<c>_id</c>, <c>_source</c>, <c>_version</c>, <c>_seq_no</c>, <c>_field_names</c>).
/// </summary>
public sealed class DocumentBuilder
{
    public const string IdField = "_id";
    public const string SourceField = "_source";
    public const string VersionField = "_version";
    public const string SeqNoField = "_seq_no";
    public const string FieldNamesField = "_field_names";

    private static readonly HashSet<string> MetadataFields = new(StringComparer.Ordinal)
    {
        "_id", "_index", "_source", "_routing", "_version", "_seq_no", "_primary_term", "_field_names",
        "_ignored", "_doc_count", "_tier", "_data_stream_timestamp", "_nested_path",
    };

    private readonly MappingSnapshot _mapping;
    private readonly string _id;
    private readonly Dictionary<string, FieldMapping> _newLeaves = new(StringComparer.Ordinal);
    private readonly HashSet<string> _newObjects = new(StringComparer.Ordinal);
    private readonly LuceneFieldWriter _fields = new();

    private DocumentBuilder(MappingSnapshot mapping, string id)
    {
        _mapping = mapping;
        _id = id;
    }

    /// <summary>Builds the document and applies new dynamic mappings (call under the index write lock).</summary>
    public static Document Build(IndexMapping mapping, string id, byte[] source, JsonElement root, long version, long seqNo)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw EsErrors.DocumentParsing("[1:1] failed to parse: the document source must be a JSON object");
        }

        var builder = new DocumentBuilder(mapping.Current, id);
        builder.WalkObject(root, "");
        var doc = builder._fields.Finish(id, source, version, seqNo);
        mapping.AddDynamic(builder._newLeaves.Values, builder._newObjects);
        return doc;
    }

    private FieldMapping? Find(string path) => _mapping.Find(path) ?? _newLeaves.GetValueOrDefault(path);

    private bool IsObject(string path) => _mapping.Objects.Contains(path) || _newObjects.Contains(path);

    private void WalkObject(JsonElement obj, string path)
    {
        foreach (var prop in obj.EnumerateObject())
        {
            if (prop.Name.Length == 0 || prop.Name.Contains("..", StringComparison.Ordinal))
            {
                throw EsErrors.DocumentParsing($"[1:1] field name cannot be an empty string (in [{path}])");
            }

            if (path.Length == 0 && MetadataFields.Contains(prop.Name))
            {
                throw EsErrors.DocumentParsing(
                    $"[1:1] Field [{prop.Name}] is a metadata field and cannot be added inside a document. Use the index API request parameters.");
            }

            var childPath = path.Length == 0 ? prop.Name : path + "." + prop.Name;
            for (var dot = prop.Name.IndexOf('.'); dot >= 0; dot = prop.Name.IndexOf('.', dot + 1))
            {
                if (!EnsureObject(path.Length == 0 ? prop.Name[..dot] : path + "." + prop.Name[..dot]))
                {
                    return;
                }
            }

            Walk(prop.Value, childPath);
        }
    }

    private void Walk(JsonElement value, string path)
    {
        var field = Find(path);
        if (field is { Kind: FieldKind.DenseVector or FieldKind.SourceOnly })
        {
            if (value.ValueKind is not JsonValueKind.Null)
            {
                MarkFieldName(path);
            }

            return;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                if (field is not null)
                {
                    throw EsErrors.DocumentParsing(
                        $"[1:1] failed to parse field [{path}] of type [{field.TypeName}] in document with id '{_id}'. Preview of field's value: '{value.GetRawText()}'");
                }

                if (EnsureObject(path))
                {
                    WalkObject(value, path);
                }

                break;
            case JsonValueKind.Array:
                if (field is null && !IsObject(path) && _mapping.Dynamic == DynamicMode.True
                    && DynamicMapper.ForArray(path, value) is { } vector)
                {
                    _newLeaves[path] = vector;
                    MarkFieldName(path);
                    return;
                }

                foreach (var item in value.EnumerateArray())
                {
                    Walk(item, path);
                }

                break;
            case JsonValueKind.Null:
                if (field?.NullValue is { } nullValue)
                {
                    IndexWithMultiFields(field, nullValue);
                }

                break;
            default:
                if (IsObject(path))
                {
                    throw EsErrors.DocumentParsing(
                        $"[1:1] object mapping for [{path}] tried to parse field [{path}] as object, but found a concrete value");
                }

                field ??= NewDynamicLeaf(path, value);
                if (field is not null)
                {
                    IndexWithMultiFields(field, value);
                }

                break;
        }
    }

    private bool EnsureObject(string path)
    {
        if (IsObject(path))
        {
            return true;
        }

        if (Find(path) is { } leaf)
        {
            throw EsErrors.DocumentParsing(
                $"[1:1] Could not dynamically add mapping for field [{path}]. Existing mapping for [{path}] must be of type object but found [{leaf.TypeName}].");
        }

        if (!DynamicAllowed(path))
        {
            return false;
        }

        _newObjects.Add(path);
        return true;
    }

    private FieldMapping? NewDynamicLeaf(string path, JsonElement value)
    {
        if (!DynamicAllowed(path))
        {
            return null;
        }

        var field = DynamicMapper.ForScalar(path, value);
        _newLeaves[path] = field;
        return field;
    }

    private bool DynamicAllowed(string path)
    {
        switch (_mapping.Dynamic)
        {
            case DynamicMode.True:
                return true;
            case DynamicMode.Strict:
                var dot = path.LastIndexOf('.');
                var parent = dot < 0 ? "_doc" : path[..dot];
                throw new EsException(400, "strict_dynamic_mapping_exception",
                    $"[1:1] mapping set to strict, dynamic introduction of [{path[(dot + 1)..]}] within [{parent}] is not allowed");
            default:
                return false;
        }
    }

    private void IndexWithMultiFields(FieldMapping field, JsonElement value)
    {
        if (!JsonValues.IsScalar(value))
        {
            return;
        }

        _fields.Add(field, value, _id);
        foreach (var sub in field.MultiFields)
        {
            _fields.Add(sub, value, _id);
        }
    }

    private void MarkFieldName(string path) => _fields.MarkFieldName(path);
}
