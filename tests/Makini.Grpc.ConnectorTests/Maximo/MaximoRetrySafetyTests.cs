using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.V1;
using Microsoft.Extensions.DependencyInjection;

namespace Makini.Grpc.ConnectorTests.Maximo;

/// <summary>Retry safety of Maximo writes (transactionid, externalrefid) and the writer's requirements.</summary>
public sealed class MaximoRetrySafetyTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task a_create_is_found_again_by_its_key_and_not_by_another()
    {
        var maximo = await MaximoWriting.NewAsync(emulator);
        var create = MaximoWriting.Create(EntityKind.Asset, new Asset { Name = "Spare motor", Site = "BEDFORD" });
        var written = await maximo.WriteAsync(create);

        var found = await maximo.Writer.FindWrittenAsync(maximo.Target, create, CancellationToken.None);
        var other = await maximo.Writer.FindWrittenAsync(maximo.Target, create with { IdempotencyKey = MaximoWriting.NewKey() }, CancellationToken.None);

        found!.Unified.ShouldBe(written.Record!.Unified);
        other.ShouldBeNull();
    }

    [Fact]
    public async Task a_create_whose_answer_was_lost_is_retried_once_refused_as_a_replay_and_the_first_record_returned()
    {
        await using var services = MaximoWriting.ImpatientConnectors();
        var maximo = await MaximoWriting.NewAsync(emulator, services);
        var before = await maximo.CountAsync("work_order");
        await maximo.HoldNextAnswerAsync(3000);

        var written = await maximo.WriteAsync(MaximoWriting.Create(EntityKind.WorkOrder, new WorkOrder { Title = "Leak at NA210", Site = "NASHUA" }));

        (await maximo.CountAsync("work_order")).ShouldBe(before + 1);
        ((WorkOrder)written.Record!.Unified).Title.ShouldBe("Leak at NA210");
        static bool Post(LoggedRequest r) => r.Method == "POST" && r.Path == "/maximo/api/os/mxapiwodetail";
        var posts = (await maximo.Instance.GetRequestsAsync(Post, 2)).Where(Post).ToList();
        posts.Count.ShouldBe(2);
        posts.ShouldContain(r => r.Status == 409);
    }

    [Fact]
    public async Task a_repeated_update_is_answered_409_and_applied_once()
    {
        var maximo = await MaximoWriting.NewAsync(emulator);
        var created = await maximo.WriteAsync(MaximoWriting.Create(EntityKind.WorkOrder, new WorkOrder { Title = "Once", Site = "BEDFORD" }));
        var update = MaximoWriting.Update(EntityKind.WorkOrder, created.Record!.RemoteId, new WorkOrder { Title = "Once more", Status = WorkOrderStatus.InProgress },
            ["title", "status"]);

        var first = await maximo.WriteAsync(update);
        var again = await maximo.WriteAsync(update);

        again.Record!.Unified.ShouldBe(first.Record!.Unified);
        (await maximo.Instance.GetRequestsAsync()).Count(r => r.Status == 409).ShouldBe(1, "the PATCH is a replay; the status holds, so no second change is sent");
    }

    [Fact]
    public async Task the_same_transactionid_applies_a_create_once_and_a_refused_write_does_not_use_it_up()
    {
        var maximo = await MaximoWriting.NewAsync(emulator);
        var before = await maximo.CountAsync("vendor");
        var header = ("transactionid", "tx-" + Guid.NewGuid().ToString("N"));

        using var refused = await maximo.SendAsync(HttpMethod.Post, "maximo/api/os/mxapivendor?lean=1", new JsonObject { ["orgid"] = "EAGLENA" }, header);
        using var created = await maximo.SendAsync(HttpMethod.Post, "maximo/api/os/mxapivendor?lean=1", new JsonObject { ["company"] = "TXCO", ["orgid"] = "EAGLENA" }, header);
        using var replayed = await maximo.SendAsync(HttpMethod.Post, "maximo/api/os/mxapivendor?lean=1", new JsonObject { ["company"] = "TXCO2", ["orgid"] = "EAGLENA" }, header);

        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        replayed.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        using var error = JsonDocument.Parse(await replayed.Content.ReadAsStringAsync());
        error.RootElement.GetProperty("Error").GetProperty("statusCode").GetString().ShouldBe("409");
        (await maximo.CountAsync("vendor")).ShouldBe(before + 1);
    }

    [Fact]
    public void every_write_the_catalog_offers_has_requirements_and_the_others_are_not_supported()
    {
        var writer = emulator.Services.GetRequiredService<WriterRegistry>().Get(SystemCatalog.Maximo);
        var system = SystemCatalog.Find(SystemCatalog.Maximo)!;
        var kinds = new (WriteKind Kind, Operations Operation)[]
        {
            (WriteKind.Create, Operations.Create), (WriteKind.Update, Operations.Update), (WriteKind.Delete, Operations.Delete), (WriteKind.Adjust, Operations.Adjust),
        };

        foreach (var entity in Enum.GetValues<EntityKind>())
        {
            foreach (var (kind, operation) in kinds)
            {
                if (system.Supports(entity, operation)) writer.RequirementsOf(entity, kind).ShouldNotBeNull();
                else Should.Throw<EntityNotSupportedException>(() => writer.RequirementsOf(entity, kind), $"{entity} {kind}");
            }
        }
        writer.RequirementsOf(EntityKind.WorkOrder, WriteKind.Create).SystemFields.Select(f => f.Name).ShouldBe(["siteid"]);
        writer.RequirementsOf(EntityKind.Vendor, WriteKind.Create).SystemFields.Select(f => f.Name).ShouldBe(["orgid", "type"]);
        writer.RequirementsOf(EntityKind.PurchaseOrder, WriteKind.Create).RequiredFields.ShouldBe(["vendor.remote_id", "lines", "lines.quantity"]);
        writer.RequirementsOf(EntityKind.WorkOrder, WriteKind.Update).WritableFields.ShouldContain("status");
        writer.RequirementsOf(EntityKind.InventoryItem, WriteKind.Adjust).RetrySafeHandle.ShouldNotBeNull();
    }

    [Fact]
    public async Task an_unsupported_write_is_refused_before_any_call()
    {
        var maximo = await MaximoWriting.NewAsync(emulator);
        var delete = new WriteRequest(EntityKind.PurchaseOrder, WriteKind.Delete, "BEDFORD/1000/0", null, [], new JsonObject(), null, MaximoWriting.NewKey());

        await Should.ThrowAsync<EntityNotSupportedException>(() => maximo.WriteAsync(delete));

        (await maximo.Instance.GetRequestsAsync()).ShouldBeEmpty();
    }
}
