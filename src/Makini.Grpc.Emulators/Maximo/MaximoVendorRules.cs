using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.Maximo;

/// <summary>
/// COMPANIES (mxapivendor): company and orgid are required (COMPANIES is an organization-level object, so there is no
/// site); type defaults to V (vendor), currencycode to the base currency and must be set up; company and orgid cannot
/// change.
/// </summary>
internal sealed class MaximoVendorRules() : MaximoObjectRules(MaximoObjectStructures.Vendors, "COMPANIES")
{
    public static readonly MaximoVendorRules Instance = new();

    public override JsonObject Create(MaximoInstance instance, JsonObject body, DateTimeOffset now)
    {
        var record = Prepare(body, null);
        if (MaximoAttributes.Text(record, "orgid").Length == 0) throw MaximoRefusals.Required("orgid", "Organization", ObjectName);
        MaximoReferences.Organization(record, ObjectPath);
        if (MaximoAttributes.Text(record, "company").Length == 0) throw MaximoRefusals.Required("company", "Company", ObjectName);
        record["type"] ??= "V";
        record["disabled"] ??= false;
        if (MaximoAttributes.Text(record, "currencycode").Length == 0) record["currencycode"] = MaximoCatalog.BaseCurrency;
        MaximoReferences.Currency(record, ObjectPath);
        return record;
    }

    public override void Update(MaximoInstance instance, JsonObject record, JsonObject changes, bool merge, DateTimeOffset now)
    {
        var written = Prepare(changes, record);
        MaximoAttributes.RefuseChanges(written, ["company", "orgid"], ObjectPath, record);
        MaximoAttributes.MergeScalars(record, written);
        MaximoReferences.Currency(record, ObjectPath);
    }

    protected override string KeyText(JsonObject record) =>
        $"Organization={MaximoAttributes.Text(record, "orgid")}, Company={MaximoAttributes.Text(record, "company")}";

    private JsonObject Prepare(JsonObject body, JsonObject? current)
    {
        var record = MaximoAttributes.Normalized(body);
        MaximoAttributes.RefuseSystemAttributes(record, Structure.IdAttribute, ObjectPath, current);
        MaximoAttributes.Upper(record, "company", "orgid", "type", "currencycode", "paymentterms");
        return record;
    }
}
