namespace Makini.Grpc.Connectors;

/// <summary>Finds the connector of a system by its catalog ID (e.g. <c>sap_s4hana</c>).</summary>
public sealed class ConnectorRegistry
{
    private readonly Dictionary<string, ISourceConnector> _bySystemId;

    public ConnectorRegistry(IEnumerable<ISourceConnector> connectors)
    {
        _bySystemId = new Dictionary<string, ISourceConnector>(StringComparer.Ordinal);
        foreach (var connector in connectors)
            if (!_bySystemId.TryAdd(connector.SystemId, connector))
                throw new InvalidOperationException($"Two connectors are registered for {connector.SystemId}.");
    }

    public IReadOnlyCollection<ISourceConnector> All => _bySystemId.Values;

    /// <exception cref="ArgumentException">No connector serves <paramref name="systemId"/>.</exception>
    public ISourceConnector Get(string systemId) =>
        _bySystemId.TryGetValue(systemId, out var connector)
            ? connector
            : throw new ArgumentException($"No connector for system '{systemId}'. Known: {string.Join(", ", _bySystemId.Keys)}.", nameof(systemId));
}
