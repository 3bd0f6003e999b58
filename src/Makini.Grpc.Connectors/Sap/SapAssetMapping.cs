using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.V1;
using static Makini.Grpc.Connectors.Sap.SapWire;

namespace Makini.Grpc.Connectors.Sap;

/// <summary>An API_EQUIPMENT Equipment (its current time segment, valid to 9999-12-31) as a unified asset.</summary>
public static class SapAssetMapping
{
    public const string Service = "API_EQUIPMENT";
    public const string EntitySet = "Equipment";

    /// <summary>Only the current time segment of each equipment; older segments are its history.</summary>
    public const string CurrentSegment = "ValidityEndDate eq datetime'9999-12-31T00:00:00'";

    /// <summary>An entity held as a node (a write's answer, a test's fixture).</summary>
    public static SourceRecord Map(JsonObject equipment) => MapNode(equipment, Map);

    /// <summary>An entity of a parsed page, and its JSON as it arrived (kept as the raw record).</summary>
    public static SourceRecord Map(JsonElement equipment, ReadOnlyMemory<byte> raw)
    {
        var number = Text(equipment.Field("Equipment"));
        var modified = Instant(equipment.Field("LastChangeDateTime"));
        var asset = new Asset
        {
            RemoteId = number,
            AssetNumber = number,
            RemoteCreatedTime = Normalize.Time(Instant(equipment.Field("CreationDate"))),
            RemoteModifiedTime = Normalize.Time(modified),
            Name = Text(equipment.Field("EquipmentName")),
            Status = StatusOf(equipment),
            RemoteStatus = RemoteStatusOf(equipment),
            Location = Text(equipment.Field("FunctionalLocation")),
            Site = Text(equipment.Field("MaintenancePlant")),
            SerialNumber = Text(equipment.Field("SerialNumber")) is { Length: > 0 } serial ? serial : Text(equipment.Field("ManufacturerSerialNumber")),
            Manufacturer = Text(equipment.Field("AssetManufacturerName")),
            Model = Text(equipment.Field("ManufacturerPartTypeName")),
            Category = Text(equipment.Field("TechnicalObjectType")),
            CustomFields = Normalize.CustomFields(equipment, IsCustomField),
            Etag = ETag(equipment),
        };
        if (Text(equipment.Field("SuperordinateEquipment")) is { Length: > 0 } parent)
            asset.Parent = new RecordRef { RemoteId = parent };
        return new SourceRecord(number, asset, raw, modified);
    }

    /// <summary>Marked for deletion → decommissioned; inactive → not operating; otherwise operating.</summary>
    public static AssetStatus StatusOf(JsonElement equipment) =>
        Flag(equipment.Field("EquipmentIsMarkedForDeletion")) ? AssetStatus.Decommissioned
        : Flag(equipment.Field("EquipmentIsInactive")) ? AssetStatus.NotOperating
        : AssetStatus.Operating;

    /// <summary>The API has status flags, not a status text: they are named by SAP's system status codes
    /// (DLFL deletion flag, INAC inactive, INST installed, AVLB available), space-separated like SystemStatusText.</summary>
    public static string RemoteStatusOf(JsonElement equipment)
    {
        var codes = new List<string>();
        if (Flag(equipment.Field("EquipmentIsMarkedForDeletion"))) codes.Add("DLFL");
        if (Flag(equipment.Field("EquipmentIsInactive"))) codes.Add("INAC");
        if (Flag(equipment.Field("EquipmentIsInstalled"))) codes.Add("INST");
        if (Flag(equipment.Field("EquipmentIsAvailable"))) codes.Add("AVLB");
        return string.Join(' ', codes);
    }

    public static EntityMapping Mapping { get; } = new($"{Service}/{EntitySet}",
    [
        new("remote_id", "Equipment.Equipment", "the current segment (ValidityEndDate 9999-12-31) only"),
        new("asset_number", "Equipment.Equipment"),
        new("remote_created_time", "Equipment.CreationDate", "Edm.DateTime: the creation day at 00:00 UTC"),
        new("remote_modified_time", "Equipment.LastChangeDateTime", "Edm.DateTimeOffset /Date(ms+0000)/"),
        new("name", "Equipment.EquipmentName"),
        new("status", "Equipment.EquipmentIsMarkedForDeletion, EquipmentIsInactive", "deletion flag→DECOMMISSIONED, inactive→NOT_OPERATING, else OPERATING"),
        new("remote_status", "Equipment.EquipmentIsMarkedForDeletion/IsInactive/IsInstalled/IsAvailable", "as system status codes: DLFL INAC INST AVLB"),
        new("location", "Equipment.FunctionalLocation"),
        new("site", "Equipment.MaintenancePlant"),
        new("parent.remote_id", "Equipment.SuperordinateEquipment"),
        new("serial_number", "Equipment.SerialNumber, else ManufacturerSerialNumber"),
        new("manufacturer", "Equipment.AssetManufacturerName"),
        new("model", "Equipment.ManufacturerPartTypeName"),
        new("category", "Equipment.TechnicalObjectType"),
        new("custom_fields", "Equipment.YY1_*, ZZ1_*"),
        new("etag", "Equipment.__metadata.etag"),
    ]);
}
