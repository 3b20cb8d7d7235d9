using System.Text.Json;
using Sidecar.Proxy;

namespace Sidecar.Search;

/// <summary>A rewritten search body (query expansion) parsed for the first-stage writer; owns its buffer.</summary>
internal sealed class ExpandedBody : IDisposable
{
    private readonly PooledBuffer _buffer;

    public ExpandedBody(PooledBuffer buffer)
    {
        _buffer = buffer;
        Document = JsonDocument.Parse(buffer.WrittenMemory);
    }

    public JsonDocument Document { get; }

    public void Dispose()
    {
        Document.Dispose();
        _buffer.Dispose();
    }
}
