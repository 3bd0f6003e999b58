namespace Makini.Grpc.ConnectorTests.Infrastructure;

/// <summary>Unique emulator instance names ([a-z0-9]{1,40}), so tests never share state.</summary>
public static class InstanceNames
{
    private static int _counter;
    private static readonly string RunId = Guid.NewGuid().ToString("N")[..6];

    public static string Next() => $"t{RunId}{Interlocked.Increment(ref _counter)}";
}
