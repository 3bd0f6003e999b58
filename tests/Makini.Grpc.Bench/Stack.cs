using System.Net.Http.Json;
using Grpc.Core;
using Grpc.Net.Client;
using Makini.Grpc.V1;

namespace Makini.Grpc.Bench;

/// <summary>An account and a connection on the server under test, made through the public API.</summary>
public sealed class BenchStack(GrpcChannel channel, BenchOptions options)
{
    public AccountService.AccountServiceClient Accounts { get; } = new(channel);
    public LinkService.LinkServiceClient Links { get; } = new(channel);
    public SyncService.SyncServiceClient Sync { get; } = new(channel);
    public PurchaseOrderService.PurchaseOrderServiceClient PurchaseOrders { get; } = new(channel);
    public ConnectionService.ConnectionServiceClient Connections { get; } = new(channel);
    public SystemService.SystemServiceClient Systems { get; } = new(channel);
    public VendorService.VendorServiceClient Vendors { get; } = new(channel);
    public InventoryService.InventoryServiceClient Inventory { get; } = new(channel);

    public static Metadata Bearer(string key) => new() { { "authorization", "Bearer " + key } };

    public async Task<(string AccountKey, Connection Connection, string Token)> ConnectAsync(string emulatorBase, string systemId, SyncSchedule? schedule = null)
    {
        var account = await Accounts.CreateAccountAsync(new CreateAccountRequest { DisplayName = "bench", Credits = 100 }, Bearer(options.AdminKey));
        // Measures the server, not our rate limits: the account may call as often as the benchmark can.
        await Accounts.UpdateAccountRateLimitsAsync(new UpdateAccountRateLimitsRequest
            { AccountId = account.Account.AccountId, ConnectionRequestsPerMinute = 1_000_000, AccountRequestsPerMinute = 1_000_000 }, Bearer(options.AdminKey));
        using var http = new HttpClient();
        var credentials = await http.GetFromJsonAsync<Dictionary<string, string>>($"{emulatorBase}/_emulator/credentials");
        var link = (await Links.CreateLinkSessionAsync(new CreateLinkSessionRequest { EndUserId = "bench" }, Bearer(account.ApiKey))).LinkSession;
        var request = new CompleteLinkRequest { SystemId = systemId, Deployment = Deployment.Cloud, BaseUrl = emulatorBase, Credentials = { credentials!.Where(kv => kv.Value.Length > 0).ToDictionary() } };
        if (schedule is not null) request.SyncSchedule = schedule;
        var completed = await Links.CompleteLinkAsync(request, Bearer(link.LinkToken));
        var exchanged = await Links.ExchangePublicTokenAsync(new ExchangePublicTokenRequest { PublicToken = completed.PublicToken }, Bearer(account.ApiKey));
        return (account.ApiKey, exchanged.Connection, exchanged.ApiToken);
    }

    /// <summary>Peak resident memory of a process (VmHWM), in MB; 0 when unknown.</summary>
    public static double PeakMemoryMb(int pid)
    {
        if (pid <= 0 || !File.Exists($"/proc/{pid}/status")) return 0;
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:"));
        return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
    }

    /// <summary>CPU time (user + system) the process has used so far, from /proc/PID/stat (fields 14 and 15, in clock
    /// ticks of 1/100 s on Linux).</summary>
    public static double CpuSeconds(int pid)
    {
        if (pid <= 0 || !File.Exists($"/proc/{pid}/stat")) return 0;
        var fields = StatFields(File.ReadAllText($"/proc/{pid}/stat"));
        return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;
    }

    /// <summary>The fields of a /proc/PID/stat line after the command name (so field 14, utime, is index 11).</summary>
    private static string[] StatFields(string stat) => stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

    /// <summary>CPU time of every PostgreSQL process on the machine, including exited backends (counted into the
    /// postmaster's children time when it reaps them).</summary>
    public static double PostgresCpuSeconds()
    {
        double total = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (!int.TryParse(Path.GetFileName(dir), out _)) continue;
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                if (!stat.Contains("(postgres)")) continue;
                var fields = StatFields(stat);
                total += (long.Parse(fields[11]) + long.Parse(fields[12]) + long.Parse(fields[13]) + long.Parse(fields[14])) / 100.0;
            }
            catch (IOException) { } // the process ended meanwhile
        }
        return total;
    }

    public static double CurrentMemoryMb(int pid)
    {
        if (pid <= 0 || !File.Exists($"/proc/{pid}/status")) return 0;
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:"));
        return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
    }
}
