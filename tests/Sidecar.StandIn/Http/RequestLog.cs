namespace Sidecar.StandIn.Http;

/// <summary>Thread-safe bounded log of the last requests received.</summary>
public sealed class RequestLog
{
    private readonly Queue<ReceivedRequest> _items = new();
    private readonly Lock _lock = new();
    private readonly int _capacity;

    public RequestLog(int capacity = 1000) => _capacity = capacity;

    public void Add(ReceivedRequest request)
    {
        lock (_lock)
        {
            _items.Enqueue(request);
            while (_items.Count > _capacity)
            {
                _items.Dequeue();
            }
        }
    }

    public IReadOnlyList<ReceivedRequest> Snapshot()
    {
        lock (_lock)
        {
            return [.. _items];
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _items.Clear();
        }
    }
}
