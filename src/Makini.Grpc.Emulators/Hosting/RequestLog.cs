namespace Makini.Grpc.Emulators.Hosting;

/// <summary>One request an instance received. <see cref="Path"/> is below the instance base; the query is redacted.</summary>
internal sealed record RequestLogEntry(string Method, string Path, string Query, DateTime Time, int Status);

/// <summary>The recent non-control requests of one instance, oldest first.</summary>
internal sealed class RequestLog
{
    // Bounded so a long-running emulator cannot grow without limit.
    private const int Capacity = 5000;
    private readonly Lock _lock = new();
    private readonly LinkedList<RequestLogEntry> _entries = new();

    public void Add(RequestLogEntry entry)
    {
        lock (_lock)
        {
            _entries.AddLast(entry);
            if (_entries.Count > Capacity)
                _entries.RemoveFirst();
        }
    }

    public IReadOnlyList<RequestLogEntry> Snapshot()
    {
        lock (_lock)
            return _entries.ToList();
    }

    public void Clear()
    {
        lock (_lock)
            _entries.Clear();
    }
}
