using System.Collections.Concurrent;

namespace Makini.Grpc.Emulators.Hosting;

/// <summary>Finds the emulated system for a prefix and creates its instances lazily, one per segment.</summary>
internal sealed class InstanceRegistry(IEnumerable<ISystemEmulator> systems)
{
    private readonly Dictionary<string, ISystemEmulator> _systems = systems.ToDictionary(s => s.Prefix, StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EmulatorInstance> _instances = new(StringComparer.Ordinal);

    public IEnumerable<string> Prefixes => _systems.Keys;

    public bool TryResolve(InstanceAddress address, out ISystemEmulator system, out EmulatorInstance instance)
    {
        instance = null!;
        if (!_systems.TryGetValue(address.Prefix, out system!))
            return false;
        var emulator = system;
        instance = _instances.GetOrAdd(address.Segment, segment => emulator.CreateInstance(segment));
        return true;
    }
}
