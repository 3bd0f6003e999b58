namespace Makini.Grpc.Connectors.Reading;

/// <summary>Finds the reader of a system by its catalog id.</summary>
public sealed class ReaderRegistry(IEnumerable<IEntityReader> readers)
{
    private readonly Dictionary<string, IEntityReader> _bySystemId = readers.ToDictionary(r => r.SystemId, StringComparer.Ordinal);

    /// <exception cref="ArgumentException">No reader serves <paramref name="systemId"/>.</exception>
    public IEntityReader Get(string systemId) =>
        _bySystemId.TryGetValue(systemId, out var reader)
            ? reader
            : throw new ArgumentException($"No reader for system '{systemId}'.", nameof(systemId));
}
