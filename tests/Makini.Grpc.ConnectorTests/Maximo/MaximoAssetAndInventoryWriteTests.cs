using System.Globalization;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.V1;

namespace Makini.Grpc.ConnectorTests.Maximo;

/// <summary>Asset writes and current balance adjustments through the Maximo writer against the emulator.</summary>
public sealed class MaximoAssetAndInventoryWriteTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private const string Stocked = "BEDFORD/CENTRAL/0-5000";

    [Fact]
    public async Task an_asset_is_created_not_ready_and_put_into_operation_by_an_update()
    {
        var maximo = await MaximoWriting.NewAsync(emulator);
        var asset = new Asset
        {
            Name = "Booster pump #2", Site = "NASHUA", Location = "NA210", SerialNumber = "GR-778812", Manufacturer = "GRUNDFOS", Category = "PUMP",
        };

        var created = (Asset)(await maximo.WriteAsync(MaximoWriting.Create(EntityKind.Asset, asset))).Record!.Unified;
        var updated = (Asset)(await maximo.WriteAsync(MaximoWriting.Update(EntityKind.Asset, created.RemoteId,
            new Asset { Status = AssetStatus.Operating, Name = "Booster pump 2" }, ["status", "name"]))).Record!.Unified;

        created.RemoteId.ShouldStartWith("NASHUA/");
        created.Status.ShouldBe(AssetStatus.NotOperating);
        created.RemoteStatus.ShouldBe("NOT READY");
        created.Location.ShouldBe("NA210");
        updated.Status.ShouldBe(AssetStatus.Operating);
        updated.Name.ShouldBe("Booster pump 2");
        updated.SerialNumber.ShouldBe("GR-778812");
        (await maximo.ReadAsync(EntityKind.Asset, created.RemoteId)).Unified.ShouldBe(updated);
    }

    [Fact]
    public async Task a_location_of_another_site_is_refused_with_maximos_location_message()
    {
        var maximo = await MaximoWriting.NewAsync(emulator);

        var refused = await Should.ThrowAsync<SourceValidationException>(() =>
            maximo.WriteAsync(MaximoWriting.Create(EntityKind.Asset, new Asset { Name = "Misplaced", Site = "BEDFORD", Location = "NA210" })));

        refused.SourceCode.ShouldBe("BMXAA2661E");
        refused.SourceMessage.ShouldBe("BMXAA2661E - Location NA210 is not a valid location.");
        refused.UnifiedField.ShouldBe("location");
    }

    [Fact]
    public async Task a_delta_becomes_the_new_current_balance_of_the_default_bin()
    {
        var maximo = await MaximoWriting.NewAsync(emulator);
        var before = (InventoryItem)(await maximo.ReadAsync(EntityKind.InventoryItem, Stocked, everything: true)).Unified;

        var written = (InventoryItem)(await maximo.WriteAsync(MaximoWriting.Adjust(Stocked, "5", null))).Record!.Unified;

        Quantity(written.QuantityOnHand).ShouldBe(Quantity(before.QuantityOnHand) + 5);
        Quantity(written.QuantityAvailable).ShouldBe(Quantity(before.QuantityAvailable) + 5);
        written.UnitCost.CurrencyCode.ShouldBe("USD");
        (await maximo.ReadAsync(EntityKind.InventoryItem, Stocked)).Unified.ShouldBe(written);
        var transaction = (await maximo.NativeAsync("inventory_item", Stocked))!["invtrans"]!.AsArray()[^1]!;
        transaction["transtype"]!.GetValue<string>().ShouldBe("CURBALADJ");
        transaction["memo"]!.GetValue<string>().ShouldBe("cycle count");
        (await maximo.Instance.GetRequestsAsync()).ShouldContain(r => r.Query.Contains("action=wsmethod:adjustCurrentBalance"));
    }

    [Fact]
    public async Task a_physical_count_sets_the_quantity_on_hand()
    {
        var maximo = await MaximoWriting.NewAsync(emulator);
        var before = (InventoryItem)(await maximo.ReadAsync(EntityKind.InventoryItem, Stocked, everything: true)).Unified;
        var counted = (Quantity(before.QuantityOnHand) + 100).ToString(CultureInfo.InvariantCulture);

        var written = (InventoryItem)(await maximo.WriteAsync(MaximoWriting.Adjust(Stocked, null, counted))).Record!.Unified;

        Quantity(written.QuantityOnHand).ShouldBe(Quantity(counted));
    }

    [Fact]
    public async Task the_same_item_in_another_storeroom_is_adjusted_when_the_adjustment_names_it()
    {
        var maximo = await MaximoWriting.NewAsync(emulator);

        var written = await maximo.WriteAsync(MaximoWriting.Adjust(Stocked, "1", null, location: "EAST"));
        var missing = await Should.ThrowAsync<SourceValidationException>(() => maximo.WriteAsync(MaximoWriting.Adjust(Stocked, "1", null, location: "NOWHERE")));

        written.Record!.RemoteId.ShouldBe("BEDFORD/EAST/0-5000");
        missing.UnifiedField.ShouldBe("location");
    }

    [Fact]
    public async Task a_balance_that_would_turn_negative_is_refused_as_a_state_rule()
    {
        var maximo = await MaximoWriting.NewAsync(emulator);
        var before = await maximo.NativeAsync("inventory_item", Stocked);

        var refused = await Should.ThrowAsync<SourceValidationException>(() => maximo.WriteAsync(MaximoWriting.Adjust(Stocked, "-100000", null)));

        refused.StateRule.ShouldBeTrue();
        refused.SourceCode.ShouldBe("BMXAA1861E");
        refused.UnifiedField.ShouldBe("quantity_delta");
        (await maximo.NativeAsync("inventory_item", Stocked))!["curbaltotal"]!.ToJsonString().ShouldBe(before!["curbaltotal"]!.ToJsonString());
    }

    [Fact]
    public async Task an_applied_adjustment_is_found_by_its_key_and_no_other()
    {
        var maximo = await MaximoWriting.NewAsync(emulator);
        var adjustment = MaximoWriting.Adjust(Stocked, "2", null);
        await maximo.WriteAsync(adjustment);

        var found = await maximo.Writer.FindWrittenAsync(maximo.Target, adjustment, CancellationToken.None);
        var other = await maximo.Writer.FindWrittenAsync(maximo.Target, adjustment with { IdempotencyKey = MaximoWriting.NewKey() }, CancellationToken.None);

        found!.RemoteId.ShouldBe(Stocked);
        other.ShouldBeNull();
    }

    private static decimal Quantity(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);
}
