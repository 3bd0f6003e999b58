using System.Globalization;
using System.Text.Json.Nodes;
using static Makini.Grpc.Emulators.NetSuite.NetSuiteLookups;
using static Makini.Grpc.Emulators.NetSuite.NetSuiteReferenceData;

namespace Makini.Grpc.Emulators.NetSuite;

/// <summary>
/// vendor writes. POST creates a vendor (Company Name, or First/Last Name for a person, and the primary Subsidiary
/// are mandatory in a OneWorld account; the vendor ID is auto-numbered unless given, and must be unique); PATCH
/// merges fields; the subsidiary of a vendor with transactions cannot change; DELETE refuses a vendor with
/// transactions. Currency defaults to the subsidiary's.
/// </summary>
internal static class NetSuiteVendorWrites
{
    private const string Entity = "vendor";
    private static readonly string[] ReadOnlyFields = ["id", "dateCreated", "lastModifiedDate", "balance"];

    public static string Create(NetSuiteInstance instance, JsonObject body, DateTimeOffset now)
    {
        NetSuiteWriteBody.RejectReadOnly(body, ReadOnlyFields);
        var isPerson = NetSuiteWriteBody.Bool(body, "isPerson", "isPerson") ?? false;
        var missing = new List<(string, string)>();
        if (isPerson)
        {
            if (IsBlank(body, "firstName")) missing.Add(("firstName", "First Name"));
            if (IsBlank(body, "lastName")) missing.Add(("lastName", "Last Name"));
        }
        else if (IsBlank(body, "companyName")) missing.Add(("companyName", "Company Name"));
        if (body["subsidiary"] is null) missing.Add(("subsidiary", "Primary Subsidiary"));
        if (missing.Count > 0) throw NetSuiteRefusals.Missing(missing);
        var externalId = NetSuiteWriteBody.ExternalId(body);
        EnsureUniqueExternalId(instance, Entity, externalId, null);

        var vendor = new JsonObject { ["isPerson"] = isPerson, ["isInactive"] = false };
        Apply(instance, vendor, body, creating: true);
        var id = instance.NextVendorId();
        vendor["id"] = id;
        vendor["entityId"] ??= $"V{int.Parse(id, CultureInfo.InvariantCulture).ToString("D5", CultureInfo.InvariantCulture)}";
        if (externalId is not null) vendor["externalId"] = externalId;
        instance.Records[Entity].Upsert(vendor, now);
        return id;
    }

    public static void Update(NetSuiteInstance instance, string id, JsonObject body, DateTimeOffset now)
    {
        NetSuiteWriteBody.RejectReadOnly(body, ReadOnlyFields);
        var set = instance.Records[Entity];
        var vendor = set.Get(id) ?? throw NetSuiteRefusals.Nonexistent();
        var externalId = NetSuiteWriteBody.ExternalId(body);
        EnsureUniqueExternalId(instance, Entity, externalId, id);
        if (NetSuiteWriteBody.RefId(body, "subsidiary", "subsidiary") is { } subsidiaryId && subsidiaryId != RefId(vendor["subsidiary"]) && HasTransactions(instance, id))
            throw NetSuiteRefusals.State("You cannot change the primary subsidiary of a vendor that has transactions.");
        Apply(instance, vendor, body, creating: false);
        if (externalId is not null) vendor["externalId"] = externalId;
        set.Update(id, row => ReplaceContent(row, vendor), now);
    }

    public static void Delete(NetSuiteInstance instance, string id)
    {
        if (HasTransactions(instance, id))
            throw NetSuiteRefusals.State("This record cannot be deleted because it has dependent records.");
        instance.Records[Entity].Delete(id);
    }

    private static void Apply(NetSuiteInstance instance, JsonObject vendor, JsonObject body, bool creating)
    {
        var subsidiary = Subsidiary(NetSuiteWriteBody.RefId(body, "subsidiary", "subsidiary") ?? RefId(vendor["subsidiary"]), "subsidiary");
        vendor["subsidiary"] = RefOf(subsidiary);
        if (NetSuiteWriteBody.RefId(body, "currency", "currency") is { } currencyId) vendor["currency"] = RefOf(Currency(currencyId, "currency"));
        else if (creating) vendor["currency"] = RefOf(CurrencyOf(subsidiary));
        if (NetSuiteWriteBody.RefId(body, "terms", "terms") is { } termsId) vendor["terms"] = RefOf(Term(termsId, "terms"));

        if (NetSuiteWriteBody.Text(body, "entityId", "entityId") is { } entityId)
        {
            if (entityId.Trim().Length == 0) throw NetSuiteRefusals.Missing([("entityId", "Vendor ID")]);
            var owner = Text(vendor["id"]);
            if (instance.Records[Entity].Where(v => string.Equals(Text(v["entityId"]), entityId, StringComparison.OrdinalIgnoreCase) && Text(v["id"]) != owner).Count > 0)
                throw new NetSuiteWriteException(400, "USER_ERROR",
                    "Error while accessing resource: A vendor record with this ID already exists. You must enter a unique vendor ID for each record you create.", "entityId");
            vendor["entityId"] = entityId;
        }
        foreach (var field in new[] { "companyName", "firstName", "lastName", "phone", "fax", "url", "comments", "legalName" })
            if (NetSuiteWriteBody.Text(body, field, field) is { } text) vendor[field] = text;
        if (!creating && Text(vendor["companyName"]).Trim().Length == 0 && !IsTrue(vendor["isPerson"]))
            throw NetSuiteRefusals.Missing([("companyName", "Company Name")]);
        if (NetSuiteWriteBody.Text(body, "email", "email") is { } email)
        {
            // UNVERIFIED wording; NetSuite does refuse a malformed email address on entities.
            if (email.Length > 0 && !LooksLikeEmail(email)) throw NetSuiteRefusals.InvalidContent("email", $"Invalid email address {email}.");
            vendor["email"] = email;
        }
        if (NetSuiteWriteBody.Bool(body, "isInactive", "isInactive") is { } inactive) vendor["isInactive"] = inactive;
        foreach (var (name, value) in NetSuiteWriteBody.Custom(body, "custentity")) vendor[name] = value;
    }

    private static bool HasTransactions(NetSuiteInstance instance, string vendorId) =>
        instance.Records["purchase_order"].Where(o => RefId(o["entity"]) == vendorId).Count > 0;

    private static bool IsBlank(JsonObject body, string field) => body[field] is not JsonValue v || v.ToString().Trim().Length == 0;

    private static bool LooksLikeEmail(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == email.LastIndexOf('@') && email.IndexOf('.', at) > at + 1 && !email.EndsWith('.') && !email.Contains(' ', StringComparison.Ordinal);
    }
}
