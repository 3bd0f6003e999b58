using System.Net.Http.Json;
using Grpc.Core;
using Makini.Grpc.IntegrationTests.Infrastructure;
using Makini.Grpc.V1;

namespace Makini.Grpc.IntegrationTests.Writes;

/// <summary>The server dies after the source accepted a create but before the outcome was recorded; the client repeats
/// the request on a restarted server. Where the system has a handle the record is found, never made twice; where it has
/// none the outcome is reported unknown, never made twice either.</summary>
public sealed class CrashRecoveryTests
{
    [Theory]
    [InlineData("netsuite", true)]
    [InlineData("ibm_maximo", true)]
    [InlineData("upkeep", false)]
    public async Task A_crash_between_source_success_and_recording_never_makes_a_second_record(string systemId, bool retrySafe)
    {
        var stack = await Stack.GetAsync();
        await using var cluster = await IsolatedCluster.StartAsync(nodes: 1, new Dictionary<string, string> { ["Makini__Writes__Lease"] = "00:00:03" });
        var api = new Api(cluster.Nodes[0].Channel);
        var (_, _, linked) = await WriteFixtures.SyncedAsync(systemId, api);
        var (order, remote) = await WriteFixtures.NewPurchaseOrderAsync(api, linked);
        var before = await WriteFixtures.SourceCountAsync(linked.Emulator, "purchase_order");
        var request = new CreatePurchaseOrderRequest { PurchaseOrder = order, RequestId = "crash-" + Guid.NewGuid().ToString("N"), RemoteFields = remote };

        // The source applies the next write at once but holds its answer back; the server is killed meanwhile.
        (await linked.Emulator.Node.Http.PostAsJsonAsync($"{linked.Emulator.Path}/_emulator/faults", new { status = 0, count = 1, delay_after_ms = 8000, method = "POST" })).EnsureSuccessStatusCode();
        var first = api.PurchaseOrders.CreatePurchaseOrderAsync(request, Api.Bearer(linked.Token)).ResponseAsync;
        for (var i = 0; i < 100 && await WriteFixtures.SourceCountAsync(linked.Emulator, "purchase_order") == before; i++) await Task.Delay(100);
        (await WriteFixtures.SourceCountAsync(linked.Emulator, "purchase_order")).ShouldBe(before + 1, "the source took the write");
        cluster.Nodes[0].Kill();
        await Should.ThrowAsync<RpcException>(first);

        var restarted = new Api((await cluster.AddNodeAsync()).Channel);
        await Task.Delay(3500); // the dead attempt's lease runs out
        if (retrySafe)
        {
            var recovered = await restarted.PurchaseOrders.CreatePurchaseOrderAsync(request, Api.Bearer(linked.Token));
            recovered.PurchaseOrder.RemoteId.ShouldNotBeNullOrEmpty();
            recovered.WriteOperation.Status.ShouldBe(WriteStatus.Succeeded);
            var steps = (await restarted.WriteHistory.GetWriteOperationAsync(new GetWriteOperationRequest { WriteOperationId = recovered.WriteOperation.WriteOperationId }, Api.Bearer(linked.Token)))
                .WriteOperation.Steps.Select(s => s.Type).ToList();
            steps.ShouldContain("recovered");
            steps.Count(s => s == "sent").ShouldBe(1, "it was found, not sent again");
        }
        else
        {
            await restarted.PurchaseOrders.CreatePurchaseOrderAsync(request, Api.Bearer(linked.Token)).ShouldFail(StatusCode.FailedPrecondition, "WRITE_OUTCOME_UNKNOWN");
            (await restarted.WriteHistory.ListWriteOperationsAsync(new ListWriteOperationsRequest { Status = WriteStatus.OutcomeUnknown }, Api.Bearer(linked.Token)))
                .WriteOperations.Count.ShouldBe(1);
        }
        (await WriteFixtures.SourceCountAsync(linked.Emulator, "purchase_order")).ShouldBe(before + 1, "one record at the source, never two");
    }
}
