using System.Buffers;

namespace Sidecar.Proxy;

/// <summary>A growable byte buffer over <see cref="ArrayPool{T}"/>; return it with <see cref="Dispose"/>.</summary>
public sealed class PooledBuffer : IBufferWriter<byte>, IDisposable
{
    private byte[] _array;
    private int _length;

    public PooledBuffer(int initialCapacity = 16 * 1024)
    {
        _array = ArrayPool<byte>.Shared.Rent(initialCapacity);
    }

    public int Length => _length;

    public ReadOnlyMemory<byte> WrittenMemory => _array.AsMemory(0, _length);

    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, _length);

    public void Advance(int count) => _length += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsMemory(_length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _array.AsSpan(_length);
    }

    /// <summary>Reads <paramref name="stream"/> to the end; false when it holds more than <paramref name="limit"/> bytes.</summary>
    public async ValueTask<bool> ReadFromAsync(Stream stream, long limit, CancellationToken ct)
    {
        while (true)
        {
            var memory = GetMemory(8192);
            var read = await stream.ReadAsync(memory, ct).ConfigureAwait(false);
            if (read == 0)
            {
                return true;
            }

            _length += read;
            if (_length > limit)
            {
                return false;
            }
        }
    }

    /// <summary>Synchronous <see cref="ReadFromAsync"/> for in-memory streams (decompression).</summary>
    public bool ReadFrom(Stream stream, long limit)
    {
        while (true)
        {
            var span = GetSpan(8192);
            var read = stream.Read(span);
            if (read == 0)
            {
                return true;
            }

            _length += read;
            if (_length > limit)
            {
                return false;
            }
        }
    }

    public void Dispose()
    {
        var a = _array;
        _array = [];
        _length = 0;
        if (a.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(a);
        }
    }

    private void Ensure(int sizeHint)
    {
        var need = Math.Max(sizeHint, 1);
        if (_array.Length - _length >= need)
        {
            return;
        }

        var grown = ArrayPool<byte>.Shared.Rent(Math.Max(_array.Length * 2, _length + need));
        _array.AsSpan(0, _length).CopyTo(grown);
        ArrayPool<byte>.Shared.Return(_array);
        _array = grown;
    }
}
