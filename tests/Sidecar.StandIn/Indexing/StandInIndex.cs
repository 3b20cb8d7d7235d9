using System.Text.Json;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Sidecar.StandIn.Analysis;
using Sidecar.StandIn.Errors;
using Sidecar.StandIn.Json;
using Sidecar.StandIn.Mapping;

namespace Sidecar.StandIn.Indexing;

/// <summary>
/// One in-memory index (a single shard): a Lucene RAMDirectory with one IndexWriter (all writes under a lock)
/// and a SearcherManager reopened lazily before a search when there were writes (near-real-time).
/// Realtime GET and versioning use a per-id state table, like the Elasticsearch version map.
/// </summary>
public sealed class StandInIndex : IDisposable
{
    private readonly System.Threading.Lock _writeLock = new();
    private readonly RAMDirectory _directory = new();
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searchers;
    private readonly Dictionary<string, DocState> _docs = new(StringComparer.Ordinal);
    private long _seqNo = -1;
    private int _dirty;
    private bool _disposed;

    public StandInIndex(string name, IndexSettings settings, ParsedMapping? mappings)
    {
        Name = name;
        Settings = settings;
        Uuid = DocumentIds.NewUuid();
        CreationDate = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        if (mappings is not null)
        {
            Mapping.Merge(mappings);
        }

        var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, new IndexAnalyzer(Mapping, settings.DefaultAnalyzer))
        {
            OpenMode = OpenMode.CREATE,
            Similarity = Similarity,
            RAMBufferSizeMB = 64,
            MergePolicy = new LogByteSizeMergePolicy { NoCFSRatio = 0 },
            MergeScheduler = new SerialMergeScheduler(),
        };
        _writer = new IndexWriter(_directory, config);
        _searchers = new SearcherManager(_writer, true, new EsSearcherFactory(Similarity));
    }

    /// <summary>Similarity shared by writers and searchers (Elasticsearch-like BM25).</summary>
    public static EsBm25Similarity Similarity { get; } = new();

    public string Name { get; }

    public string Uuid { get; }

    public long CreationDate { get; }

    public IndexSettings Settings { get; }

    public IndexMapping Mapping { get; } = new();

    public string DefaultAnalyzer => Settings.DefaultAnalyzer;

    /// <summary>Number of live documents (realtime).</summary>
    public int LiveCount
    {
        get
        {
            lock (_writeLock)
            {
                return _docs.Values.Count(d => d.Live);
            }
        }
    }

    /// <summary>Indexes (or, with <paramref name="createOnly"/>, creates) a document.</summary>
    public WriteResult Index(string? id, byte[] source, JsonElement root, bool createOnly, long? ifSeqNo = null, long? ifPrimaryTerm = null)
    {
        id = DocumentIds.Validate(id) ?? DocumentIds.NewId();
        lock (_writeLock)
        {
            ThrowIfDisposed();
            var state = _docs.GetValueOrDefault(id);
            if (createOnly && state is { Live: true })
            {
                throw EsErrors.VersionConflictExists(Name, Uuid, id, state.Version);
            }

            CheckSeqNo(id, state, ifSeqNo, ifPrimaryTerm);
            return Write(id, state, source, root);
        }
    }

    public WriteResult Update(string id, UpdateSpec spec, long? ifSeqNo = null, long? ifPrimaryTerm = null)
    {
        id = DocumentIds.Validate(id) ?? throw EsErrors.ActionRequestValidation("id is missing");
        lock (_writeLock)
        {
            ThrowIfDisposed();
            var state = _docs.GetValueOrDefault(id);
            CheckSeqNo(id, state, ifSeqNo, ifPrimaryTerm);
            if (state is not { Live: true })
            {
                var insert = spec.DocAsUpsert ? spec.Doc : spec.Upsert;
                if (insert is not { } upsert)
                {
                    throw EsErrors.DocumentMissing(Name, Uuid, id);
                }

                return Write(id, state, SourceMerger.Compact(upsert), upsert);
            }

            using var original = JsonParsing.Parse(state.Source);
            var merged = SourceMerger.Merge(original.RootElement, spec.Doc!.Value);
            if (spec.DetectNoop && merged.AsSpan().SequenceEqual(SourceMerger.Compact(original.RootElement)))
            {
                return new WriteResult(id, state.Version, state.SeqNo, "noop", 200);
            }

            using var mergedDoc = JsonDocument.Parse(merged);
            return Write(id, state, merged, mergedDoc.RootElement);
        }
    }

    public WriteResult Delete(string id, long? ifSeqNo = null, long? ifPrimaryTerm = null)
    {
        id = DocumentIds.Validate(id) ?? throw EsErrors.ActionRequestValidation("id is missing");
        lock (_writeLock)
        {
            ThrowIfDisposed();
            var state = _docs.GetValueOrDefault(id);
            CheckSeqNo(id, state, ifSeqNo, ifPrimaryTerm);
            var seqNo = ++_seqNo;
            var version = (state?.Version ?? 0) + 1;
            if (state is not { Live: true })
            {
                return new WriteResult(id, state is null ? 1 : version, seqNo, "not_found", 404);
            }

            _writer.DeleteDocuments(new Term(DocumentBuilder.IdField, id));
            _docs[id] = new DocState(version, seqNo, null);
            Interlocked.Exchange(ref _dirty, 1);
            return new WriteResult(id, version, seqNo, "deleted", 200);
        }
    }

    /// <summary>Realtime get (sees writes before any refresh).</summary>
    public StoredDoc? Get(string id)
    {
        lock (_writeLock)
        {
            return _docs.TryGetValue(id, out var s) && s.Source is { } source
                ? new StoredDoc(id, s.Version, s.SeqNo, source)
                : null;
        }
    }

    /// <summary>Makes all writes visible to searches.</summary>
    public void Refresh()
    {
        Interlocked.Exchange(ref _dirty, 0);
        _searchers.MaybeRefreshBlocking();
    }

    /// <summary>Acquires a searcher (refreshing first when there were writes); release with <see cref="Release"/>.</summary>
    public IndexSearcher Acquire()
    {
        try
        {
            if (Interlocked.Exchange(ref _dirty, 0) == 1)
            {
                _searchers.MaybeRefreshBlocking();
            }

            return _searchers.Acquire();
        }
        catch (ObjectDisposedException)
        {
            throw EsErrors.IndexNotFound(Name);
        }
    }

    public void Release(IndexSearcher searcher) => _searchers.Release(searcher);

    public void Dispose()
    {
        lock (_writeLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _searchers.Dispose();
            _writer.Dispose();
        }
    }

    private WriteResult Write(string id, DocState? state, byte[] source, JsonElement root)
    {
        var version = (state?.Version ?? 0) + 1;
        var seqNo = _seqNo + 1;
        var doc = DocumentBuilder.Build(Mapping, id, source, root, version, seqNo);
        _seqNo = seqNo;
        if (state is { Live: true })
        {
            _writer.UpdateDocument(new Term(DocumentBuilder.IdField, id), doc);
        }
        else
        {
            _writer.AddDocument(doc);
        }

        _docs[id] = new DocState(version, seqNo, source);
        Interlocked.Exchange(ref _dirty, 1);
        var created = state is not { Live: true };
        return new WriteResult(id, version, seqNo, created ? "created" : "updated", created ? 201 : 200);
    }

    private void CheckSeqNo(string id, DocState? state, long? ifSeqNo, long? ifPrimaryTerm)
    {
        if (ifSeqNo is null && ifPrimaryTerm is null)
        {
            return;
        }

        var current = state is { Live: true } ? state.SeqNo : -1;
        if (ifSeqNo != current || (ifPrimaryTerm ?? 1) != 1)
        {
            throw EsErrors.VersionConflictSeqNo(Name, Uuid, id, ifSeqNo ?? -2, ifPrimaryTerm ?? 0, current);
        }
    }

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw EsErrors.IndexNotFound(Name);
        }
    }
}
