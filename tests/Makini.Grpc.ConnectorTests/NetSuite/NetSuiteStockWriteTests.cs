using System.Globalization;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.V1;
using static Makini.Grpc.ConnectorTests.NetSuite.NetSuiteWriteData;

namespace Makini.Grpc.ConnectorTests.NetSuite;

/// <summary>Stock adjusted through inventoryAdjustment records, checked in the emulator and through the reader.</summary>
public sealed class NetSuiteStockWriteTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task a_relative_adjustment_posts_an_inventory_adjustment_and_changes_the_location_quantity()
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);
        var checkpoint = DateTimeOffset.UtcNow;
        var (remoteId, onHand) = await StockAsync(account);
        var request = Adjust(remoteId, "5.5", null);

        var written = (await account.Writer.WriteAsync(account.Target, request, CancellationToken.None)).Record!;

        written.RemoteId.ShouldBe(remoteId);
        ((InventoryItem)written.Unified).QuantityOnHand.ShouldBe((onHand + 5.5m).ToString(CultureInfo.InvariantCulture));
        var adjustment = (await account.AllAsync("inventory_adjustment")).Single();
        adjustment["externalId"]!.GetValue<string>().ShouldBe(request.IdempotencyKey);
        RefId(adjustment["account"]).ShouldBe("540");
        adjustment["inventory"]!["items"]![0]!["adjustQtyBy"]!.GetValue<decimal>().ShouldBe(5.5m);
        adjustment["memo"]!.GetValue<string>().ShouldBe("cycle count");
        var item = await account.GetJsonAsync($"inventoryItem/{remoteId.Split('@')[0]}?expandSubResources=true");
        item["locations"]!["items"]!.AsArray().Single(l => l!["location"]!["id"]!.GetValue<string>() == remoteId.Split('@')[1])!["quantityOnHand"]!
            .GetValue<decimal>().ShouldBe(onHand + 5.5m);
        (await account.ReadOneAsync(EntityKind.InventoryItem, remoteId, checkpoint)).Unified.ShouldBe(written.Unified);
        (await account.Writer.FindWrittenAsync(account.Target, request, CancellationToken.None))!.Unified.ShouldBe(written.Unified);
        (await account.Writer.FindWrittenAsync(account.Target, request with { IdempotencyKey = NewKey() }, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task a_repeated_relative_adjustment_is_applied_once()
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);
        var (remoteId, onHand) = await StockAsync(account);
        var request = Adjust(remoteId, "-1", null);

        await account.Writer.WriteAsync(account.Target, request, CancellationToken.None);
        var repeated = (InventoryItem)(await account.Writer.WriteAsync(account.Target, request, CancellationToken.None)).Record!.Unified;

        repeated.QuantityOnHand.ShouldBe((onHand - 1).ToString(CultureInfo.InvariantCulture));
        (await account.CountAsync("inventory_adjustment")).ShouldBe(1);
    }

    [Fact]
    public async Task a_count_sets_the_quantity_and_repeating_it_writes_nothing()
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);
        var (remoteId, _) = await StockAsync(account);

        var counted = (InventoryItem)(await account.Writer.WriteAsync(account.Target, Adjust(remoteId, null, "7"), CancellationToken.None)).Record!.Unified;
        var again = (InventoryItem)(await account.Writer.WriteAsync(account.Target, Adjust(remoteId, null, "7"), CancellationToken.None)).Record!.Unified;

        counted.QuantityOnHand.ShouldBe("7");
        again.QuantityOnHand.ShouldBe("7");
        (await account.CountAsync("inventory_adjustment")).ShouldBe(1);
    }

    [Fact]
    public async Task stock_at_a_location_the_item_had_none_becomes_a_new_stock_record()
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);
        var item = (await ActiveItemsAsync(account)).First(i => i["locations"]!["items"]!.AsArray().All(l => RefId(l!["location"]) != "2"));
        var remoteId = $"{Id(item)}@{RefId(item["locations"]!["items"]![0]!["location"])}";

        var written = (await account.Writer.WriteAsync(account.Target, Adjust(remoteId, "12", null, location: "Houston Warehouse"), CancellationToken.None)).Record!;

        written.RemoteId.ShouldBe($"{Id(item)}@2");
        ((InventoryItem)written.Unified).Location.ShouldBe("Houston Warehouse");
        ((InventoryItem)written.Unified).QuantityOnHand.ShouldBe("12");
        (await account.ReadAllKeysAsync(EntityKind.InventoryItem)).ShouldContain($"{Id(item)}@2");
    }

    [Fact]
    public async Task stock_cannot_go_below_zero()
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);
        var (remoteId, onHand) = await StockAsync(account);

        var refused = await Should.ThrowAsync<SourceValidationException>(() =>
            account.Writer.WriteAsync(account.Target, Adjust(remoteId, (-(onHand + 1)).ToString(CultureInfo.InvariantCulture), null), CancellationToken.None));

        refused.StateRule.ShouldBeTrue();
        (await account.CountAsync("inventory_adjustment")).ShouldBe(0);
    }

    [Fact]
    public async Task an_unknown_adjustment_account_names_the_remote_field()
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);
        var (remoteId, _) = await StockAsync(account);

        var refused = await Should.ThrowAsync<SourceValidationException>(() =>
            account.Writer.WriteAsync(account.Target, Adjust(remoteId, "1", null, new JsonObject { ["account"] = "9999" }), CancellationToken.None));

        refused.UnifiedField.ShouldBe("remote_fields.account");
        refused.SourceCode.ShouldBe("INVALID_CONTENT");
    }

    [Fact]
    public async Task a_stale_etag_is_a_conflict()
    {
        var account = await NetSuiteTestAccount.CreateAsync(emulator);
        var (remoteId, _) = await StockAsync(account);

        await Should.ThrowAsync<SourceConflictException>(() => account.Writer.WriteAsync(account.Target,
            Adjust(remoteId, "1", null) with { Etag = "2001-01-01T00:00:00Z" }, CancellationToken.None));
    }

    /// <summary>A stock record (item@location) of an active item at a US location with some stock, and its quantity on hand.</summary>
    private static async Task<(string RemoteId, decimal OnHand)> StockAsync(NetSuiteTestAccount account)
    {
        foreach (var item in await ActiveItemsAsync(account))
            foreach (var line in item["locations"]!["items"]!.AsArray())
            {
                var onHand = line!["quantityOnHand"]!.GetValue<decimal>();
                if (RefId(line["location"]) is "1" or "2" && onHand > 2) return ($"{Id(item)}@{RefId(line["location"])}", onHand);
            }
        throw new InvalidOperationException("The demo account has no stock.");
    }
}
