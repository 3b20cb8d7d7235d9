using System.Text.Json;

namespace Sidecar.Enrichment;

/// <summary>The counters of one <see cref="EmbeddingBackfill"/> run, and the ids it gave up on.</summary>
internal sealed class BackfillRun(string index, TimeProvider time)
{
    private readonly long _started = time.GetTimestamp();
    private readonly List<BackfillFailure> _new = [];
    private long _done, _failed, _skipped, _conflicts;

    public long Total { get; set; }

    public HashSet<string> Excluded { get; } = new(StringComparer.Ordinal);

    public List<BackfillFailure> Failures { get; } = [];

    public void Skip(BackfillHit hit)
    {
        _skipped++;
        Excluded.Add(hit.Id);
    }

    /// <summary>The hits whose vector can be written; an embedder result that is missing, empty or not finite fails its document.</summary>
    public (List<BackfillHit> Hits, List<float[]> Vectors) KeepWritable(List<BackfillHit> hits, float[][] vectors)
    {
        var keptHits = new List<BackfillHit>(hits.Count);
        var keptVectors = new List<float[]>(hits.Count);
        for (var i = 0; i < hits.Count; i++)
        {
            var v = i < vectors.Length ? vectors[i] : null;
            if (v is null || !VectorText.IsWritable(v))
            {
                Fail(new BackfillFailure(hits[i].Index, hits[i].Id, 0, "the embedder returned no usable vector (empty or not finite)"));
                continue;
            }

            keptHits.Add(hits[i]);
            keptVectors.Add(v);
        }

        return (keptHits, keptVectors);
    }

    /// <summary>Counts the items of a <c>_bulk</c> answer (same order as the actions sent).</summary>
    public void Record(List<BackfillHit> sent, JsonElement answer, HashSet<(string, string)> written)
    {
        var answered = answer.TryGetProperty("items"u8, out var items) && items.ValueKind == JsonValueKind.Array ? items.GetArrayLength() : 0;
        var n = 0;
        for (; n < Math.Min(answered, sent.Count); n++)
        {
            var hit = sent[n];
            var item = items[n];
            var result = item.TryGetProperty("update"u8, out var u) ? u : item;
            var status = result.TryGetProperty("status"u8, out var s) && s.TryGetInt32(out var code) ? code : 0;
            if (status is >= 200 and < 300)
            {
                _done++;
                written.Add((hit.Index, hit.Id));
            }
            else if (status == 409)
            {
                _conflicts++; // changed since it was read: the writer's vector wins, or it comes back in a later page
            }
            else
            {
                var reason = result.TryGetProperty("error"u8, out var e) ? BackfillHttp.Describe(e) : "no status in the bulk answer";
                Fail(new BackfillFailure(hit.Index, hit.Id, status, reason));
            }
        }

        for (; n < sent.Count; n++)
        {
            Fail(new BackfillFailure(sent[n].Index, sent[n].Id, 0, "missing from the bulk answer"));
        }
    }

    public BackfillProgress Snapshot()
    {
        var failures = _new.ToArray();
        _new.Clear();
        return new BackfillProgress(index, _done, Total, _failed, _skipped, _conflicts, time.GetElapsedTime(_started), failures);
    }

    private void Fail(BackfillFailure failure)
    {
        _failed++;
        Excluded.Add(failure.Id);
        _new.Add(failure);
        if (Failures.Count < EmbeddingBackfill.MaxReportedFailures)
        {
            Failures.Add(failure);
        }
    }
}
