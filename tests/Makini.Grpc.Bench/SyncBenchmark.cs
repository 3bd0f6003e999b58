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

        // The bare fetch: the same OData pages, read and thrown away.
        var credentials = (await http.GetFromJsonAsync<Dictionary<string, string>>($"{instance}/_emulator/credentials"))!;
        var basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials["username"]}:{credentials["password"]}")));
        var bare = Stopwatch.StartNew();
        long bytes = 0;
        for (var skip = 0; skip < total; skip += 500)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get,
                $"{instance}/sap/opu/odata/sap/API_PURCHASEORDER_PROCESS_SRV/A_PurchaseOrder?$expand=to_PurchaseOrderItem" +
                $"&$orderby=LastChangeDateTime,PurchaseOrder&$top=500&$skip={skip}&$format=json&sap-client={credentials["sap_client"]}");
            request.Headers.Authorization = basic;
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0) bytes += read;
        }
        bare.Stop();

        using var channel = GrpcChannel.ForAddress(o.Server);
        var stack = new BenchStack(channel, o);
        var baselineMemory = BenchStack.CurrentMemoryMb(o.ServerPid);
        var cpuBefore = BenchStack.CpuSeconds(o.ServerPid);
        var sync = Stopwatch.StartNew();
        var (_, connection, token) = await stack.ConnectAsync(instance, "sap_s4hana");
        EntitySyncStatus po;
        while (true)
        {
            po = (await stack.Sync.GetSyncStatusAsync(new GetSyncStatusRequest(), BenchStack.Bearer(token))).Entities.Single(e => e.Entity == Entity.PurchaseOrder);
            if (po.LastSuccessTime is not null || po.State == SyncState.Failed) break;
            await Task.Delay(100);
        }
        sync.Stop();
        var serverCpu = BenchStack.CpuSeconds(o.ServerPid) - cpuBefore;
        if (po.State == SyncState.Failed) throw new InvalidOperationException("sync failed: " + po.LastError);

        Console.WriteLine();
        Console.WriteLine($"Initial sync benchmark: {total:N0} SAP purchase orders ({bytes / 1024.0 / 1024:N0} MB of OData JSON), {Environment.ProcessorCount} cores");
        Console.WriteLine($"{"bare fetch (emulator → discarding client)",-44} {bare.Elapsed.TotalSeconds,8:N1} s   {total / bare.Elapsed.TotalSeconds,10:N0} records/s");
        Console.WriteLine($"{"initial sync through Makini (to stored)",-44} {sync.Elapsed.TotalSeconds,8:N1} s   {po.RecordsSeenLastRun / sync.Elapsed.TotalSeconds,10:N0} records/s   ({po.TotalRecords:N0} stored)");
        Console.WriteLine($"{"sync time / bare fetch time",-44} {sync.Elapsed / bare.Elapsed,8:N2} ×   (target <= 2)");
        Console.WriteLine($"{"server CPU time during the sync",-44} {serverCpu,8:N1} s   {serverCpu * 1e6 / total,10:N0} µs/record  (the 2 cores are shared with the emulator and PostgreSQL)");
        Console.WriteLine($"{"server peak memory (VmHWM)",-44} {BenchStack.PeakMemoryMb(o.ServerPid),8:N0} MB  (before the sync {baselineMemory:N0} MB; target < 500)");
        return 0;
    }
}
