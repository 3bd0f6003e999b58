using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.V1;
using static Makini.Grpc.ConnectorTests.Sap.SapWriting;

namespace Makini.Grpc.ConnectorTests.Sap;

/// <summary>Equipment written through API_EQUIPMENT: POST, PATCH of the current segment, retry-safe lookup.</summary>
public sealed class SapAssetWriteTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private static Asset NewAsset() => new()
    {
        Name = "Booster Pump PRD-L02 #6",
        Site = "1710",
        Location = "1710-PRD-L02",
        Parent = new RecordRef { RemoteId = "10000010" },
        SerialNumber = "GF-2025-118822",
        Manufacturer = "Grundfos",
        Model = "CR 32-2",
        Category = "PUMP",
    };

    [Fact]
    public async Task a_create_reads_back_as_the_reader_reads_it_and_is_found_by_its_key()
    {
        var sap = await NewAsync(emulator);
        var request = Create(EntityKind.Asset, NewAsset());

        var written = (Asset)(await sap.WriteAsync(request)).Record!.Unified;

        written.Name.ShouldBe("Booster Pump PRD-L02 #6");
        written.Site.ShouldBe("1710");
        written.Parent.RemoteId.ShouldBe("10000010");
        written.SerialNumber.ShouldBe("GF-2025-118822");
        written.Status.ShouldBe(AssetStatus.Operating);
        written.RemoteStatus.ShouldBe("INST");
        (await sap.ReadAsync(EntityKind.Asset, written.RemoteId)).Unified.ShouldBe(written);
        var native = (await sap.NativeAsync("asset", written.RemoteId))!;
        native["EquipmentCategory"]!.GetValue<string>().ShouldBe("M");
        native["TechnicalObjectSortCode"]!.GetValue<string>().ShouldMatch("^MK[A-Z2-7]{18}$");
        (await sap.FindAsync(request))!.Unified.ShouldBe(written);
        (await sap.FindAsync(request with { IdempotencyKey = NewKey() })).ShouldBeNull();
    }

    [Fact]
    public async Task an_update_patches_the_current_segment_with_its_etag()
    {
        var sap = await NewAsync(emulator);
        var asset = (Asset)(await sap.WriteAsync(Create(EntityKind.Asset, NewAsset()))).Record!.Unified;
        var changed = asset.Clone();
        changed.Name = "Booster Pump PRD-L02 #6 (spare)";
        changed.Parent = null;
        changed.SerialNumber = "GF-2025-999999";

        var updated = (Asset)(await sap.WriteAsync(Update(EntityKind.Asset, asset.RemoteId, changed, ["name", "parent", "serial_number"], asset.Etag))).Record!.Unified;

        updated.Name.ShouldBe("Booster Pump PRD-L02 #6 (spare)");
        updated.Parent.ShouldBeNull();
        updated.SerialNumber.ShouldBe("GF-2025-999999");
        updated.Etag.ShouldNotBe(asset.Etag);
        (await sap.ReadAsync(EntityKind.Asset, asset.RemoteId)).Unified.ShouldBe(updated);
        await Should.ThrowAsync<SourceConflictException>(() =>
            sap.WriteAsync(Update(EntityKind.Asset, asset.RemoteId, NewAsset(), ["name"], asset.Etag)));
    }

    [Fact]
    public async Task a_parent_that_does_not_exist_or_is_the_asset_itself_is_refused()
    {
        var sap = await NewAsync(emulator);
        var orphan = NewAsset();
        orphan.Parent.RemoteId = "19999999";
        var asset = (Asset)(await sap.WriteAsync(Create(EntityKind.Asset, NewAsset()))).Record!.Unified;
        var itself = asset.Clone();
        itself.Parent = new RecordRef { RemoteId = asset.RemoteId };

        var unknown = await Should.ThrowAsync<SourceValidationException>(() => sap.WriteAsync(Create(EntityKind.Asset, orphan)));
        var loop = await Should.ThrowAsync<SourceValidationException>(() => sap.WriteAsync(Update(EntityKind.Asset, asset.RemoteId, itself, ["parent"])));

        unknown.SourceCode.ShouldBe("IE/007");
        unknown.UnifiedField.ShouldBe("parent.remote_id");
        loop.SourceCode.ShouldBe("IE/109");
        loop.UnifiedField.ShouldBe("parent.remote_id");
    }

    [Fact]
    public async Task equipment_with_the_deletion_flag_takes_no_change()
    {
        var sap = await NewAsync(emulator);
        // Every 29th demo equipment carries the deletion flag: index 28 is 10000028.
        var refused = await Should.ThrowAsync<SourceValidationException>(() =>
            sap.WriteAsync(Update(EntityKind.Asset, "10000028", NewAsset(), ["name"])));

        refused.SourceCode.ShouldBe("BS/013");
        refused.StateRule.ShouldBeTrue();
    }
}
