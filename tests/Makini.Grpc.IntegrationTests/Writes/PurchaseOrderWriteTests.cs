using Grpc.Core;
using Makini.Grpc.IntegrationTests.Infrastructure;
using Makini.Grpc.V1;
using Npgsql;

namespace Makini.Grpc.IntegrationTests.Writes;

public sealed class PurchaseOrderWriteTests
{
    /// <summary>How a deleted purchase order reads afterwards: kept as cancelled where the source keeps it readable
    /// (SAP flags every item deleted), marked deleted where the source removes it, or the system allows no delete.</summary>
    public enum AfterDelete { Cancelled, Deleted, NotAllowed }

    [Theory]
    [InlineData("sap_s4hana", AfterDelete.Cancelled)]
    [InlineData("netsuite", AfterDelete.Deleted)]
    [InlineData("dynamics_bc", AfterDelete.Deleted)]
    [InlineData("ibm_maximo", AfterDelete.NotAllowed)]
    [InlineData("upkeep", AfterDelete.Deleted)]
    public async Task The_same_call_creates_a_purchase_order_in_every_system_once_however_often_it_is_sent(string systemId, AfterDelete afterDelete)
    {
        var (api, _, linked) = await WriteFixtures.SyncedAsync(systemId);
        var auth = Api.Bearer(linked.Token);
        var (order, remote) = await WriteFixtures.NewPurchaseOrderAsync(api, linked);
        var before = await WriteFixtures.SourceCountAsync(linked.Emulator, "purchase_order");
        var cursor = (await api.CollectChangesAsync(linked.Token, "", int.MaxValue, TimeSpan.FromSeconds(3))).Last(r => r.Change is not null).Change.Cursor;
        var request = new CreatePurchaseOrderRequest { PurchaseOrder = order, RequestId = Guid.NewGuid().ToString(), RemoteFields = remote };

        var call = api.PurchaseOrders.CreatePurchaseOrderAsync(request, auth);
        var created = await call;
        var timing = (await call.ResponseHeadersAsync).GetValue("server-timing")!;
        foreach (var step in new[] { "total", "load", "record", "source", "log-commit" }) timing.ShouldContain($"{step};dur=");

        var po = created.PurchaseOrder;
        po.Id.ShouldStartWith("po_");
        po.RemoteId.ShouldNotBeNullOrEmpty();
        po.Vendor.RemoteId.ShouldBe(order.Vendor.RemoteId);
        po.Lines.Count.ShouldBe(order.Lines.Count);
        po.Lines.Select(l => decimal.Parse(l.Quantity, System.Globalization.CultureInfo.InvariantCulture)).ShouldAllBe(q => q == 3m);
        created.WriteOperation.Status.ShouldBe(WriteStatus.Succeeded);
        created.WriteOperation.RecordId.ShouldBe(po.Id);
        (await WriteFixtures.SourceCountAsync(linked.Emulator, "purchase_order")).ShouldBe(before + 1);

        // Read your writes: Get, List and the change stream already have it, marked as coming from a write.
        (await api.PurchaseOrders.GetPurchaseOrderAsync(new GetPurchaseOrderRequest { Id = po.Id }, auth)).PurchaseOrder.RemoteId.ShouldBe(po.RemoteId);
        var changes = await api.CollectChangesAsync(linked.Token, cursor, 1, TimeSpan.FromSeconds(10));
        changes.Where(c => c.Change is not null).ShouldContain(c => c.Change.RecordId == po.Id && c.Change.Origin == ChangeOrigin.Write && c.Change.ChangeType == ChangeType.Created);

        // The same request again: the first call's result, no second record at the source.
        var writes = await WriteFixtures.WritesSeenAsync(linked.Emulator);
        var again = await api.PurchaseOrders.CreatePurchaseOrderAsync(request, auth);
        again.PurchaseOrder.Id.ShouldBe(po.Id);
        again.WriteOperation.ReplayCount.ShouldBe(1);
        (await WriteFixtures.WritesSeenAsync(linked.Emulator)).ShouldBe(writes);
        (await WriteFixtures.SourceCountAsync(linked.Emulator, "purchase_order")).ShouldBe(before + 1);

        // The same request id for another payload is refused.
        var other = request.Clone();
        other.PurchaseOrder.Lines[0].Quantity = "4";
        await api.PurchaseOrders.CreatePurchaseOrderAsync(other, auth).ShouldFail(StatusCode.AlreadyExists, "IDEMPOTENCY_KEY_REUSED");

        var history = await api.WriteHistory.GetWriteOperationAsync(new GetWriteOperationRequest { WriteOperationId = created.WriteOperation.WriteOperationId }, auth);
        history.WriteOperation.Steps.Select(s => s.Type).ShouldBe(["requested", "sent", "succeeded", "replayed"]);
        var listed = await api.WriteHistory.ListWriteOperationsAsync(new ListWriteOperationsRequest { Entity = Entity.PurchaseOrder }, auth);
        listed.WriteOperations[0].WriteOperationId.ShouldBe(created.WriteOperation.WriteOperationId);

        // Deleting it reads as the source now holds it, and the next sync agrees (it does not bring a cancelled order
        // back from "deleted", nor keep a removed one live).
        var delete = api.PurchaseOrders.DeletePurchaseOrderAsync(new DeletePurchaseOrderRequest { Id = po.Id, RequestId = Guid.NewGuid().ToString() }, auth);
        if (afterDelete == AfterDelete.NotAllowed)
        {
            await delete.ShouldFail(StatusCode.Unimplemented, "OPERATION_NOT_SUPPORTED");
            return;
        }
        (await delete).WriteOperation.Status.ShouldBe(WriteStatus.Succeeded);
        async Task ShouldReadAsDeletedAsync()
        {
            var read = (await api.PurchaseOrders.GetPurchaseOrderAsync(new GetPurchaseOrderRequest { Id = po.Id }, auth)).PurchaseOrder;
            var live = (await api.ListAsync(linked.Token, Entity.PurchaseOrder)).Select(r => r.Id).ToList();
            if (afterDelete == AfterDelete.Cancelled)
            {
                (read.Status, read.RemoteDeletedTime).ShouldBe((PurchaseOrderStatus.Cancelled, null));
                live.ShouldContain(po.Id);
                (await WriteFixtures.SourceCountAsync(linked.Emulator, "purchase_order")).ShouldBe(before + 1);
            }
            else
            {
                read.RemoteDeletedTime.ShouldNotBeNull();
                live.ShouldNotContain(po.Id);
                (await WriteFixtures.SourceCountAsync(linked.Emulator, "purchase_order")).ShouldBe(before);
            }
        }
        await ShouldReadAsDeletedAsync();
        var syncFrom = DateTimeOffset.UtcNow;
        await api.Sync.TriggerSyncAsync(new TriggerSyncRequest { Entities = { Entity.PurchaseOrder }, FullResync = true }, auth);
        await api.WaitForAllAsync(linked.Token, syncFrom, TimeSpan.FromSeconds(60), Entity.PurchaseOrder);
        await ShouldReadAsDeletedAsync();
    }

    [Fact]
    public async Task Fifty_concurrent_duplicates_make_one_source_write()
    {
        var (api, _, linked) = await WriteFixtures.SyncedAsync("ibm_maximo");
        var (order, remote) = await WriteFixtures.NewPurchaseOrderAsync(api, linked);
        var before = await WriteFixtures.SourceCountAsync(linked.Emulator, "purchase_order");
        await linked.Emulator.Node.Http.DeleteAsync($"{linked.Emulator.Path}/_emulator/requests");
        var request = new CreatePurchaseOrderRequest { PurchaseOrder = order, RequestId = "dup-" + Guid.NewGuid().ToString("N"), RemoteFields = remote };

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
            await api.PurchaseOrders.CreatePurchaseOrderAsync(request, Api.Bearer(linked.Token))));

        responses.Select(r => r.PurchaseOrder.Id).Distinct().Count().ShouldBe(1);
        (await WriteFixtures.SourceCountAsync(linked.Emulator, "purchase_order")).ShouldBe(before + 1);
        (await linked.Emulator.RequestsAsync()).Count(r => (string)r!["method"]! == "POST" && ((string)r["path"]!).EndsWith("/mxapipo")).ShouldBe(1);

        // The 49 repeats each recorded their replay, racing one another on the write's stream: its history view is at
        // the stream's version (requested, sent, succeeded, 49 replays), which a later take-over would expect.
        var writeId = responses[0].WriteOperation.WriteOperationId;
        (await api.WriteHistory.GetWriteOperationAsync(new GetWriteOperationRequest { WriteOperationId = writeId }, Api.Bearer(linked.Token)))
            .WriteOperation.ReplayCount.ShouldBe(49);
        await using var db = new NpgsqlConnection(TestEnvironment.Postgres);
        await db.OpenAsync();
        await using var versions = new NpgsqlCommand(
            "select (d.data ->> 'Version')::bigint, d.mt_version, s.version from makini.mt_doc_writeoperation d join makini.mt_streams s on s.id = d.id where d.id = @id", db);
        versions.Parameters.AddWithValue("id", writeId);
        await using var row = await versions.ExecuteReaderAsync();
        (await row.ReadAsync()).ShouldBeTrue();
        (row.GetInt64(0), Convert.ToInt64(row.GetValue(1)), row.GetInt64(2)).ShouldBe((52L, 52L, 52L));
    }

    [Fact]
    public async Task Bad_input_and_unsupported_writes_are_refused_before_any_source_call()
    {
        var (api, key, linked) = await WriteFixtures.SyncedAsync("sap_s4hana");
        var auth = Api.Bearer(linked.Token);
        var (order, remote) = await WriteFixtures.NewPurchaseOrderAsync(api, linked);
        await linked.Emulator.Node.Http.DeleteAsync($"{linked.Emulator.Path}/_emulator/requests");

        (await api.PurchaseOrders.CreatePurchaseOrderAsync(new CreatePurchaseOrderRequest { PurchaseOrder = order, RemoteFields = remote }, auth)
            .ShouldFail(StatusCode.InvalidArgument)).Fields().ShouldBe(["request_id"]);
        var noLines = order.Clone();
        noLines.Lines.Clear();
        noLines.Vendor = null;
        (await api.PurchaseOrders.CreatePurchaseOrderAsync(new CreatePurchaseOrderRequest { PurchaseOrder = noLines, RequestId = "r1", RemoteFields = remote }, auth)
            .ShouldFail(StatusCode.InvalidArgument)).Fields().ShouldBe(["purchase_order.lines", "purchase_order.vendor.remote_id"], ignoreOrder: true);
        (await api.PurchaseOrders.CreatePurchaseOrderAsync(new CreatePurchaseOrderRequest { PurchaseOrder = order, RequestId = "r2" }, auth)
            .ShouldFail(StatusCode.InvalidArgument)).Fields().ShouldContain("remote_fields.CompanyCode");
        (await api.PurchaseOrders.UpdatePurchaseOrderAsync(new UpdatePurchaseOrderRequest
            {
                PurchaseOrder = new PurchaseOrder { Id = "po_nope" }, RequestId = "r3", UpdateMask = new() { Paths = { "payment_terms" } },
            }, auth).ShouldFail(StatusCode.NotFound)).ShouldNotBeNull();
        var existing = (await api.ListAsync(linked.Token, Entity.PurchaseOrder))[0];
        (await api.PurchaseOrders.UpdatePurchaseOrderAsync(new UpdatePurchaseOrderRequest
            {
                PurchaseOrder = new PurchaseOrder { Id = existing.Id }, RequestId = "r4", UpdateMask = new() { Paths = { "colour" } },
            }, auth).ShouldFail(StatusCode.InvalidArgument)).Fields().ShouldBe(["update_mask.paths[0]"]);
        (await WriteFixtures.WritesSeenAsync(linked.Emulator)).ShouldBe(0);

        // Capabilities are obeyed before anything is sent.
        var (_, _, netsuite) = await WriteFixtures.SyncedAsync("netsuite");
        await netsuite.Emulator.Node.Http.DeleteAsync($"{netsuite.Emulator.Path}/_emulator/requests");
        var e = await api.WorkOrders.CreateWorkOrderAsync(new CreateWorkOrderRequest { WorkOrder = new WorkOrder { Title = "x" }, RequestId = "w1" }, Api.Bearer(netsuite.Token))
            .ShouldFail(StatusCode.Unimplemented, "OPERATION_NOT_SUPPORTED");
        (e.ErrorMetadata()["system"], e.ErrorMetadata()["entity"], e.ErrorMetadata()["operation"]).ShouldBe(("netsuite", "work_order", "create"));
        var (_, _, maximo) = await WriteFixtures.SyncedAsync("ibm_maximo");
        var maximoOrder = (await api.ListAsync(maximo.Token, Entity.PurchaseOrder))[0];
        await maximo.Emulator.Node.Http.DeleteAsync($"{maximo.Emulator.Path}/_emulator/requests");
        await api.PurchaseOrders.DeletePurchaseOrderAsync(new DeletePurchaseOrderRequest { Id = maximoOrder.Id, RequestId = "d1" }, Api.Bearer(maximo.Token))
            .ShouldFail(StatusCode.Unimplemented, "OPERATION_NOT_SUPPORTED");
        // Reads may go on meanwhile (the shared node's key scans run every 20 s); no write may have been sent.
        (await WriteFixtures.WritesSeenAsync(maximo.Emulator)).ShouldBe(0);
        (await WriteFixtures.WritesSeenAsync(netsuite.Emulator)).ShouldBe(0);
    }

    [Fact]
    public async Task The_source_refusing_a_write_is_reported_in_unified_terms_with_its_own_words()
    {
        var (api, _, linked) = await WriteFixtures.SyncedAsync("sap_s4hana");
        var auth = Api.Bearer(linked.Token);
        var (order, remote) = await WriteFixtures.NewPurchaseOrderAsync(api, linked);
        order.Vendor.RemoteId = "99999999";
        var e = await api.PurchaseOrders.CreatePurchaseOrderAsync(new CreatePurchaseOrderRequest { PurchaseOrder = order, RequestId = "v1", RemoteFields = remote }, auth)
            .ShouldFail(StatusCode.InvalidArgument, "SOURCE_VALIDATION_FAILED");
        e.ErrorMetadata()["field"].ShouldBe("vendor.remote_id");
        e.ErrorMetadata()["source_message"].ShouldNotBeNullOrEmpty();
        (await api.WriteHistory.ListWriteOperationsAsync(new ListWriteOperationsRequest { Status = WriteStatus.Failed }, auth)).WriteOperations.Single().SourceErrorCode.ShouldNotBeNullOrEmpty();

        // A stale etag is a conflict.
        var existing = (PurchaseOrder)(await api.ListAsync(linked.Token, Entity.PurchaseOrder)).First(r => ((PurchaseOrder)r.Message).Status == PurchaseOrderStatus.Open).Message;
        var terms = new[] { "NT30", "NT45", "NT60", "0001" }.First(t => t != existing.PaymentTerms); // defined in the demo company
        await api.PurchaseOrders.UpdatePurchaseOrderAsync(new UpdatePurchaseOrderRequest
            {
                PurchaseOrder = new PurchaseOrder { Id = existing.Id, PaymentTerms = terms, Etag = "W/\"datetimeoffset'2001-01-01T00%3A00%3A00.0000000Z'\"" },
                UpdateMask = new() { Paths = { "payment_terms" } }, RequestId = "e1",
            }, auth).ShouldFail(StatusCode.Aborted, "ETAG_MISMATCH");
        var updated = await api.PurchaseOrders.UpdatePurchaseOrderAsync(new UpdatePurchaseOrderRequest
            {
                PurchaseOrder = new PurchaseOrder { Id = existing.Id, PaymentTerms = terms, Etag = existing.Etag },
                UpdateMask = new() { Paths = { "payment_terms" } }, RequestId = "e2",
            }, auth);
        updated.PurchaseOrder.PaymentTerms.ShouldBe(terms);
        updated.PurchaseOrder.Etag.ShouldNotBe(existing.Etag);
    }

    [Fact]
    public async Task Writes_need_an_active_connection()
    {
        var (api, key, linked) = await WriteFixtures.SyncedAsync("upkeep");
        var (order, remote) = await WriteFixtures.NewPurchaseOrderAsync(api, linked);
        var credentials = await linked.Emulator.CredentialsAsync();
        credentials["password"] = "changed-by-the-customer";
        await linked.Emulator.SetCredentialsAsync(credentials);
        await api.PurchaseOrders.CreatePurchaseOrderAsync(new CreatePurchaseOrderRequest { PurchaseOrder = order, RequestId = "a1", RemoteFields = remote }, Api.Bearer(linked.Token))
            .ShouldFail(StatusCode.FailedPrecondition, "REAUTHORIZATION_REQUIRED");
        (await api.Connections.GetConnectionAsync(new GetConnectionRequest { ConnectionId = linked.Id }, Api.Bearer(key))).Connection.Status
            .ShouldBe(ConnectionStatus.ReauthorizationRequired);
        await api.PurchaseOrders.CreatePurchaseOrderAsync(new CreatePurchaseOrderRequest { PurchaseOrder = order, RequestId = "a2", RemoteFields = remote }, Api.Bearer(linked.Token))
            .ShouldFail(StatusCode.FailedPrecondition, "REAUTHORIZATION_REQUIRED");

        await api.Connections.DisconnectConnectionAsync(new DisconnectConnectionRequest { ConnectionId = linked.Id }, Api.Bearer(key));
        var headers = Api.Bearer(key);
        headers.Add("x-connection-id", linked.Id);
        await api.PurchaseOrders.CreatePurchaseOrderAsync(new CreatePurchaseOrderRequest { PurchaseOrder = order, RequestId = "a3", RemoteFields = remote }, headers)
            .ShouldFail(StatusCode.FailedPrecondition, "CONNECTION_DISCONNECTED");
    }
}
