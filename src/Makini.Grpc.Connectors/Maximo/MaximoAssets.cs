using System.Text.Json.Nodes;
using Google.Protobuf;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.V1;
using static Makini.Grpc.Connectors.Reading.Normalize;

namespace Makini.Grpc.Connectors.Maximo;

/// <summary>mxapiasset → Asset, keyed by site and asset number.</summary>
internal static class MaximoAssets
{
    public static readonly MaximoEntity Entity = new(
        EntityKind.Asset, "mxapiasset", "assetid", ["siteid", "assetnum"],
        MaximoEntity.KnownWith("assetid", "assetnum", "description", "status", "location", "parent", "serialnum", "manufacturer",
            "assettype", "vendor", "itemnum", "installdate"),
        [
            new("remote_id", "siteid + '/' + assetnum"),
            new("asset_number", "assetnum"),
            new("name", "description", "Maximo's short description"),
            new("description", "description_longdescription", "Only when the long description is served"),
            new("status", "status (status_maxvalue when served)",
                "OPERATING, ACTIVE, LIMITEDUSE→OPERATING; NOT READY, BROKEN, SEALED, INACTIVE→NOT_OPERATING; DECOMMISSIONED→DECOMMISSIONED"),
            new("remote_status", "status"),
            new("location", "location"),
            new("site", "siteid"),
            new("parent.remote_id", "siteid + '/' + parent", "A parent asset is in the same site"),
            new("parent.name", "parent"),
            new("serial_number", "serialnum"),
            new("manufacturer", "manufacturer", "The manufacturer's company code"),
            new("model", "", "mxapiasset has no model attribute"),
            new("category", "assettype"),
            new("remote_modified_time", "changedate"),
            new("etag", "_rowstamp"),
            new("custom_fields", "other scalar attributes", "Every scalar attribute not named here and not a system attribute (href, _rowstamp, *_collectionref, *_description …)"),
        ],
        Map);

    private static IMessage Map(JsonObject r, MaximoMapContext context)
    {
        var status = Text(r["status_maxvalue"]) is { Length: > 0 } internalValue ? internalValue : Text(r["status"]);
        return new Asset
        {
            RemoteId = Entity.RemoteIdOf(r),
            RemoteModifiedTime = MaximoFields.Time(r["changedate"]),
            AssetNumber = Text(r["assetnum"]),
            Name = Text(r["description"]),
            Description = Text(r["description_longdescription"]),
            Status = MaximoStatuses.Asset(status),
            RemoteStatus = Text(r["status"]),
            Location = Text(r["location"]),
            Site = Text(r["siteid"]),
            Parent = MaximoFields.Ref(r, "siteid", "parent"),
            SerialNumber = Text(r["serialnum"]),
            Manufacturer = Text(r["manufacturer"]),
            Category = Text(r["assettype"]),
            CustomFields = MaximoFields.CustomFields(r, Entity.Known),
            Etag = Text(r["_rowstamp"]),
        };
    }
}
