using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.V1;
using static Makini.Grpc.Connectors.Sap.SapWriteValues;

namespace Makini.Grpc.Connectors.Sap;

/// <summary>
/// Equipment through API_EQUIPMENT: POST Equipment (category from remote field EquipmentCategory, default M) and PATCH
/// of its current segment <c>Equipment(Equipment='…',ValidityEndDate=datetime'9999-12-31T00:00:00')</c> with
/// If-Match. The serial number goes to SerialNumber when the equipment has one (serial-number profile), else to
/// ManufacturerSerialNumber, matching the reader. The idempotency token goes into TechnicalObjectSortCode.
/// Status is not written: SAP sets the equipment's status flags through its own actions.
/// </summary>
internal sealed class SapAssetWriter(SapWriteKit kit)
{
    private const string Service = SapAssetMapping.Service;

    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["EquipmentName"] = "name",
        ["FunctionalLocation"] = "location",
        ["MaintenancePlant"] = "site",
        ["MaintenancePlanningPlant"] = "site",
        ["SuperordinateEquipment"] = "parent.remote_id",
        ["SerialNumber"] = "serial_number",
        ["ManufacturerSerialNumber"] = "serial_number",
        ["AssetManufacturerName"] = "manufacturer",
        ["ManufacturerPartTypeName"] = "model",
        ["TechnicalObjectType"] = "category",
    };

    private static readonly string[] SystemFields = ["EquipmentCategory"];

    public static string Resource(string number) => $"Equipment(Equipment={Literal(number)},ValidityEndDate=datetime'9999-12-31T00:00:00')";

    public async Task<WriteResult> CreateAsync(SourceTarget target, WriteRequest request, CancellationToken ct)
    {
        var asset = (Asset)request.Record!;
        var payload = request.RemoteFields.DeepClone().AsObject();
        if (SapWire.Text(payload["EquipmentCategory"]).Length == 0) payload["EquipmentCategory"] = "M";
        SetFields(payload, asset, request, hasSerialProfile: false);
        payload["TechnicalObjectSortCode"] = Handle(request.IdempotencyKey, 20);
        var created = await kit.Writes.SendAsync(target, new SapWriteCall(HttpMethod.Post, Service, SapAssetMapping.EntitySet, payload) { SendOnce = true }, Map(""), ct);
        var number = SapWire.Text(created?["Equipment"]);
        try
        {
            return new WriteResult(await kit.ReadBackAsync(target, EntityKind.Asset, Resource(number), number, ct));
        }
        catch (SourceUnavailableException) when (created is not null)
        {
            return new WriteResult(SapAssetMapping.Map(created));
        }
    }

    public async Task<WriteResult> UpdateAsync(SourceTarget target, WriteRequest request, CancellationToken ct)
    {
        var asset = (Asset)request.Record!;
        var number = request.RemoteId!;
        var payload = new JsonObject();
        foreach (var (name, value) in request.RemoteFields)
            if (!SystemFields.Contains(name)) payload[name] = value?.DeepClone();
        var hasSerialProfile = false;
        if (Masks(request, "serial_number"))
        {
            var current = await kit.GetAsync(target, Service, Resource(number), null, ct) ?? throw new SourceNotFoundException(SystemCatalog.Sap, number);
            hasSerialProfile = SapWire.Text(current["SerialNumber"]).Length > 0;
        }
        SetFields(payload, asset, request, hasSerialProfile);
        await kit.PatchAsync(target, Service, Resource(number), payload, request.Etag, Map(number), ct);
        return new WriteResult(await kit.ReadBackAsync(target, EntityKind.Asset, Resource(number), number, ct));
    }

    /// <summary>The equipment that TechnicalObjectSortCode names as made with this idempotency key, or null.</summary>
    public async Task<SourceRecord?> FindAsync(SourceTarget target, WriteRequest request, CancellationToken ct)
    {
        var filter = $"TechnicalObjectSortCode eq {FilterLiteral(Handle(request.IdempotencyKey, 20))} and {SapAssetMapping.CurrentSegment}";
        var row = await kit.FindAsync(target, Service, SapAssetMapping.EntitySet, filter, null, ct);
        return row is null ? null : SapAssetMapping.Map(row);
    }

    private static void SetFields(JsonObject payload, Asset asset, WriteRequest request, bool hasSerialProfile)
    {
        var update = request.Kind == WriteKind.Update;
        if (Sets(request, "name") && (asset.Name.Length > 0 || update)) payload["EquipmentName"] = asset.Name;
        if (Sets(request, "location") && (asset.Location.Length > 0 || update)) payload["FunctionalLocation"] = asset.Location;
        if (Sets(request, "site") && asset.Site.Length > 0) payload["MaintenancePlant"] = asset.Site;
        if (Sets(request, "parent") && (asset.Parent?.RemoteId is { Length: > 0 } || update)) payload["SuperordinateEquipment"] = asset.Parent?.RemoteId ?? "";
        if (Sets(request, "serial_number") && (asset.SerialNumber.Length > 0 || update))
            payload[hasSerialProfile ? "SerialNumber" : "ManufacturerSerialNumber"] = asset.SerialNumber;
        if (Sets(request, "manufacturer") && (asset.Manufacturer.Length > 0 || update)) payload["AssetManufacturerName"] = asset.Manufacturer;
        if (Sets(request, "model") && (asset.Model.Length > 0 || update)) payload["ManufacturerPartTypeName"] = asset.Model;
        if (Sets(request, "category") && (asset.Category.Length > 0 || update)) payload["TechnicalObjectType"] = asset.Category;
        if (Sets(request, "custom_fields")) CustomFields(asset.CustomFields, payload);
    }

    private static SapFieldMap Map(string remoteId) => new(remoteId, Fields, SystemFields);
}
