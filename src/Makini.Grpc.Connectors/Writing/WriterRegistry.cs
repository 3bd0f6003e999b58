namespace Makini.Grpc.Connectors.Writing;

/// <summary>Finds the writer of a system by its catalog id.</summary>
public sealed class WriterRegistry(IEnumerable<IEntityWriter> writers)
{
    private readonly Dictionary<string, IEntityWriter> _bySystemId = writers.ToDictionary(w => w.SystemId, StringComparer.Ordinal);

    /// <exception cref="ArgumentException">No writer serves <paramref name="systemId"/>.</exception>
    public IEntityWriter Get(string systemId) =>
        _bySystemId.TryGetValue(systemId, out var writer)
            ? writer
            : throw new ArgumentException($"No writer for system '{systemId}'.", nameof(systemId));
}
