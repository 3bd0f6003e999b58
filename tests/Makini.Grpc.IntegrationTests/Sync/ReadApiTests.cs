using Grpc.Core;
using Makini.Grpc.IntegrationTests.Infrastructure;
using Makini.Grpc.V1;
using Npgsql;
using System.Net.Http.Json;

namespace Makini.Grpc.IntegrationTests.Sync;

public sealed class ReadApiTests
{
    private static async Task<(Api Api, string Key, LinkedConnection Linked)> SyncedAsync(string systemId)
    {
        var stack = await Stack.GetAsync();
        var api = new Api(stack.Server.Channel);
        var (_, key) = await api.CreateAccountAsync(credits: 20);
        var at = DateTimeOffset.UtcNow;
        var linked = await api.ConnectAsync(key, stack.Emulators.NewInstance(Api.EmulatorPaths[systemId]), systemId);
        await api.WaitForAllAsync(linked.Token, at, TimeSpan.FromSeconds(90));
        return (api, key, linked);
    }

    [Fact]
    public async Task Lists_page_with_clamped_sizes_and_refuse_bad_tokens_and_unknown_ids()
    {
        var (api, key, linked) = await SyncedAsync("upkeep");
        var auth = Api.Bearer(linked.Token);

        var all = await api.ListAsync(linked.Token, Entity.WorkOrder, pageSize: 7);
        all.Count.ShouldBeGreaterThan(7);
        all.Select(r => r.Id).ShouldBe(all.Select(r => r.Id).Order(StringComparer.Ordinal), "a stable id order");

        var huge = await api.WorkOrders.ListWorkOrdersAsync(new ListWorkOrdersRequest { PageSize = 100_000 }, auth);
        huge.WorkOrders.Count.ShouldBe(Math.Min(500, all.Count));
        (await api.WorkOrders.ListWorkOrdersAsync(new ListWorkOrdersRequest { PageSize = -1 }, auth).ShouldFail(StatusCode.InvalidArgument))
            .Fields().ShouldBe(["page_size"]);

        var first = await api.WorkOrders.ListWorkOrdersAsync(new ListWorkOrdersRequest { PageSize = 2 }, auth);
        var tampered = first.NextPageToken[..^3] + "AAA";
        (await api.WorkOrders.ListWorkOrdersAsync(new ListWorkOrdersRequest { PageSize = 2, PageToken = tampered }, auth)
            .ShouldFail(StatusCode.InvalidArgument)).Fields().ShouldBe(["page_token"]);
        // Tokens are bound to their filters, and to their connection.
        await api.WorkOrders.ListWorkOrdersAsync(new ListWorkOrdersRequest { PageSize = 2, PageToken = first.NextPageToken, Status = WorkOrderStatus.Open }, auth)
            .ShouldFail(StatusCode.InvalidArgument);
        var other = await api.ConnectAsync(key, (await Stack.GetAsync()).Emulators.NewInstance("upkeep"), "upkeep");
        await api.WorkOrders.ListWorkOrdersAsync(new ListWorkOrdersRequest { PageSize = 2, PageToken = first.NextPageToken }, Api.Bearer(other.Token))
            .ShouldFail(StatusCode.InvalidArgument);

        var one = await api.WorkOrders.GetWorkOrderAsync(new GetWorkOrderRequest { Id = all[0].Id }, auth);
        one.WorkOrder.RemoteId.ShouldBe(all[0].RemoteId);
        await api.WorkOrders.GetWorkOrderAsync(new GetWorkOrderRequest { Id = all[0].Id }, Api.Bearer(other.Token)).ShouldFail(StatusCode.NotFound);
        await api.WorkOrders.GetWorkOrderAsync(new GetWorkOrderRequest { Id = "wo_nope" }, auth).ShouldFail(StatusCode.NotFound);
        (await api.WorkOrders.GetWorkOrderAsync(new GetWorkOrderRequest(), auth).ShouldFail(StatusCode.InvalidArgument)).Fields().ShouldBe(["id"]);

        var open = await api.ListAsync(linked.Token, Entity.WorkOrder);
        var filtered = await api.WorkOrders.ListWorkOrdersAsync(new ListWorkOrdersRequest { Status = WorkOrderStatus.Open, PageSize = 500 }, auth);
        filtered.WorkOrders.ShouldAllBe(w => w.Status == WorkOrderStatus.Open);
        filtered.WorkOrders.Count.ShouldBe(open.Count(r => ((WorkOrder)r.Message).Status == WorkOrderStatus.Open));
        var asset = open.Select(r => ((WorkOrder)r.Message).Asset?.Id).First(a => !string.IsNullOrEmpty(a));
        var byAsset = await api.WorkOrders.ListWorkOrdersAsync(new ListWorkOrdersRequest { AssetId = asset, PageSize = 500 }, auth);
        byAsset.WorkOrders.ShouldNotBeEmpty();
        byAsset.WorkOrders.ShouldAllBe(w => w.Asset.Id == asset);

        // Without a page size a page holds 100.
        (await api.WorkOrders.ListWorkOrdersAsync(new ListWorkOrdersRequest(), auth)).WorkOrders.Count.ShouldBe(Math.Min(100, all.Count));
        // Changed after a time: exactly the records modified later than it.
        var times = open.Select(r => r.Modified!.ToDateTimeOffset()).Order().ToList();
        var since = times[times.Count / 2];
        (await api.ListAsync(linked.Token, Entity.WorkOrder, modifiedAfter: Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(since)))
            .Select(r => r.Id).ShouldBe(open.Where(r => r.Modified!.ToDateTimeOffset() > since).Select(r => r.Id), ignoreOrder: true);

        // Each entity's own filter: purchase orders by vendor, stock by location, vendors by activity.
        var orders = (await api.ListAsync(linked.Token, Entity.PurchaseOrder)).Select(r => (PurchaseOrder)r.Message).ToList();
        var vendorId = orders.Select(o => o.Vendor?.Id).First(v => !string.IsNullOrEmpty(v));
        (await api.PurchaseOrders.ListPurchaseOrdersAsync(new ListPurchaseOrdersRequest { VendorId = vendorId, PageSize = 500 }, auth)).PurchaseOrders
            .Select(o => o.Id).ShouldBe(orders.Where(o => o.Vendor?.Id == vendorId).Select(o => o.Id), ignoreOrder: true);
        var stock = (await api.ListAsync(linked.Token, Entity.InventoryItem)).Select(r => (InventoryItem)r.Message).ToList();
        var location = stock.Select(i => i.Location).First(l => l.Length > 0);
        var atLocation = (await api.Inventory.ListInventoryItemsAsync(new ListInventoryItemsRequest { Location = location, PageSize = 500 }, auth)).InventoryItems;
        atLocation.Select(i => i.Id).ShouldBe(stock.Where(i => i.Location == location).Select(i => i.Id), ignoreOrder: true);
        atLocation.Count.ShouldBeLessThan(stock.Count, "another location's stock is left out");
        var vendors = (await api.ListAsync(linked.Token, Entity.Vendor)).Select(r => (Vendor)r.Message).ToList();
        (await api.Vendors.ListVendorsAsync(new ListVendorsRequest { Status = VendorActivity.Active, PageSize = 500 }, auth)).Vendors
            .Select(v => v.Id).ShouldBe(vendors.Where(v => v.Active).Select(v => v.Id), ignoreOrder: true);
    }

    [Fact]
    public async Task Views_raw_and_basic_and_the_field_mapping_show_where_values_come_from()
    {
        var (api, _, linked) = await SyncedAsync("sap_s4hana");
        var auth = Api.Bearer(linked.Token);
        var full = (await api.PurchaseOrders.ListPurchaseOrdersAsync(new ListPurchaseOrdersRequest { PageSize = 5 }, auth)).PurchaseOrders;
        full.ShouldAllBe(p => p.Raw == null && p.Vendor.Id.StartsWith("vnd_"));
        full.ShouldContain(p => p.Lines.Count > 0, "the full view has lines (a cancelled order may have none left)");
        var basic = (await api.PurchaseOrders.ListPurchaseOrdersAsync(new ListPurchaseOrdersRequest { PageSize = 5, View = View.Basic }, auth)).PurchaseOrders;
        basic.ShouldAllBe(p => p.Lines.Count == 0 && p.Number.Length > 0);
        var raw = await api.PurchaseOrders.GetPurchaseOrderAsync(new GetPurchaseOrderRequest { Id = full[0].Id, View = View.Raw }, auth);
        raw.PurchaseOrder.Raw.Fields["PurchaseOrder"].StringValue.ShouldBe(full[0].RemoteId);
        full[0].TotalAmount.Amount.ShouldMatch(@"^-?\d+(\.\d+)?$");

        var mapping = await api.Systems.GetFieldMappingAsync(new GetFieldMappingRequest { SystemId = "sap_s4hana", Entity = Entity.PurchaseOrder }, auth);
        mapping.Fields.ShouldContain(f => f.UnifiedField == "order_date" && f.SourceField.Contains("PurchaseOrderDate"));
        await api.Systems.GetFieldMappingAsync(new GetFieldMappingRequest { SystemId = "netsuite", Entity = Entity.WorkOrder }, auth)
            .ShouldFail(StatusCode.Unimplemented, "OPERATION_NOT_SUPPORTED");
        (await api.Systems.GetFieldMappingAsync(new GetFieldMappingRequest { SystemId = "oracle" }, auth).ShouldFail(StatusCode.InvalidArgument))
            .Fields().ShouldBe(["system_id", "entity"], ignoreOrder: true);
    }

    [Fact]
    public async Task An_entity_the_system_lacks_is_unimplemented_and_an_account_key_reads_with_x_connection_id()
    {
        var (api, key, linked) = await SyncedAsync("netsuite");
        var e = await api.WorkOrders.ListWorkOrdersAsync(new ListWorkOrdersRequest(), Api.Bearer(linked.Token))
            .ShouldFail(StatusCode.Unimplemented, "OPERATION_NOT_SUPPORTED");
        (e.ErrorMetadata()["system"], e.ErrorMetadata()["entity"], e.ErrorMetadata()["operation"]).ShouldBe(("netsuite", "work_order", "read"));
        await api.Assets.GetAssetAsync(new GetAssetRequest { Id = "ast_x" }, Api.Bearer(linked.Token)).ShouldFail(StatusCode.Unimplemented);

        var viaToken = await api.ListAsync(linked.Token, Entity.Vendor);
        var headers = Api.Bearer(key);
        headers.Add("x-connection-id", linked.Id);
        (await api.Vendors.ListVendorsAsync(new ListVendorsRequest { PageSize = 500 }, headers)).Vendors.Count.ShouldBe(viaToken.Count);
        (await api.Vendors.ListVendorsAsync(new ListVendorsRequest(), Api.Bearer(key)).ShouldFail(StatusCode.InvalidArgument)).Fields().ShouldBe(["x-connection-id"]);

        // The account key writes too (on an active connection), and the connection's write defaults fill what the
        // system needs beyond the unified model: NetSuite's subsidiary of a new vendor.
        var subsidiary = Google.Protobuf.WellKnownTypes.Struct.Parser.ParseJson("{\"subsidiary\": {\"id\": \"2\"}}");
        await api.Connections.UpdateConnectionSettingsAsync(new UpdateConnectionSettingsRequest
        {
            ConnectionId = linked.Id, Settings = new ConnectionSettings { WriteDefaults = { ["vendor"] = subsidiary } },
        }, Api.Bearer(key));
        var requirements = await api.Systems.GetWriteRequirementsAsync(new GetWriteRequirementsRequest
        {
            SystemId = "netsuite", Entity = Entity.Vendor, Operation = Operation.Create,
        }, Api.Bearer(linked.Token));
        requirements.SystemFields.Single(f => f.Name == "subsidiary").DefaultValue.ShouldContain("\"2\"");
        var vendor = (await api.Vendors.CreateVendorAsync(new CreateVendorRequest
        {
            Vendor = new Vendor { Name = "Makini Defaults Ltd" }, RequestId = Guid.NewGuid().ToString(),
        }, headers)).Vendor;
        var native = await linked.Emulator.Node.Http.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>(
            $"{linked.Emulator.Path}/_emulator/records/vendor/{vendor.RemoteId}");
        native!.ToJsonString().ShouldContain("\"subsidiary\":{\"id\":\"2\"");

        // A disconnected connection's data stays readable with the account key until it is deleted.
        await api.Connections.DisconnectConnectionAsync(new DisconnectConnectionRequest { ConnectionId = linked.Id }, Api.Bearer(key));
        (await api.Vendors.ListVendorsAsync(new ListVendorsRequest { PageSize = 500 }, headers)).Vendors.Count.ShouldBe(viaToken.Count + 1);
        await api.Connections.DeleteConnectionDataAsync(new DeleteConnectionDataRequest { ConnectionId = linked.Id }, Api.Bearer(key));
        (await api.Vendors.ListVendorsAsync(new ListVendorsRequest { PageSize = 500 }, headers)).Vendors.ShouldBeEmpty();
        // Nothing of it is left behind in storage: records, raw source records, change log, totals.
        await using var db = new NpgsqlConnection(TestEnvironment.Postgres);
        await db.OpenAsync();
        foreach (var table in new[] { "mt_doc_syncedrecord", "record_raws", "record_changes", "record_totals", "change_counters" })
        {
            await using var count = new NpgsqlCommand($"select count(*) from makini.{table} where connection_id = @c", db);
            count.Parameters.AddWithValue("c", linked.Id);
            ((long)(await count.ExecuteScalarAsync())!).ShouldBe(0, table);
        }
        // Nor its write history: the views, and the event streams behind them (their requests carry the payloads).
        await using var writes = new NpgsqlCommand(
            "select (select count(*) from makini.mt_doc_writeoperation where connection_id = @c) + " +
            "(select count(*) from makini.mt_events where stream_id like 'wr\\_%' and data->>'ConnectionId' = @c)", db);
        writes.Parameters.AddWithValue("c", linked.Id);
        ((long)(await writes.ExecuteScalarAsync())!).ShouldBe(0, "write history");
    }
}
