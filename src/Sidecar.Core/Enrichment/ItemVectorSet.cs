using System.Buffers;

namespace Sidecar.Enrichment;

/// <summary>
/// The item vectors of one search's window, by upstream rank, in one pooled buffer (no array per hit). An empty span
/// means the hit has none. Owned by the search that resolved it: dispose it when the request is answered.
/// </summary>
public sealed class ItemVectorSet : IDisposable
{
    /// <summary>A set without vectors (every hit missing).</summary>
    public static readonly ItemVectorSet Empty = new(0, 0);

    private readonly int[] _offset;
    private readonly int[] _length;
    private float[] _flat;
    private readonly bool _pooled;
    private int _used;

    /// <param name="count">Hits in the window.</param>
    /// <param name="expectedDimensions">Vector length expected (room for all hits is taken up front).</param>
    /// <param name="pooled">Rent the buffer from the shared pool (then dispose the set) rather than allocate it.</param>
    public ItemVectorSet(int count, int expectedDimensions, bool pooled = true)
    {
        _pooled = pooled && count > 0;
        _offset = count == 0 ? [] : new int[count];
        _length = count == 0 ? [] : new int[count];
        _flat = Take(count == 0 ? 0 : Math.Max(1, count * Math.Max(1, expectedDimensions)));
    }

    /// <summary>Hits in the window.</summary>
    public int Count => _offset.Length;

    /// <summary>True when fetching missing vectors from Elasticsearch failed (those hits have none).</summary>
    public bool FetchFailed { get; internal set; }

    /// <summary>The vector of the hit at <paramref name="rank"/>; empty when it has none.</summary>
    public ReadOnlySpan<float> this[int rank] =>
        (uint)rank < (uint)_length.Length && _length[rank] > 0 ? _flat.AsSpan(_offset[rank], _length[rank]) : [];

    /// <summary>Room for the vector of the hit at <paramref name="rank"/>, to be filled by the caller; replaces an earlier one.</summary>
    internal Span<float> Reserve(int rank, int length)
    {
        if (_used + length > _flat.Length)
        {
            var bigger = Take(Math.Max(_flat.Length * 2, _used + length));
            _flat.AsSpan(0, _used).CopyTo(bigger);
            Give(_flat);
            _flat = bigger;
        }

        _offset[rank] = _used;
        _length[rank] = length;
        _used += length;
        return _flat.AsSpan(_offset[rank], length);
    }

    /// <summary>Marks the hit at <paramref name="rank"/> as having no vector (e.g. what was reserved did not parse).</summary>
    internal void Clear(int rank) => _length[rank] = 0;

    public void Dispose()
    {
        if (_flat.Length > 0 && !ReferenceEquals(this, Empty))
        {
            Give(_flat);
            _flat = [];
            Array.Clear(_length);
        }
    }

    private float[] Take(int length) => length == 0 ? [] : _pooled ? ArrayPool<float>.Shared.Rent(length) : new float[length];

    private void Give(float[] buffer)
    {
        if (_pooled && buffer.Length > 0)
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }
}
