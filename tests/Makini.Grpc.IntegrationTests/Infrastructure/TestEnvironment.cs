using System.Net;
using System.Net.Sockets;

namespace Makini.Grpc.IntegrationTests.Infrastructure;

/// <summary>The real services started by scripts/test, and the built programs under test.</summary>
public static class TestEnvironment
{
    public static string Postgres => Required("MAKINI_TEST_POSTGRES");
    public static string Redis => Required("MAKINI_TEST_REDIS");
    public static string Configuration => Environment.GetEnvironmentVariable("MAKINI_TEST_CONFIGURATION") ?? "Release";

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string ServerDll => Program("Makini.Grpc.Server");
    public static string EmulatorsDll => Program("Makini.Grpc.Emulators");

    public static string RedisServerBinary =>
        new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("redis-server not found; scripts/test installs it.");

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Program(string name)
    {
        var path = Path.Combine(RepoRoot, "src", name, "bin", Configuration, "net10.0", name + ".dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing; build with -c {Configuration} (scripts/test does).");
    }

    private static string Required(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } v
            ? v
            : throw new InvalidOperationException($"{variable} is not set: run the suite with scripts/test, which starts PostgreSQL and Redis.");

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Makini.Grpc.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Makini.Grpc.sln not found above the test binaries.");
    }
}
