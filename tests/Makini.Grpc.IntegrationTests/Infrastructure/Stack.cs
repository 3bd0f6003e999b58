using System.Security.Cryptography;

namespace Makini.Grpc.IntegrationTests.Infrastructure;

/// <summary>One server node and the emulators, shared by the whole test run (started on first use). Tests isolate
/// themselves by creating their own accounts and emulator instances; tests that need their own nodes or Redis
/// start them beside this one, on the same PostgreSQL.</summary>
public sealed class Stack
{
    private static readonly Lazy<Task<Stack>> Instance = new(StartAsync);

    public static readonly string AdminKey = "mk_admin_test_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    public static readonly string MasterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Short link lifetimes so expiry can be tested in seconds.</summary>
    public static readonly IReadOnlyDictionary<string, string> ServerSettings = new Dictionary<string, string>
    {
        ["Makini__Links__LinkTokenLifetime"] = "00:00:20",
        ["Makini__Links__PublicTokenLifetime"] = "00:00:20",
        // Syncs on a test's time scale: short leases, quick polls and retries, frequent delete scans.
        ["Makini__Sync__MinimumIntervalSeconds"] = "1",
        ["Makini__Sync__Lease"] = "00:00:04",
        ["Makini__Sync__PollInterval"] = "00:00:00.300",
        ["Makini__Sync__RetryAfterFailure"] = "00:00:01",
        ["Makini__Sync__KeyScanInterval"] = "00:00:20",
        ["Makini__Sync__Overlap"] = "00:00:05",
        // Webhooks to local receivers, retried on a test's time scale.
        ["Makini__Webhooks__AllowPrivateTargets"] = "true",
        ["Makini__Webhooks__RetryInitialDelay"] = "00:00:01",
        ["Makini__Webhooks__RetryWindow"] = "00:00:30",
        ["Makini__Webhooks__RequestTimeout"] = "00:00:03",
        ["Makini__Webhooks__SlowAnswer"] = "00:00:01",
        ["Makini__Webhooks__Lease"] = "00:00:06",
        ["Makini__Webhooks__PollInterval"] = "00:00:00.500",
        // No scheduled health checks on the shared node: a check that lands in another test's window would add to its
        // request counts, use up its injected faults, or race its own credential rejection. The health tests turn them
        // on, every two seconds, in clusters of their own; syncs and writes report their outcomes everywhere.
        ["Makini__Health__Enabled"] = "false",
        ["Makini__Health__CheckInterval"] = "00:00:02",
        ["Makini__Health__PollInterval"] = "00:00:00.300",
    };

    private Stack(ServerNode server, EmulatorNode emulators)
    {
        Server = server;
        Emulators = emulators;
    }

    public ServerNode Server { get; }
    public EmulatorNode Emulators { get; }

    public static Task<Stack> GetAsync() => Instance.Value;

    public static Task<ServerNode> StartExtraNodeAsync(string? redis = null, IReadOnlyDictionary<string, string>? overrides = null) =>
        ServerNode.StartAsync(AdminKey, MasterKey, redis,
            overrides is null ? ServerSettings : ServerSettings.Concat(overrides).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value));

    /// <summary>For a node that only dispatches webhooks: the database is shared with every other test, and a node this
    /// test kills must not take other tests' syncs or health checks down with it (they would wait out its leases).</summary>
    public static readonly IReadOnlyDictionary<string, string> WebhooksOnly = new Dictionary<string, string>
    {
        ["Makini__Sync__Enabled"] = "false",
        ["Makini__Health__Enabled"] = "false",
    };

    private static async Task<Stack> StartAsync()
    {
        var emulatorsTask = EmulatorNode.StartAsync();
        var server = await ServerNode.StartAsync(AdminKey, MasterKey, extra: ServerSettings);
        var stack = new Stack(server, await emulatorsTask);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            stack.Server.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
            stack.Emulators.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
        };
        return stack;
    }
}
