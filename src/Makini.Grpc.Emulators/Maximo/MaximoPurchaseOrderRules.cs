using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.Maximo;

/// <summary>
/// PO (mxapipo) with its POLINE rows: siteid is required; ponum is an autokey, revisionnum 0; a new PO is WAPPR with no
/// receipts; vendor must be a company of the organization (its currency is the default); currencycode must be set up.
/// Lines: polinenum is assigned when missing, itemnum must be a known item (its description, unit and cost are the
/// defaults), orderqty is required and positive; Maximo computes linecost and totalcost. Only a PO waiting on approval
/// or under revision (WAPPR, PNDREV, REVISE) can be changed; ponum, revisionnum, siteid, orgid, status, receipts and
/// totalcost cannot be written. Only a WAPPR PO can be deleted.
/// </summary>
internal sealed class MaximoPurchaseOrderRules() : MaximoObjectRules(MaximoObjectStructures.PurchaseOrders, "PO")
{
    public static readonly MaximoPurchaseOrderRules Instance = new();

    private static readonly string[] EditableStatuses = ["WAPPR", "PNDREV", "REVISE"];
    private static readonly string[] ComputedAttributes = ["ponum", "revisionnum", "siteid", "orgid", "status", "receipts", "totalcost"];

    public override JsonObject Create(MaximoInstance instance, JsonObject body, DateTimeOffset now)
    {
        var record = Prepare(body, null);
        if (MaximoAttributes.Text(record, "status") is { Length: > 0 } status && status != "WAPPR")
            throw MaximoRefusals.StatusChange("WAPPR", status, ObjectPath);
        var site = MaximoReferences.Site(record, ObjectName);
        var set = instance.Records[Structure.Entity!];
        if (MaximoAttributes.Text(record, "ponum").Length == 0) record["ponum"] = instance.NextNumber(n => set.Get($"{site}/{n}/0") is null);
        record["revisionnum"] ??= 0;
        record["status"] = "WAPPR";
        record["status_description"] = "Waiting on Approval";
        record["statusdate"] = MaximoDates.DateTime(now);
        record["receipts"] = "NONE";
        record["orderdate"] ??= MaximoDates.DateTime(now);
        record["purchaseagent"] ??= MaximoInstance.UserId;
        CheckVendor(instance, record, record);
        record["poline"] = Lines(instance, new JsonArray(), record["poline"] as JsonArray ?? new JsonArray(), merge: false);
        Total(record);
        return record;
    }

    public override void Update(MaximoInstance instance, JsonObject record, JsonObject changes, bool merge, DateTimeOffset now)
    {
        var status = MaximoAttributes.Text(record, "status");
        if (!EditableStatuses.Contains(status)) throw MaximoRefusals.NotEditable($"PO {MaximoAttributes.Text(record, "ponum")}", status, ObjectPath);
        var written = Prepare(changes, record);
        MaximoAttributes.RefuseChanges(written, ComputedAttributes, ObjectPath, record);
        MaximoAttributes.MergeScalars(record, written);
        CheckVendor(instance, record, written);
        if (written["poline"] is JsonArray rows)
            record["poline"] = Lines(instance, record["poline"] as JsonArray ?? new JsonArray(), rows, merge);
        Total(record);
    }

    public override void CheckDelete(JsonObject record)
    {
        var status = MaximoAttributes.Text(record, "status");
        if (status != "WAPPR") throw MaximoRefusals.NotDeletable($"PO {MaximoAttributes.Text(record, "ponum")}", status, ObjectPath);
    }

    protected override string KeyText(JsonObject record) =>
        $"Site={MaximoAttributes.Text(record, "siteid")}, PO={MaximoAttributes.Text(record, "ponum")}, Revision={MaximoAttributes.Text(record, "revisionnum")}";

    private JsonObject Prepare(JsonObject body, JsonObject? current)
    {
        var record = MaximoAttributes.Normalized(body);
        MaximoAttributes.RefuseSystemAttributes(record, Structure.IdAttribute, ObjectPath, current);
        MaximoAttributes.Upper(record, "ponum", "siteid", "orgid", "vendor", "status", "currencycode", "purchaseagent");
        MaximoAttributes.DateTimes(record, ObjectPath, "orderdate");
        MaximoAttributes.Dates(record, ObjectPath, "requireddate", "vendeliverydate");
        MaximoAttributes.Numbers(record, ObjectPath, "revisionnum");
        return record;
    }

    private void CheckVendor(MaximoInstance instance, JsonObject record, JsonObject written)
    {
        if (written.ContainsKey("vendor") && MaximoAttributes.Text(record, "vendor") is { Length: > 0 } company)
        {
            var vendor = MaximoReferences.Vendor(instance, MaximoReferences.Organization(record, ObjectPath), company, ObjectPath);
            if (!written.ContainsKey("currencycode")) record["currencycode"] = MaximoAttributes.Text(vendor, "currencycode");
        }
        if (MaximoAttributes.Text(record, "currencycode").Length == 0) record["currencycode"] = MaximoCatalog.BaseCurrency;
        MaximoReferences.Currency(record, ObjectPath);
    }

    /// <summary>The lines after a write: written rows merge into the existing row with their polinenum (or polineid),
    /// others are new; with <paramref name="merge"/> the rows not written stay, otherwise they are dropped.</summary>
    private static JsonArray Lines(MaximoInstance instance, JsonArray existing, JsonArray written, bool merge)
    {
        var current = existing.OfType<JsonObject>().Select(r => r.DeepClone().AsObject()).ToList();
        List<JsonObject> result = merge ? current : [];
        foreach (var raw in written.OfType<JsonObject>())
        {
            var row = PrepareLine(raw);
            var match = current.FirstOrDefault(r =>
                (row["polinenum"] is not null && MaximoValue.Of(r["polinenum"]).Matches(MaximoValue.Of(row["polinenum"])))
                || (row["polineid"] is not null && MaximoValue.Of(r["polineid"]).Matches(MaximoValue.Of(row["polineid"]))));
            if (match is null)
            {
                match = new JsonObject();
                result.Add(match);
            }
            else if (!result.Contains(match)) result.Add(match);
            MaximoAttributes.MergeScalars(match, row);
        }
        var next = result.Select(r => MaximoAttributes.Decimal(r["polinenum"]) ?? 0).DefaultIfEmpty(0).Max();
        foreach (var row in result)
        {
            if (row["polinenum"] is null) row["polinenum"] = ++next;
            CompleteLine(instance, row);
        }
        return new JsonArray(result.Select(r => (JsonNode)r).ToArray());
    }

    private static JsonObject PrepareLine(JsonObject raw)
    {
        var row = raw.DeepClone().AsObject();
        MaximoAttributes.RefuseChanges(row, ["linecost"], "poline", null);
        MaximoAttributes.Upper(row, "itemnum", "orderunit");
        MaximoAttributes.Numbers(row, "poline", "polinenum", "orderqty", "unitcost");
        MaximoAttributes.Dates(row, "poline", "reqdeliverydate");
        return row;
    }

    private static void CompleteLine(MaximoInstance instance, JsonObject row)
    {
        if (MaximoAttributes.Text(row, "itemnum") is { Length: > 0 } itemnum)
        {
            var item = MaximoReferences.Item(instance, itemnum) ?? throw MaximoRefusals.Invalid("itemnum", "Item", itemnum, "poline");
            row["description"] ??= item.Description;
            row["orderunit"] ??= item.Unit;
            row["unitcost"] ??= item.Cost;
            row["linetype"] ??= "ITEM";
        }
        else
        {
            if (MaximoAttributes.Text(row, "description").Length == 0) throw MaximoRefusals.Required("description", "Description", "POLINE", "poline");
            row["linetype"] ??= "MATERIAL";
        }
        var quantity = MaximoAttributes.Decimal(row["orderqty"]);
        if (quantity is null) throw MaximoRefusals.Required("orderqty", "Quantity", "POLINE", "poline");
        if (quantity <= 0) throw MaximoRefusals.Invalid("orderqty", "Quantity", MaximoAttributes.Text(row, "orderqty"), "poline");
        row["linecost"] = decimal.Round(quantity.Value * (MaximoAttributes.Decimal(row["unitcost"]) ?? 0m), 2);
    }

    private static void Total(JsonObject record) =>
        record["totalcost"] = (record["poline"] as JsonArray ?? new JsonArray()).OfType<JsonObject>().Sum(r => MaximoAttributes.Decimal(r["linecost"]) ?? 0m);
}
