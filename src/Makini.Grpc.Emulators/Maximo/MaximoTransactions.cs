namespace Makini.Grpc.Emulators.Maximo;

/// <summary>
/// The <c>transactionid</c> header store: a create, update, delete or action carrying an id already used answers 409
/// without applying anything. Maximo keeps an id as part of the committed transaction (a refused write does not keep
/// it) and forgets it after five minutes (the OSLCTXN escalation's default). An id whose first request is still
/// running counts as used, so a retry racing its original is refused too.
/// </summary>
internal sealed class MaximoTransactions(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, DateTimeOffset?> _ids = new(StringComparer.Ordinal); // null: still running

    /// <summary>Claims the id; false when it was used within the lifetime or is in use now.</summary>
    public bool TryBegin(string transactionId)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_ids.TryGetValue(transactionId, out var expires) && (expires is null || expires > now)) return false;
            _ids[transactionId] = null;
            if (_ids.Count > 4096) Purge(now);
            return true;
        }
    }

    public void Commit(string transactionId)
    {
        lock (_lock) _ids[transactionId] = time.GetUtcNow() + Lifetime;
    }

    /// <summary>The write was refused: the id was never committed and may be used again.</summary>
    public void Abandon(string transactionId)
    {
        lock (_lock)
        {
            if (_ids.TryGetValue(transactionId, out var expires) && expires is null) _ids.Remove(transactionId);
        }
    }

    private void Purge(DateTimeOffset now)
    {
        foreach (var (id, expires) in _ids.ToList())
            if (expires is { } e && e <= now) _ids.Remove(id);
    }
}
