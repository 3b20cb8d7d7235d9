namespace Sidecar.Personalization;

/// <summary>
/// Bounds the events being stored and applied by this process at once (backpressure): a batch that
/// would go over <c>ingest.max_in_flight_events</c> is refused (429 with Retry-After) instead of queueing
/// without limit. A batch larger than the bound passes when nothing else is in flight.
/// </summary>
public sealed class IngestGate
{
    private int _inFlight;

    public int InFlight => Volatile.Read(ref _inFlight);

    public bool TryEnter(int count, int max)
    {
        while (true)
        {
            var current = Volatile.Read(ref _inFlight);
            if (current > 0 && current + count > max)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _inFlight, current + count, current) == current)
            {
                return true;
            }
        }
    }

    public void Exit(int count) => Interlocked.Add(ref _inFlight, -count);
}
