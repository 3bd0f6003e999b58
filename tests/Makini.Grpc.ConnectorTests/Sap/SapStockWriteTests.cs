using System.Globalization;
using Makini.Grpc.Connectors.Sap;
using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.V1;
using static Makini.Grpc.ConnectorTests.Sap.SapWriting;

namespace Makini.Grpc.ConnectorTests.Sap;

/// <summary>Stock adjustments posted as goods movements through API_MATERIAL_DOCUMENT_SRV.</summary>
public sealed class SapStockWriteTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task a_delta_posts_a_goods_movement_that_changes_the_stock_the_reader_sees()
    {
        var sap = await NewAsync(emulator);
        var (remoteId, quantity) = await sap.StockAsync(10);
        var request = Adjust(remoteId, "-7.5", null);

        var item = (InventoryItem)(await sap.WriteAsync(request)).Record!.Unified;

        Decimal(item.QuantityOnHand).ShouldBe(quantity - 7.5m);
        item.QuantityAvailable.ShouldBe(item.QuantityOnHand);
        (await sap.ReadAsync(EntityKind.InventoryItem, remoteId)).Unified.ShouldBe(item);
        var document = (await sap.AllAsync("material_document")).Single();
        document["MaterialDocumentHeaderText"]!.GetValue<string>().ShouldMatch("^MK[A-Z2-7]{23}$");
        var posted = document["to_MaterialDocumentItem"]!["results"]![0]!;
        posted["GoodsMovementType"]!.GetValue<string>().ShouldBe("702");
        posted["QuantityInEntryUnit"]!.GetValue<string>().ShouldBe("7.5");
        (await sap.FindAsync(request))!.Unified.ShouldBe(item);
        (await sap.FindAsync(request with { IdempotencyKey = NewKey() })).ShouldBeNull();
    }

    [Fact]
    public async Task a_new_quantity_posts_the_difference_and_resending_it_posts_nothing()
    {
        var sap = await NewAsync(emulator);
        var (remoteId, quantity) = await sap.StockAsync(1);
        var request = Adjust(remoteId, null, (quantity + 20).ToString(CultureInfo.InvariantCulture));

        var first = (InventoryItem)(await sap.WriteAsync(request)).Record!.Unified;
        var again = (InventoryItem)(await sap.WriteAsync(request)).Record!.Unified;

        Decimal(first.QuantityOnHand).ShouldBe(quantity + 20);
        again.ShouldBe(first);
        var documents = await sap.AllAsync("material_document");
        documents.Count.ShouldBe(1);
        documents[0]["to_MaterialDocumentItem"]!["results"]![0]!["GoodsMovementType"]!.GetValue<string>().ShouldBe("701");
    }

    [Fact]
    public async Task a_movement_that_would_leave_negative_stock_is_refused_as_a_deficit()
    {
        var sap = await NewAsync(emulator);
        var (remoteId, quantity) = await sap.StockAsync(1);

        var refused = await Should.ThrowAsync<SourceValidationException>(() =>
            sap.WriteAsync(Adjust(remoteId, (-(quantity + 1)).ToString(CultureInfo.InvariantCulture), null)));

        refused.SourceCode.ShouldBe("M7/021");
        refused.SourceMessage.ShouldStartWith("Deficit of SL Unrestricted-use 1.000 ");
        refused.UnifiedField.ShouldBe("quantity_delta");
        refused.StateRule.ShouldBeTrue();
        (await sap.AllAsync("material_document")).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_receipt_at_another_storage_location_of_the_plant_creates_its_stock_row()
    {
        var sap = await NewAsync(emulator);
        var row = (await sap.AllAsync("inventory_item")).First(r => r["Plant"]!.GetValue<string>() == "1010"
            && r["StorageLocation"]!.GetValue<string>() == "101A" && r["Batch"]!.GetValue<string>() == "" && r["InventoryStockType"]!.GetValue<string>() == "01");
        var remoteId = SapInventoryMapping.RemoteIdOf(System.Text.Json.JsonSerializer.SerializeToElement(row));
        var elsewhere = remoteId.Replace("|101A|", "|101B|", StringComparison.Ordinal);
        var before = (await sap.NativeAsync("inventory_item", elsewhere)) is { } existing
            ? decimal.Parse(existing["MatlWrhsStkQtyInMatlBaseUnit"]!.GetValue<string>(), CultureInfo.InvariantCulture)
            : 0;

        var item = (InventoryItem)(await sap.WriteAsync(Adjust(remoteId, "3", null, location: "101B"))).Record!.Unified;

        item.RemoteId.ShouldBe(elsewhere);
        item.Location.ShouldBe("101B");
        Decimal(item.QuantityOnHand).ShouldBe(before + 3);
    }

    [Fact]
    public async Task an_unknown_storage_location_is_refused_with_the_unified_field()
    {
        var sap = await NewAsync(emulator);
        var (remoteId, _) = await sap.StockAsync(0);

        var refused = await Should.ThrowAsync<SourceValidationException>(() => sap.WriteAsync(Adjust(remoteId, "1", null, location: "XXXX")));

        refused.SourceCode.ShouldBe("M7/001");
        refused.UnifiedField.ShouldBe("location");
    }

    private static decimal Decimal(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);
}
