using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.V1;
using Microsoft.Extensions.DependencyInjection;

namespace Makini.Grpc.ConnectorTests.UpKeep;

/// <summary>UpKeep has no retry-safe handle: creates are sent once, lost answers are reported, never resent.</summary>
public sealed class UpKeepRetrySafetyTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task a_create_whose_answer_was_lost_is_not_sent_again()
    {
        await using var services = UpKeepWriting.ImpatientConnectors();
        var upkeep = await UpKeepWriting.NewAsync(emulator, services);
        await upkeep.WriteAsync(UpKeepWriting.Create(EntityKind.Vendor, new Vendor { Name = "Session warm-up" }));
        await upkeep.HoldNextAnswerAsync(3000);

        var lost = await Should.ThrowAsync<SourceUnavailableException>(() =>
            upkeep.WriteAsync(UpKeepWriting.Create(EntityKind.Vendor, new Vendor { Name = "Lost Answer Supply" })));

        lost.HttpStatus.ShouldBeNull("no answer came: the write may have been applied");
        (await upkeep.CountAsync("vendor")).ShouldBe(152, "UpKeep applied it once; the client did not send it again");
        static bool VendorPost(LoggedRequest r) => r.Method == "POST" && r.Path == "/api/v2/vendors";
        (await upkeep.Instance.GetRequestsAsync(VendorPost, 2)).Count(VendorPost).ShouldBe(2, "the warm-up and the lost one");
    }

    [Fact]
    public async Task a_create_answered_503_is_retried_and_made_once()
    {
        var upkeep = await UpKeepWriting.NewAsync(emulator);
        await upkeep.WriteAsync(UpKeepWriting.Create(EntityKind.Vendor, new Vendor { Name = "Warm-up" }));
        await upkeep.Instance.PlanFaultAsync(503, count: 1);

        await upkeep.WriteAsync(UpKeepWriting.Create(EntityKind.Vendor, new Vendor { Name = "Second Try Supply" }));

        (await upkeep.CountAsync("vendor")).ShouldBe(152);
        (await upkeep.Instance.GetRequestsAsync()).Count(r => r.Method == "POST" && r.Path == "/api/v2/vendors" && r.Status == 503).ShouldBe(1);
    }

    [Fact]
    public async Task there_is_no_handle_to_find_a_write_by()
    {
        var upkeep = await UpKeepWriting.NewAsync(emulator);
        var create = UpKeepWriting.Create(EntityKind.WorkOrder, new WorkOrder { Title = "Unfindable" });

        await Should.ThrowAsync<NotSupportedException>(() => upkeep.Writer.FindWrittenAsync(upkeep.Target, create, CancellationToken.None));
    }

    [Fact]
    public void every_write_the_catalog_offers_has_requirements_without_a_handle_and_the_others_are_not_supported()
    {
        var writer = emulator.Services.GetRequiredService<WriterRegistry>().Get(SystemCatalog.UpKeep);
        var system = SystemCatalog.Find(SystemCatalog.UpKeep)!;
        var kinds = new (WriteKind Kind, Operations Operation)[]
        {
            (WriteKind.Create, Operations.Create), (WriteKind.Update, Operations.Update), (WriteKind.Delete, Operations.Delete), (WriteKind.Adjust, Operations.Adjust),
        };

        foreach (var entity in Enum.GetValues<EntityKind>())
        {
            foreach (var (kind, operation) in kinds)
            {
                if (system.Supports(entity, operation)) writer.RequirementsOf(entity, kind).RetrySafeHandle.ShouldBeNull($"{entity} {kind}");
                else Should.Throw<EntityNotSupportedException>(() => writer.RequirementsOf(entity, kind), $"{entity} {kind}");
            }
        }
        writer.RequirementsOf(EntityKind.PurchaseOrder, WriteKind.Create).SystemFields.Select(f => f.Name).ShouldBe(["title"]);
        writer.RequirementsOf(EntityKind.WorkOrder, WriteKind.Create).RequiredFields.ShouldBe(["title"]);
    }

    [Fact]
    public async Task the_emulator_answers_writes_in_upkeeps_envelope()
    {
        var upkeep = await UpKeepWriting.NewAsync(emulator);

        using var created = await upkeep.SendAsync(HttpMethod.Post, "api/v2/vendors", new JsonObject { ["businessName"] = "Raw Co", ["id"] = "MyOwnId001" });
        using var valid = await upkeep.SendAsync(HttpMethod.Post, "api/v2/vendors", new JsonObject { ["businessName"] = "Raw Co" });
        var id = JsonNode.Parse(await valid.Content.ReadAsStringAsync())!["result"]!["id"]!.GetValue<string>();
        using var patched = await upkeep.SendAsync(HttpMethod.Patch, $"api/v2/vendors/{id}", new JsonObject { ["email"] = "raw@co.example" });
        using var deleted = await upkeep.SendAsync(HttpMethod.Delete, $"api/v2/vendors/{id}");

        created.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var refusal = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        refusal.RootElement.GetProperty("success").GetBoolean().ShouldBeFalse();
        refusal.RootElement.GetProperty("message").GetString().ShouldBe("id is read-only and cannot be set");
        var result = JsonNode.Parse(await patched.Content.ReadAsStringAsync())!;
        result["success"]!.GetValue<bool>().ShouldBeTrue();
        result["result"]!["businessName"]!.GetValue<string>().ShouldBe("Raw Co");
        result["result"]!["email"]!.GetValue<string>().ShouldBe("raw@co.example");
        deleted.StatusCode.ShouldBe(HttpStatusCode.NotFound, "UpKeep offers no vendor delete");
    }
}
