using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.V1;
using static Makini.Grpc.Connectors.Maximo.MaximoPayload;

namespace Makini.Grpc.Connectors.Maximo;

/// <summary>
/// Asset → mxapiasset. asset_number → assetnum (an autokey when empty), name → description, description →
/// description_longdescription, parent → parent (same site), serial_number → serialnum, category → assettype; siteid
/// from remote_fields, else asset.site, else the parent's site, else the connection's site_id. Status: remote_status
/// verbatim, else OPERATING→OPERATING, NOT_OPERATING→NOT READY, DECOMMISSIONED→DECOMMISSIONED (written as the status
/// attribute). mxapiasset has no model attribute.
/// </summary>
internal sealed class MaximoAssetWrites : MaximoWriteShape
{
    public static readonly MaximoAssetWrites Instance = new();

    private static readonly string[] Writable =
        ["name", "description", "status", "remote_status", "location", "parent", "serial_number", "manufacturer", "category", "custom_fields"];

    private static readonly SystemFieldSpec Site = new("siteid",
        "The site of the asset, e.g. BEDFORD; defaults to asset.site, the parent's site, then the connection's site_id", false);

    public override MaximoEntity Entity => MaximoAssets.Entity;

    protected override IReadOnlyDictionary<string, string> Fields { get; } = new Dictionary<string, string>
    {
        ["assetnum"] = "asset_number", ["description"] = "name", ["description_longdescription"] = "description", ["status"] = "status",
        ["location"] = "location", ["siteid"] = "site", ["parent"] = "parent.remote_id", ["serialnum"] = "serial_number",
        ["manufacturer"] = "manufacturer", ["assettype"] = "category", ["changedate"] = "remote_modified_time",
    };

    public override WriteRequirements? RequirementsOf(WriteKind kind) => kind switch
    {
        WriteKind.Create => new([], Writable, [Site], CreateHandle),
        WriteKind.Update => new([], Writable, [], TransactionHandle),
        _ => null,
    };

    public override JsonObject CreateBody(WriteRequest request, MaximoWriteContext context)
    {
        var asset = (Asset)request.Record!;
        var body = Attributes(asset, null);
        Put(body, "assetnum", asset.AssetNumber);
        Put(body, "siteid", asset.Site.Length > 0 ? asset.Site : asset.Parent is { RemoteId.Length: > 0 } parent ? Scope(parent.RemoteId) : context.DefaultSite);
        Overlay(body, request.RemoteFields);
        body["externalrefid"] = ExternalRefId(request.IdempotencyKey);
        return body;
    }

    public override JsonObject UpdateBody(WriteRequest request)
    {
        var body = Attributes((Asset)request.Record!, request.Mask);
        Overlay(body, request.RemoteFields);
        return body;
    }

    private static JsonObject Attributes(Asset asset, IReadOnlyList<string>? mask)
    {
        var body = new JsonObject();
        void Text(string field, string attribute, string value)
        {
            if (mask is null) Put(body, attribute, value);
            else if (Masked(mask, field)) Set(body, attribute, value);
        }
        Text("name", "description", asset.Name);
        Text("description", "description_longdescription", asset.Description);
        Text("location", "location", asset.Location);
        Text("parent", "parent", asset.Parent is { RemoteId.Length: > 0 } parent ? Code(parent.RemoteId) : "");
        Text("serial_number", "serialnum", asset.SerialNumber);
        Text("manufacturer", "manufacturer", asset.Manufacturer);
        Text("category", "assettype", asset.Category);
        var remote = mask is null || Masked(mask, "remote_status") ? asset.RemoteStatus : "";
        var status = remote.Length > 0 ? remote.ToUpperInvariant() : mask is null || Masked(mask, "status") ? NativeStatus(asset.Status) : "";
        if (status.Length > 0) body["status"] = status;
        CustomFields(body, asset.CustomFields, mask);
        return body;
    }

    private static string NativeStatus(AssetStatus status) => status switch
    {
        AssetStatus.Operating => "OPERATING",
        AssetStatus.NotOperating => "NOT READY",
        AssetStatus.Decommissioned => "DECOMMISSIONED",
        _ => "",
    };
}
