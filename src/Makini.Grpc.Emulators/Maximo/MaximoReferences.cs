using System.Globalization;
using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.Maximo;

/// <summary>
/// Maximo's validation of the values that point at other records: the site (and its organization), locations,
/// assets, vendors (COMPANIES), items and currencies. Each refusal names the attribute, as Maximo's errorattrname does.
/// </summary>
internal static class MaximoReferences
{
    /// <summary>The currencies set up in the emulated organization.</summary>
    public static readonly string[] Currencies = ["USD", "CAD", "EUR", "GBP", "CHF", "JPY", "MXN", "AUD"];

    /// <summary>The record's site: required and valid; fills orgid from it (a different orgid is refused).</summary>
    public static string Site(JsonObject record, string objectName)
    {
        var path = objectName.ToLowerInvariant();
        var site = MaximoAttributes.Text(record, "siteid");
        if (site.Length == 0) throw MaximoRefusals.Required("siteid", "Site", objectName);
        if (!MaximoCatalog.Sites.Contains(site)) throw MaximoRefusals.Invalid("siteid", "Site", site, path);
        Organization(record, path);
        return site;
    }

    /// <summary>The record's organization: EAGLENA, the only one (a site belongs to it too).</summary>
    public static string Organization(JsonObject record, string objectPath)
    {
        var org = MaximoAttributes.Text(record, "orgid");
        if (org.Length == 0) record["orgid"] = org = MaximoCatalog.OrgId;
        return org == MaximoCatalog.OrgId ? org : throw MaximoRefusals.Invalid("orgid", "Organization", org, objectPath);
    }

    public static void Location(string site, string location, string objectPath)
    {
        if (!MaximoCatalog.Locations[site].Contains(location)) throw MaximoRefusals.Invalid("location", "Location", location, objectPath);
    }

    public static JsonObject Asset(MaximoInstance instance, string site, string assetnum, string attribute, string objectPath) =>
        instance.Records[MaximoObjectStructures.Assets.Entity!].Get($"{site}/{assetnum}")
        ?? throw MaximoRefusals.Invalid(attribute, "Asset", $"{assetnum} in site {site}", objectPath);

    public static JsonObject Vendor(MaximoInstance instance, string org, string company, string objectPath) =>
        instance.Records[MaximoObjectStructures.Vendors.Entity!].Get($"{org}/{company}")
        ?? throw MaximoRefusals.Invalid("vendor", "Company", company, objectPath);

    /// <summary>Items of the item master: the catalog's demo items and every item stocked in a storeroom.</summary>
    public static (string Description, string Unit, decimal Cost)? Item(MaximoInstance instance, string itemnum)
    {
        if (itemnum.StartsWith("0-", StringComparison.Ordinal)
            && long.TryParse(itemnum[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            && number - 5000 is >= 0 and < MaximoCatalog.DemoItems)
        {
            var item = MaximoCatalog.Item(number - 5000);
            return (item.Description, item.Unit, item.Cost);
        }
        JsonObject? stocked = null;
        instance.Records[MaximoObjectStructures.Inventory.Entity!].Where(row =>
        {
            if (stocked is null && string.Equals(MaximoAttributes.Text(row, "itemnum"), itemnum, StringComparison.OrdinalIgnoreCase)) stocked = row;
            return false;
        });
        return stocked is null
            ? null
            : (MaximoAttributes.Text(stocked, "description"), MaximoAttributes.Text(stocked, "orderunit"),
                MaximoAttributes.Decimal(stocked["lastcost"]) ?? 0m);
    }

    public static void Currency(JsonObject record, string objectPath)
    {
        var code = MaximoAttributes.Text(record, "currencycode");
        if (code.Length > 0 && !Currencies.Contains(code)) throw MaximoRefusals.Invalid("currencycode", "Currency", code, objectPath);
    }
}
