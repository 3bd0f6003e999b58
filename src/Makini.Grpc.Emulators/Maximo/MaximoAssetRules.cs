using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.Maximo;

/// <summary>
/// ASSET (mxapiasset): siteid is required; assetnum is an autokey; a new asset is NOT READY; location must be a location
/// of the site, parent an asset of the same site (not the asset itself), itemnum a known item; the status must be one
/// of the asset statuses and DECOMMISSIONED is final; assetnum, siteid and orgid cannot change.
/// </summary>
internal sealed class MaximoAssetRules() : MaximoObjectRules(MaximoObjectStructures.Assets, "ASSET")
{
    public static readonly MaximoAssetRules Instance = new();

    private static readonly string[] Statuses = ["NOT READY", "OPERATING", "ACTIVE", "LIMITEDUSE", "BROKEN", "SEALED", "INACTIVE", "DECOMMISSIONED"];

    public override JsonObject Create(MaximoInstance instance, JsonObject body, DateTimeOffset now)
    {
        var record = Prepare(body, null);
        var site = MaximoReferences.Site(record, ObjectName);
        var set = instance.Records[Structure.Entity!];
        if (MaximoAttributes.Text(record, "assetnum").Length == 0) record["assetnum"] = instance.NextNumber(n => set.Get($"{site}/{n}") is null);
        if (MaximoAttributes.Text(record, "status").Length == 0) record["status"] = "NOT READY";
        Check(instance, record, record, from: null);
        return record;
    }

    public override void Update(MaximoInstance instance, JsonObject record, JsonObject changes, bool merge, DateTimeOffset now)
    {
        var written = Prepare(changes, record);
        MaximoAttributes.RefuseChanges(written, ["assetnum", "siteid", "orgid"], ObjectPath, record);
        var from = MaximoAttributes.Text(record, "status");
        MaximoAttributes.MergeScalars(record, written);
        Check(instance, record, written, from);
    }

    protected override string KeyText(JsonObject record) =>
        $"Site={MaximoAttributes.Text(record, "siteid")}, Asset={MaximoAttributes.Text(record, "assetnum")}";

    private JsonObject Prepare(JsonObject body, JsonObject? current)
    {
        var record = MaximoAttributes.Normalized(body);
        MaximoAttributes.RefuseSystemAttributes(record, Structure.IdAttribute, ObjectPath, current);
        MaximoAttributes.Upper(record, "assetnum", "siteid", "orgid", "location", "parent", "status", "assettype", "manufacturer", "vendor", "itemnum");
        MaximoAttributes.Dates(record, ObjectPath, "installdate");
        return record;
    }

    private void Check(MaximoInstance instance, JsonObject record, JsonObject written, string? from)
    {
        var site = MaximoAttributes.Text(record, "siteid");
        var status = MaximoAttributes.Text(record, "status");
        if (written.ContainsKey("status"))
        {
            if (!Statuses.Contains(status)) throw MaximoRefusals.Invalid("status", "Status", status, ObjectPath);
            if (from is not null && from != status && from == "DECOMMISSIONED") throw MaximoRefusals.StatusChange(from, status, ObjectPath);
            record["status_description"] = MaximoMaintenanceRecords.StatusDescriptions.GetValueOrDefault(status, status);
        }
        if (written.ContainsKey("location") && MaximoAttributes.Text(record, "location") is { Length: > 0 } location)
            MaximoReferences.Location(site, location, ObjectPath);
        if (written.ContainsKey("parent") && MaximoAttributes.Text(record, "parent") is { Length: > 0 } parent)
        {
            if (parent == MaximoAttributes.Text(record, "assetnum")) throw MaximoRefusals.Invalid("parent", "Parent", parent, ObjectPath);
            MaximoReferences.Asset(instance, site, parent, "parent", ObjectPath);
        }
        if (written.ContainsKey("itemnum") && MaximoAttributes.Text(record, "itemnum") is { Length: > 0 } itemnum && MaximoReferences.Item(instance, itemnum) is null)
            throw MaximoRefusals.Invalid("itemnum", "Item", itemnum, ObjectPath);
    }
}
