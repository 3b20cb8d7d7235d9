using System.Text.Json;
using Lucene.Net.Documents;
using Sidecar.StandIn.Json;
using Sidecar.StandIn.Mapping;

namespace Sidecar.StandIn.Indexing;

/// <summary>
/// Accumulates the Lucene fields of one document: postings per field type, packed doc values for
/// keyword/numeric/boolean/date fields, <c>_field_names</c> for exists queries, and the metadata fields.
/// </summary>
public sealed class LuceneFieldWriter
{
    private readonly Document _doc = [];
    private readonly HashSet<string> _fieldNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _keywordValues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<long>> _numericValues = new(StringComparer.Ordinal);

    /// <summary>Adds one scalar value of a (multi-)field; throws document_parsing_exception when it does not fit.</summary>
    public void Add(FieldMapping field, JsonElement value, string id)
    {
        var path = field.Path;
        switch (field.Kind)
        {
            case FieldKind.Text:
                if (field.Searchable)
                {
                    _doc.Add(new TextField(path, JsonValues.ScalarText(value), Field.Store.NO));
                }

                break;
            case FieldKind.Keyword:
                var text = JsonValues.ScalarText(value);
                if (field.IgnoreAbove is { } max && text.Length > max)
                {
                    return;
                }

                if (field.Searchable)
                {
                    _doc.Add(new StringField(path, text, Field.Store.NO));
                }

                Values(_keywordValues, path).Add(text);
                break;
            case FieldKind.Boolean:
                if (!ValueConverter.TryToBoolean(value, out var b))
                {
                    throw ValueConverter.ParseFailure(field, value, id);
                }

                _doc.Add(new StringField(path, b ? "true" : "false", Field.Store.NO));
                Values(_numericValues, path).Add(b ? 1 : 0);
                break;
            case var k when k.IsIntegral():
                if (!ValueConverter.TryToLong(field, value, out var l))
                {
                    throw ValueConverter.ParseFailure(field, value, id);
                }

                if (field.Searchable)
                {
                    _doc.Add(new Int64Field(path, l, Field.Store.NO));
                }

                Values(_numericValues, path).Add(l);
                break;
            case var k when k.IsFloating():
                if (!ValueConverter.TryToDouble(field, value, out var d))
                {
                    throw ValueConverter.ParseFailure(field, value, id);
                }

                if (field.Searchable)
                {
                    _doc.Add(new DoubleField(path, d, Field.Store.NO));
                }

                Values(_numericValues, path).Add(BitConverter.DoubleToInt64Bits(d));
                break;
            default:
                break;
        }

        MarkFieldName(path);
    }

    private static List<T> Values<T>(Dictionary<string, List<T>> map, string path)
    {
        if (!map.TryGetValue(path, out var list))
        {
            list = [];
            map[path] = list;
        }

        return list;
    }

    /// <summary>Records that a path (and its parent objects) has a value.</summary>
    public void MarkFieldName(string path)
    {
        for (var p = path; _fieldNames.Add(p);)
        {
            var dot = p.LastIndexOf('.');
            if (dot < 0)
            {
                break;
            }

            p = p[..dot];
        }
    }

    /// <summary>Adds the metadata and doc-value fields and returns the document.</summary>
    public Document Finish(string id, byte[] source, long version, long seqNo)
    {
        _doc.Add(new StringField(DocumentBuilder.IdField, id, Field.Store.YES));
        _doc.Add(new StoredField(DocumentBuilder.SourceField, source));
        _doc.Add(new StoredField(DocumentBuilder.VersionField, version));
        _doc.Add(new StoredField(DocumentBuilder.SeqNoField, seqNo));
        foreach (var name in _fieldNames)
        {
            _doc.Add(new StringField(DocumentBuilder.FieldNamesField, name, Field.Store.NO));
        }

        foreach (var (path, values) in _keywordValues)
        {
            _doc.Add(new BinaryDocValuesField(path, PackedValues.EncodeStrings(values)));
        }

        foreach (var (path, values) in _numericValues)
        {
            _doc.Add(new BinaryDocValuesField(path, PackedValues.EncodeNumbers(values)));
        }

        return _doc;
    }
}
