namespace Makini.Grpc.Connectors.Http;

/// <summary>
/// Admits each request to a customer's system: the place to enforce a per-connection request budget (rate and
/// concurrency, shared across nodes) and to refuse requests for a connection that was stopped. A request holds its
/// slot through its retries.
/// </summary>
public interface IOutboundGate
{
    /// <summary>Waits for a slot; dispose the result when the request is done.</summary>
    /// <exception cref="SourceCallRefusedException">The connection's work was stopped (disconnected or paused).</exception>
    ValueTask<IAsyncDisposable> EnterAsync(string connectionId, string systemId, CancellationToken ct);

    /// <summary>Checked before every attempt, retries included: a request admitted before its connection was stopped
    /// must not send a retry after the stop was acknowledged.</summary>
    /// <exception cref="SourceCallRefusedException">The connection's work was stopped.</exception>
    void EnsureNotStopped(string connectionId);
}

/// <summary>The gate used when nothing else is registered: admits everything (credential checks during a link have no
/// connection yet, and connector tests run without the domain).</summary>
public sealed class OpenOutboundGate : IOutboundGate
{
    private sealed class Nothing : IAsyncDisposable
    {
        public static readonly Nothing Instance = new();
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    public ValueTask<IAsyncDisposable> EnterAsync(string connectionId, string systemId, CancellationToken ct) =>
        ValueTask.FromResult<IAsyncDisposable>(Nothing.Instance);

    public void EnsureNotStopped(string connectionId) { }
}

/// <summary>The request was not sent: its connection no longer may reach the source.</summary>
public sealed class SourceCallRefusedException(string connectionId, string reason)
    : Exception($"Connection '{connectionId}' may not reach its source now: {reason}.")
{
    public string ConnectionId { get; } = connectionId;
}

/// <summary>Which connection (and system) the source calls of the current async flow belong to. Set by whoever calls a
/// connector on behalf of a connection (syncs, writes, health checks), read by <see cref="OutboundGateHandler"/>.</summary>
public static class SourceScope
{
    private static readonly AsyncLocal<(string ConnectionId, string SystemId)?> Current = new();

    public static (string ConnectionId, string SystemId)? Connection => Current.Value;

    public static IDisposable Enter(string connectionId, string systemId)
    {
        var previous = Current.Value;
        Current.Value = (connectionId, systemId);
        return new Restore(previous);
    }

    private sealed class Restore((string, string)? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}

/// <summary>Runs each request (with its retries) through the <see cref="IOutboundGate"/> of the connection in <see cref="SourceScope"/>.</summary>
internal sealed class OutboundGateHandler(IOutboundGate gate) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (SourceScope.Connection is not { } scope) return await base.SendAsync(request, cancellationToken);
        await using var slot = await gate.EnterAsync(scope.ConnectionId, scope.SystemId, cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}

/// <summary>Inside the retries: refuses each attempt, the first and every retry, once the connection was stopped (see
/// <see cref="IOutboundGate.EnsureNotStopped"/>).</summary>
internal sealed class OutboundStopCheckHandler(IOutboundGate gate) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (SourceScope.Connection is { } scope) gate.EnsureNotStopped(scope.ConnectionId);
        return base.SendAsync(request, cancellationToken);
    }
}
