using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Grpc.Net.Client;
using Makini.Grpc.V1;

namespace Makini.Grpc.Bench;

/// <summary>Initial sync of N SAP purchase orders (default 100,000, about 3 lines each) against the emulator alone
/// serving the same pages to a client that discards them. The server must run with Makini:Sync:InitialWindowDays=0.</summary>
public static class SyncBenchmark
{
    public static async Task<int> RunAsync(BenchOptions o)
    {
        var count = o.Count > 0 ? o.Count : 100_000;
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
        var instance = $"{o.Emulators}/sap-bench{Random.Shared.Next(1_000_000)}";
        var generate = Stopwatch.StartNew();
        (await http.PostAsync($"{instance}/_emulator/generate/purchase_order?count={count}&seed=42", null)).EnsureSuccessStatusCode();
        var total = (await http.GetFromJsonAsync<JsonObject>($"{instance}/_emulator/records/purchase_order?limit=1"))!["total"]!.GetValue<int>();
        Console.WriteLine($"emulator holds {total:N0} purchase orders (generated in {generate.Elapsed.TotalSeconds:N1} s)");

        // The bare fetch: the very OData pages the sync asked for (replayed from the emulator's request log), read and
        // thrown away.
        var credentials = (await http.GetFromJsonAsync<Dictionary<string, string>>($"{instance}/_emulator/credentials"))!;
        var basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials["username"]}:{credentials["password"]}")));
        long bytes = 0;
        async Task<TimeSpan> BareFetchAsync(IReadOnlyList<string> pages)
        {
            var clock = Stopwatch.StartNew();
            bytes = 0;
            var buffer = new byte[81920];
            foreach (var page in pages)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, instance + page);
                request.Headers.Authorization = basic;
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                response.EnsureSuccessStatusCode();
                await using var body = await response.Content.ReadAsStreamAsync();
                int read;
                while ((read = await body.ReadAsync(buffer)) > 0) bytes += read;
            }
            return clock.Elapsed;
        }

        using var channel = GrpcChannel.ForAddress(o.Server);
        var stack = new BenchStack(channel, o);
        var baselineMemory = BenchStack.CurrentMemoryMb(o.ServerPid);
        // Two syncs, through two connections to the same system: first on the freshly started server, where compiling the
        // code it has not run yet (tiered JIT) takes a fifth of its CPU, then on the same server warmed by that first sync,
        // as a server that has been up for a while runs it. Between them, the bare fetch of the pages the first one read,
        // twice: the emulator is warm by then (the first sync compiled its page-serving code), and the faster pass counts.
        (await http.DeleteAsync($"{instance}/_emulator/requests")).EnsureSuccessStatusCode();
        var cold = await SyncOnceAsync(stack, instance, o);
        var pages = (await http.GetFromJsonAsync<JsonArray>($"{instance}/_emulator/requests"))!
            .Where(r => r!["path"]!.ToString().EndsWith("/A_PurchaseOrder") && r["query"]!.ToString().Contains("$expand"))
            .Select(r => r!["path"] + "?" + r["query"]).ToList();
        var emulatorCpu = BenchStack.CpuSeconds(o.EmulatorPid);
        var firstFetch = await BareFetchAsync(pages);
        var secondFetch = await BareFetchAsync(pages);
        emulatorCpu = (BenchStack.CpuSeconds(o.EmulatorPid) - emulatorCpu) / 2;
        var bareFetch = firstFetch < secondFetch ? firstFetch : secondFetch;
        var warm = await SyncOnceAsync(stack, instance, o);

        Console.WriteLine();
        Console.WriteLine($"Initial sync benchmark: {total:N0} SAP purchase orders ({bytes / 1024.0 / 1024:N0} MB of OData JSON), {Environment.ProcessorCount} cores");
        Console.WriteLine($"{"bare fetch of the sync's " + pages.Count + " pages (emulator → discarding client)",-44} {firstFetch.TotalSeconds:N1} s and {secondFetch.TotalSeconds:N1} s: " +
                          $"{total / bareFetch.TotalSeconds:N0} records/s   (emulator CPU {emulatorCpu:N1} s a pass)");
        foreach (var (label, run) in new[] { ("freshly started server", cold), ("warm server (second connection)", warm) })
        {
            Console.WriteLine($"initial sync through Makini, {label}:");
            Console.WriteLine($"{"  sync (to stored)",-44} {run.Elapsed.TotalSeconds,8:N1} s   {run.Seen / run.Elapsed.TotalSeconds,10:N0} records/s   ({run.Stored:N0} stored)");
            Console.WriteLine($"{"  sync time / bare fetch time",-44} {run.Elapsed / bareFetch,8:N2} ×   (target <= 2)");
            Console.WriteLine($"{"  server CPU time during the sync",-44} {run.CpuSeconds,8:N1} s   {run.CpuSeconds * 1e6 / total,10:N0} µs/record  (the 2 cores are shared with the emulator and PostgreSQL)");
            Console.WriteLine($"{"  emulator / PostgreSQL CPU time meanwhile",-44} {run.EmulatorCpuSeconds,8:N1} s / {run.PostgresCpuSeconds:N1} s");
        }
        Console.WriteLine($"{"server peak memory (VmHWM)",-44} {BenchStack.PeakMemoryMb(o.ServerPid),8:N0} MB  (before the syncs {baselineMemory:N0} MB; target < 500)");
        return 0;
    }

    private sealed record SyncRun(TimeSpan Elapsed, double CpuSeconds, long Seen, long Stored, double EmulatorCpuSeconds, double PostgresCpuSeconds);

    /// <summary>Connects the ERP (a new connection starts its initial sync) and waits for the purchase orders to be stored.</summary>
    private static async Task<SyncRun> SyncOnceAsync(BenchStack stack, string instance, BenchOptions o)
    {
        var cpuBefore = BenchStack.CpuSeconds(o.ServerPid);
        var (emulatorBefore, postgresBefore) = (BenchStack.CpuSeconds(o.EmulatorPid), BenchStack.PostgresCpuSeconds());
        var sync = Stopwatch.StartNew();
        var (_, _, token) = await stack.ConnectAsync(instance, "sap_s4hana");
        EntitySyncStatus po;
        while (true)
        {
            po = (await stack.Sync.GetSyncStatusAsync(new GetSyncStatusRequest(), BenchStack.Bearer(token))).Entities.Single(e => e.Entity == Entity.PurchaseOrder);
            if (po.LastSuccessTime is not null || po.State == SyncState.Failed) break;
            await Task.Delay(100);
        }
        sync.Stop();
        if (po.State == SyncState.Failed) throw new InvalidOperationException("sync failed: " + po.LastError);
        return new SyncRun(sync.Elapsed, BenchStack.CpuSeconds(o.ServerPid) - cpuBefore, po.RecordsSeenLastRun, po.TotalRecords,
            BenchStack.CpuSeconds(o.EmulatorPid) - emulatorBefore, BenchStack.PostgresCpuSeconds() - postgresBefore);
    }
}
