using System.Diagnostics;
using System.Net.Http.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using Makini.Grpc.Tests.Shared;
using Makini.Grpc.V1;

namespace Makini.Grpc.Bench;

/// <summary>Unified CreatePurchaseOrder against the SAP and NetSuite emulators from 16 concurrent callers. Each answer's
/// Server-Timing header carries the connector's own HTTP exchange with the emulator (<c>source;dur=</c>), measured in
/// the same call; our overhead is the client-observed latency minus that exchange.
/// The emulators answer a create in a few milliseconds, so 16 callers with no pause keep the 2 cores this runs on (client,
/// server, emulator and PostgreSQL together) saturated, and every step of a write then also waits for a core. A second
/// run of 16 callers has the emulator answer each create after <see cref="SourceDelayMs"/> ms, as a real ERP takes at
/// least that long: the overhead then is what our steps cost when the machine is not saturated. Started together, those
/// callers stay in step (every answer comes 100 ms after its request), so their answers reach our steps in bursts of
/// 16; a third run starts them spread over the delay, as independent clients arrive.</summary>
public static class WriteBenchmark
{
    private const int SourceDelayMs = 100;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(BenchOptions o)
    {
        var concurrency = o.Concurrency == 64 ? 16 : o.Concurrency; // 64 is the generic default; this scenario's is 16
        using var channel = GrpcChannel.ForAddress(o.Server);
        var stack = new BenchStack(channel, o);
        var results = new List<(string System, Phase WarmUp, Sample[] Single, Phase Saturated, Phase Delayed, Phase Spread)>();
        foreach (var (system, path) in new[] { ("sap_s4hana", "sap"), ("netsuite", "netsuite") })
        {
            var instance = $"{o.Emulators}/{path}-wbench{Random.Shared.Next(1_000_000)}";
            var (_, _, token) = await stack.ConnectAsync(instance, system, new SyncSchedule { IntervalSeconds = 86400 });
            await WaitForSyncAsync(stack, token);
            var (order, remote) = await TemplateAsync(stack, token, system);

            // Warm up: connection pools, the CSRF token, and the JIT. A fresh server compiles and then recompiles its hot
            // code (tiered, with profile data) for its first minute or so of load, at up to a core: the write path of the
            // first system measured ran at two to three times the CPU a write it took once warm. The warm-up is reported apart.
            var warmUp = await RunCallersAsync(stack, token, order, remote, concurrency, o with { Duration = WarmUp });
            // One caller first: our own cost per write when nothing waits for the CPU.
            var single = new List<Sample>();
            for (var i = 0; i < 200; i++) single.Add(await CreateAsync(stack, token, order, remote));
            var saturated = await RunCallersAsync(stack, token, order, remote, concurrency, o);
            using (var http = new HttpClient())
            {
                // Every create (POST) of the instance waits before it is served; reads back and CSRF fetches do not.
                using var planned = await http.PostAsJsonAsync($"{instance}/_emulator/faults",
                    new { status = 0, count = 100_000, delay_ms = SourceDelayMs, method = "POST" });
                planned.EnsureSuccessStatusCode();
                var delayed = await RunCallersAsync(stack, token, order, remote, concurrency, o);
                var spread = await RunCallersAsync(stack, token, order, remote, concurrency, o, TimeSpan.FromMilliseconds(SourceDelayMs));
                using var cleared = await http.DeleteAsync($"{instance}/_emulator/faults");
                results.Add((system, warmUp, single.ToArray(), saturated, delayed, spread));
            }
        }

        Console.WriteLine();
        Console.WriteLine($"CreatePurchaseOrder benchmark: {concurrency} concurrent callers, {o.Duration.TotalSeconds:N0} s per system, {Environment.ProcessorCount} cores");
        Console.WriteLine("(source = the connector's HTTP exchange with the emulator, from Server-Timing; overhead = client latency − source, per call)");
        foreach (var (system, warmUp, single, saturated, delayed, spread) in results)
        {
            Console.WriteLine($"{system}, warm-up, {concurrency} callers for {WarmUp.TotalSeconds:N0} s: {warmUp.WritesPerSecond:N0} writes/s, " +
                $"server CPU {warmUp.ServerCpuMsPerWrite:N2} ms a write, overhead p50 " +
                $"{Measure.Percentile(warmUp.Samples.Select(s => s.TotalMs - s.SourceMs).Order().ToArray(), 0.5):N2} ms");
            Console.WriteLine($"{system}, one caller ({single.Length} writes in a row):");
            Print("  end to end (client)", single.Select(s => s.TotalMs));
            Print("  source exchange", single.Select(s => s.SourceMs));
            Print("  overhead (ours)", single.Select(s => s.TotalMs - s.SourceMs));
            PrintSteps(single);
            PrintPhase($"{system}, {concurrency} callers", saturated);
            PrintPhase($"{system}, {concurrency} callers, each create answered after {SourceDelayMs} ms", delayed);
            PrintPhase($"{system}, the same, callers started spread over {SourceDelayMs} ms", spread);
        }
        return 0;
    }

    private sealed record Phase(Sample[] Samples, double Seconds, double ServerCpuSeconds)
    {
        public double WritesPerSecond => Samples.Length / Seconds;

        public double ServerCpuMsPerWrite => ServerCpuSeconds * 1000 / Math.Max(1, Samples.Length);
    }

    /// <summary>Callers that each write one order after another for the run's duration.</summary>
    private static async Task<Phase> RunCallersAsync(BenchStack stack, string token, PurchaseOrder order, Struct remote, int concurrency, BenchOptions o,
        TimeSpan spread = default)
    {
        var samples = new List<Sample>[concurrency];
        var cpu = BenchStack.CpuSeconds(o.ServerPid);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(i => Task.Run(async () =>
        {
            var mine = samples[i] = [];
            if (spread > TimeSpan.Zero) await Task.Delay(spread * i / concurrency);
            while (clock.Elapsed < o.Duration) mine.Add(await CreateAsync(stack, token, order, remote));
        })));
        return new Phase(samples.SelectMany(s => s).ToArray(), clock.Elapsed.TotalSeconds, BenchStack.CpuSeconds(o.ServerPid) - cpu);
    }

    private static void PrintPhase(string title, Phase phase)
    {
        var samples = phase.Samples;
        Console.WriteLine($"{title}: {samples.Length:N0} writes, {phase.WritesPerSecond:N0} writes/s, server CPU {phase.ServerCpuMsPerWrite:N2} ms a write");
        Print("  end to end (client)", samples.Select(s => s.TotalMs));
        Print("  source exchange", samples.Select(s => s.SourceMs));
        Print("  overhead (ours)", samples.Select(s => s.TotalMs - s.SourceMs), " (target p50 < 5 ms, p99 < 15 ms)");
        PrintSteps(samples);
    }

    private static void PrintSteps(IReadOnlyList<Sample> samples)
    {
        var steps = samples.SelectMany(s => s.Steps.Keys).Distinct().Where(k => k is not "source");
        Console.WriteLine("  our steps, p50: " + string.Join(", ", steps.Select(k =>
            $"{k} {Measure.Percentile(samples.Select(s => s.Steps.GetValueOrDefault(k)).Order().ToArray(), 0.5):N2}")) + " ms");
    }

    private readonly record struct Sample(double TotalMs, double SourceMs, Dictionary<string, double> Steps);

    private static void Print(string name, IEnumerable<double> values, string note = "")
    {
        var sorted = values.Order().ToArray();
        Console.WriteLine($"{name,-24} p50 {Measure.Percentile(sorted, 0.5),8:N2} ms   p99 {Measure.Percentile(sorted, 0.99),8:N2} ms{note}");
    }

    private static async Task<Sample> CreateAsync(BenchStack stack, string token, PurchaseOrder order, Struct remote)
    {
        var start = Stopwatch.GetTimestamp();
        using var call = stack.PurchaseOrders.CreatePurchaseOrderAsync(new CreatePurchaseOrderRequest
        {
            PurchaseOrder = order, RemoteFields = remote, RequestId = Guid.NewGuid().ToString("N"),
        }, BenchStack.Bearer(token));
        var created = await call.ResponseAsync;
        var total = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (created.WriteOperation.Status != WriteStatus.Succeeded) throw new InvalidOperationException($"write {created.WriteOperation.Status}");
        var timing = (await call.ResponseHeadersAsync).GetValue("server-timing") ?? "";
        var steps = Steps(timing);
        return new Sample(total, steps.TryGetValue("source", out var source) ? source : throw new InvalidOperationException("no source timing in: " + timing), steps);
    }

    /// <summary>The <c>name;dur=</c> entries of a Server-Timing header.</summary>
    private static Dictionary<string, double> Steps(string header)
    {
        var steps = new Dictionary<string, double>();
        foreach (var entry in header.Split(','))
        {
            var parts = entry.Trim().Split(';');
            if (parts.Length > 1 && parts[1].StartsWith("dur="))
                steps[parts[0]] = double.Parse(parts[1][4..], System.Globalization.CultureInfo.InvariantCulture);
        }
        return steps;
    }

    private static async Task WaitForSyncAsync(BenchStack stack, string token)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            var entities = (await stack.Sync.GetSyncStatusAsync(new GetSyncStatusRequest(), BenchStack.Bearer(token))).Entities;
            var po = entities.Single(e => e.Entity == Entity.PurchaseOrder);
            if (po.State == SyncState.Failed) throw new InvalidOperationException("sync failed: " + po.LastError);
            if (entities.All(e => e.LastSuccessTime is not null)) return;
            await Task.Delay(200);
        }
        throw new TimeoutException("the initial sync did not finish");
    }

    /// <summary>A new order for an existing vendor and existing items, with the system-specific fields the system asks for,
    /// taken from a synced order (as an integrator would from the customer's configuration).</summary>
    private static async Task<(PurchaseOrder, Struct)> TemplateAsync(BenchStack stack, string token, string system)
    {
        var auth = BenchStack.Bearer(token);
        var requirements = await stack.Systems.GetWriteRequirementsAsync(new GetWriteRequirementsRequest
        {
            SystemId = system, Entity = Entity.PurchaseOrder, Operation = Operation.Create,
        }, auth);
        return PurchaseOrderTemplates.From(
            (await stack.PurchaseOrders.ListPurchaseOrdersAsync(new ListPurchaseOrdersRequest { PageSize = 500, View = View.Raw }, auth)).PurchaseOrders,
            (await stack.Vendors.ListVendorsAsync(new ListVendorsRequest { PageSize = 500 }, auth)).Vendors,
            (await stack.Inventory.ListInventoryItemsAsync(new ListInventoryItemsRequest { PageSize = 500, View = View.Raw }, auth)).InventoryItems,
            requirements.SystemFields, lines: 3);
    }
}
