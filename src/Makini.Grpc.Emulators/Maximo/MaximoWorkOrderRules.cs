using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.Maximo;

/// <summary>
/// WORKORDER (mxapiwodetail): siteid is required; wonum is an autokey; a new order starts WAPPR, reported now by the
/// API user; assetnum must be an asset of the site (its location is copied when none is given) and location a location
/// of the site. wonum, siteid and orgid cannot change. Status changes go through <see cref="MaximoWorkOrderStatus"/>,
/// whether by <c>wsmethod:changeStatus</c> (<c>{"status","date","memo"}</c>) or a PATCH of status. Only a WAPPR order
/// can be deleted.
/// </summary>
internal sealed class MaximoWorkOrderRules() : MaximoObjectRules(MaximoObjectStructures.WorkOrders, "WORKORDER")
{
    public static readonly MaximoWorkOrderRules Instance = new();

    private static readonly string[] UpperAttributes = ["wonum", "siteid", "orgid", "assetnum", "location", "worktype", "status", "lead", "owner", "supervisor"];
    private static readonly string[] DateTimeAttributes = ["reportdate", "targstartdate", "targcompdate", "schedstart", "schedfinish", "actstart", "actfinish", "statusdate"];

    public override JsonObject Create(MaximoInstance instance, JsonObject body, DateTimeOffset now)
    {
        var record = Prepare(body, null);
        var site = MaximoReferences.Site(record, ObjectName);
        var set = instance.Records[Structure.Entity!];
        if (MaximoAttributes.Text(record, "wonum").Length == 0) record["wonum"] = instance.NextNumber(n => set.Get($"{site}/{n}") is null);
        var requested = MaximoAttributes.Text(record, "status");
        record["status"] = "WAPPR";
        record["status_description"] = MaximoMaintenanceRecords.StatusDescriptions["WAPPR"];
        record["statusdate"] = MaximoDates.DateTime(now);
        record["woclass"] ??= "WORKORDER";
        record["reportdate"] ??= MaximoDates.DateTime(now);
        record["reportedby"] ??= MaximoInstance.UserId;
        CheckReferences(instance, record, site, record);
        if (requested.Length > 0 && requested != "WAPPR") MaximoWorkOrderStatus.Change(record, requested, now);
        return record;
    }

    public override void Update(MaximoInstance instance, JsonObject record, JsonObject changes, bool merge, DateTimeOffset now)
    {
        var written = Prepare(changes, record);
        MaximoAttributes.RefuseChanges(written, ["wonum", "siteid", "orgid", "woclass"], ObjectPath, record);
        var status = MaximoAttributes.Text(written, "status");
        written.Remove("status");
        MaximoAttributes.MergeScalars(record, written);
        CheckReferences(instance, record, MaximoAttributes.Text(record, "siteid"), written);
        if (status.Length > 0 && status != MaximoAttributes.Text(record, "status")) MaximoWorkOrderStatus.Change(record, status, now);
    }

    public override void RunAction(MaximoInstance instance, string method, JsonObject record, JsonObject parameters, DateTimeOffset now)
    {
        if (!method.Equals("changeStatus", StringComparison.OrdinalIgnoreCase)) base.RunAction(instance, method, record, parameters, now);
        var status = MaximoAttributes.Text(parameters, "status");
        if (status.Length == 0) throw MaximoRefusals.Required("status", "Status", ObjectName);
        var at = now;
        if (MaximoAttributes.Text(parameters, "date") is { Length: > 0 } date && !MaximoDates.TryParseWritten(date, out at))
            throw MaximoRefusals.Invalid("date", "Status date", date, ObjectPath);
        // The memo goes to the status history (WOSTATUS), which the object structure does not serve.
        MaximoWorkOrderStatus.Change(record, status, at);
    }

    public override void CheckDelete(JsonObject record)
    {
        var status = MaximoAttributes.Text(record, "status");
        if (status != "WAPPR") throw MaximoRefusals.NotDeletable($"Work order {MaximoAttributes.Text(record, "wonum")}", status, ObjectPath);
    }

    protected override string KeyText(JsonObject record) =>
        $"Site={MaximoAttributes.Text(record, "siteid")}, Work Order={MaximoAttributes.Text(record, "wonum")}";

    private JsonObject Prepare(JsonObject body, JsonObject? current)
    {
        var record = MaximoAttributes.Normalized(body);
        MaximoAttributes.RefuseSystemAttributes(record, Structure.IdAttribute, ObjectPath, current);
        MaximoAttributes.Upper(record, UpperAttributes);
        MaximoAttributes.DateTimes(record, ObjectPath, DateTimeAttributes);
        MaximoAttributes.Numbers(record, ObjectPath, "wopriority");
        return record;
    }

    /// <summary>Checks the references the write names (<paramref name="written"/>) against the record's site.</summary>
    private void CheckReferences(MaximoInstance instance, JsonObject record, string site, JsonObject written)
    {
        if (written.ContainsKey("assetnum") && MaximoAttributes.Text(record, "assetnum") is { Length: > 0 } assetnum)
        {
            var asset = MaximoReferences.Asset(instance, site, assetnum, "assetnum", ObjectPath);
            if (!written.ContainsKey("location") && MaximoAttributes.Text(asset, "location") is { Length: > 0 } assetLocation)
                record["location"] = assetLocation;
        }
        if (written.ContainsKey("location") && MaximoAttributes.Text(record, "location") is { Length: > 0 } location)
            MaximoReferences.Location(site, location, ObjectPath);
    }
}
