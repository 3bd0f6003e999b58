using Makini.Grpc.IntegrationTests.Infrastructure;
using Makini.Grpc.V1;

namespace Makini.Grpc.IntegrationTests.Sync;

public sealed class PagingUnderSyncTests
{
    [Fact]
    public async Task Paging_while_a_sync_writes_never_skips_or_repeats_a_record()
    {
        var stack = await Stack.GetAsync();
        var api = new Api(stack.Server.Channel);
        var (_, key) = await api.CreateAccountAsync(credits: 20);
        var emulator = stack.Emulators.NewInstance("sap");
        (await emulator.Node.Http.PostAsync($"{emulator.Path}/_emulator/generate/purchase_order?count=3000&seed=11", null)).EnsureSuccessStatusCode();
        var at = DateTimeOffset.UtcNow;
        var linked = await api.ConnectAsync(key, emulator, "sap_s4hana");
        await api.WaitForAllAsync(linked.Token, at, TimeSpan.FromSeconds(120));
        var existing = (await api.ListAsync(linked.Token, Entity.PurchaseOrder)).Select(r => r.Id).ToHashSet();

        // A full resync writes the older half of the orders while a client pages through, 50 at a time.
        var triggered = DateTimeOffset.UtcNow;
        await api.Sync.TriggerSyncAsync(new TriggerSyncRequest { Entities = { Entity.PurchaseOrder }, FullResync = true }, Api.Bearer(linked.Token));
        var seen = new List<string>();
        var token = "";
        var pages = 0;
        do
        {
            var page = await api.PurchaseOrders.ListPurchaseOrdersAsync(new ListPurchaseOrdersRequest { PageSize = 50, PageToken = token, View = View.Basic }, Api.Bearer(linked.Token));
            seen.AddRange(page.PurchaseOrders.Select(p => p.Id));
            token = page.NextPageToken;
            pages++;
            await Task.Delay(20);
        }
        while (token.Length > 0);
        var status = await api.WaitForAllAsync(linked.Token, triggered, TimeSpan.FromSeconds(120), Entity.PurchaseOrder);

        seen.Count.ShouldBe(seen.Distinct().Count(), "no record twice");
        existing.ShouldBeSubsetOf(seen, "no record that existed when paging began was skipped");
        pages.ShouldBeGreaterThan(20);
        status.Entities.Single(e => e.Entity == Entity.PurchaseOrder).TotalRecords.ShouldBeGreaterThan(existing.Count, "the sync did write meanwhile");
    }
}
