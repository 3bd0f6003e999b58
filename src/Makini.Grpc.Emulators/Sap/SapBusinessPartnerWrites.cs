using System.Globalization;
using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.Sap;

/// <summary>
/// Writes of API_BUSINESS_PARTNER. A supplier is created as a business partner by deep insert: the partner, its roles
/// (FLVN00/FLVN01 make it a supplier; the A_Supplier data needs one of them), addresses with email and phone, and
/// to_Supplier with its purchasing-organization data. Partner and supplier share the number (internal numbering).
/// Changes go to the entity that holds the field: A_BusinessPartner (names, custom fields), A_Supplier (blocks),
/// A_SupplierPurchasingOrg (currency, payment terms), A_BusinessPartnerAddress, A_AddressEmailAddress,
/// A_AddressPhoneNumber; missing ones are added by POST to the parent's navigation. Names derived by the system
/// (full name, supplier name) are read-only and follow the partner's name. No ETags (UNVERIFIED for API_BUSINESS_PARTNER).
/// </summary>
internal static class SapBusinessPartnerWrites
{
    private const string PartnerType = "A_BusinessPartnerType";
    private const string SupplierType = "A_SupplierType";

    private static readonly string[] SupplierRoles = ["FLVN00", "FLVN01"];
    private static readonly string[] PartnerReadOnly =
    [
        "BusinessPartner", "Supplier", "Customer", "CreationDate", "CreationTime", "LastChangeDate", "LastChangeTime",
        "CreatedByUser", "LastChangedByUser", "BusinessPartnerFullName", "BusinessPartnerName",
    ];
    private static readonly string[] PartnerReadOnlyOnChange = [.. PartnerReadOnly, "BusinessPartnerCategory"];
    private static readonly string[] SupplierReadOnly = ["Supplier", "SupplierName", "SupplierFullName", "CreationDate", "SupplierAccountGroup"];
    private static readonly string[] SupplierFlags = ["PostingIsBlocked", "PurchasingIsBlocked", "DeletionIndicator"];
    private static readonly string[] PartnerFlags = ["BusinessPartnerIsBlocked", "IsMarkedForArchiving"];

    public static readonly SapSetWrites Partner = new() { Create = Create, Patch = PatchPartner };

    public static readonly SapSetWrites Supplier = new() { Patch = PatchSupplier };

    public static readonly SapSetWrites PurchasingOrg = new() { CreateChild = AddPurchasingOrg, Patch = PatchPurchasingOrg };

    public static readonly SapSetWrites Address = new() { CreateChild = AddAddress, Patch = PatchAddress };

    public static readonly SapSetWrites Email = new() { CreateChild = (ctx, _, address, p) => AddCommunication(ctx, address, p, email: true), Patch = PatchEmail };

    public static readonly SapSetWrites Phone = new() { CreateChild = (ctx, _, address, p) => AddCommunication(ctx, address, p, email: false), Patch = PatchPhone };

    private static JsonObject Create(SapWriteContext ctx, JsonObject payload)
    {
        var m = new SapMessages();
        SapPayload.RejectReadOnly(m, payload, PartnerReadOnly, PartnerType);
        CheckFlags(m, payload, PartnerFlags, "");
        var category = SapPayload.Text(payload, "BusinessPartnerCategory");
        if (category.Length == 0) m.MissingEntry("BusinessPartnerCategory", "Business Partner Category");
        else if (category is not ("1" or "2" or "3"))
            m.Error(SapMessages.PartnerCategory, $"Business partner category {category} is not defined", "BusinessPartnerCategory");
        if (category == "1" && SapPayload.Text(payload, "LastName").Length == 0)
            m.Error(SapMessages.PartnerName, "Enter a last name", "LastName");
        if (category is "2" or "3" && SapPayload.Text(payload, "OrganizationBPName1").Length == 0)
            m.Error(SapMessages.PartnerName, "Enter a name", "OrganizationBPName1");
        var roles = SapPayload.Results(payload["to_BusinessPartnerRole"]);
        foreach (var role in roles.Where(r => SapPayload.Text(r, "BusinessPartnerRole").Length == 0))
            m.MissingEntry("BusinessPartnerRole", "Business Partner Role", "to_BusinessPartnerRole/");
        var isSupplier = roles.Any(r => SupplierRoles.Contains(SapPayload.Text(r, "BusinessPartnerRole")));
        var supplier = payload["to_Supplier"] as JsonObject;
        if (supplier is not null && !isSupplier)
            m.Error(SapMessages.SupplierRoleMissing, "Supplier data needs the business partner role FLVN00 or FLVN01", "BusinessPartnerRole", "to_BusinessPartnerRole");
        if (supplier is not null)
        {
            SapPayload.RejectReadOnly(m, supplier, SupplierReadOnly, SupplierType, "to_Supplier/");
            CheckFlags(m, supplier, SupplierFlags, "to_Supplier/");
            var orgs = SapPayload.Results(supplier["to_SupplierPurchasingOrg"]);
            for (var i = 0; i < orgs.Count; i++)
                CheckPurchasingOrg(m, orgs[i], complete: true, $"to_Supplier/to_SupplierPurchasingOrg({i + 1})/");
            foreach (var duplicate in orgs.GroupBy(o => SapPayload.Text(o, "PurchasingOrganization")).Where(g => g.Key.Length > 0 && g.Count() > 1))
                m.Error(SapMessages.PurchasingDataExists, $"Purchasing data for organization {duplicate.Key} is given twice", "PurchasingOrganization");
        }
        var addresses = SapPayload.Results(payload["to_BusinessPartnerAddress"]);
        for (var i = 0; i < addresses.Count; i++)
            CheckAddress(m, addresses[i], complete: true, $"to_BusinessPartnerAddress({i + 1})/");
        m.ThrowIfAny();

        var index = ctx.Instance.Numbers.NextSupplier();
        var number = SapDemoCatalog.SupplierNumber(index);
        var partner = new JsonObject();
        SapPayload.CopyScalars(payload, partner, PartnerSet(ctx));
        partner["BusinessPartner"] = number;
        partner["Customer"] = "";
        partner["Supplier"] = isSupplier ? number : "";
        partner["BusinessPartnerGrouping"] = Given(payload, "BusinessPartnerGrouping") ?? "BPAB";
        partner["CreatedByUser"] = ctx.User;
        partner["LastChangedByUser"] = "";
        foreach (var flag in PartnerFlags) partner[flag] = SapPayload.Flag(payload[flag]);
        partner["to_BusinessPartnerRole"] = Results(roles.Select(r =>
        {
            var row = Copy(r, ctx, "A_BusinessPartnerRole");
            row["BusinessPartner"] = number;
            return row;
        }));
        var baseAddressId = (22000 + index).ToString(CultureInfo.InvariantCulture);
        partner["to_BusinessPartnerAddress"] = Results(addresses.Select((a, i) => BuildAddress(ctx, a, number, i == 0 ? baseAddressId : $"{number}{i}")));
        if (isSupplier)
            partner["to_Supplier"] = BuildSupplier(ctx, supplier ?? new JsonObject(), number);
        SetNames(partner);
        return partner;
    }

    private static void PatchPartner(SapWriteContext ctx, JsonObject root, JsonObject partner, JsonObject changes)
    {
        var m = new SapMessages();
        SapPayload.RejectReadOnly(m, changes, PartnerReadOnlyOnChange, PartnerType);
        SapPayload.RejectNavigations(m, changes, PartnerSet(ctx));
        CheckFlags(m, changes, PartnerFlags, "");
        var organization = SapPayload.Text(partner, "BusinessPartnerCategory") is "2" or "3";
        if (organization && changes.ContainsKey("OrganizationBPName1") && SapPayload.Text(changes, "OrganizationBPName1").Length == 0)
            m.Error(SapMessages.PartnerName, "Enter a name", "OrganizationBPName1");
        m.ThrowIfAny();
        Apply(changes, partner);
        partner["LastChangedByUser"] = ctx.User;
        SetNames(partner);
    }

    private static void PatchSupplier(SapWriteContext ctx, JsonObject root, JsonObject supplier, JsonObject changes)
    {
        var m = new SapMessages();
        SapPayload.RejectReadOnly(m, changes, SupplierReadOnly, SupplierType);
        SapPayload.RejectNavigations(m, changes, ctx.Service.FindSet("A_Supplier")!);
        CheckFlags(m, changes, SupplierFlags, "");
        m.ThrowIfAny();
        Apply(changes, supplier);
        root["LastChangedByUser"] = ctx.User;
    }

    private static JsonObject AddPurchasingOrg(SapWriteContext ctx, JsonObject root, JsonObject supplier, JsonObject payload)
    {
        var m = new SapMessages();
        CheckPurchasingOrg(m, payload, complete: true, "");
        var org = SapPayload.Text(payload, "PurchasingOrganization");
        if (SapPayload.Results(supplier["to_SupplierPurchasingOrg"]).Any(o => SapPayload.Text(o, "PurchasingOrganization") == org))
            m.Error(SapMessages.PurchasingDataExists, $"Supplier {SapPayload.Text(supplier, "Supplier")} already has data for purchasing organization {org}", "PurchasingOrganization");
        m.ThrowIfAny();
        return BuildPurchasingOrg(ctx, payload, SapPayload.Text(supplier, "Supplier"));
    }

    private static void PatchPurchasingOrg(SapWriteContext ctx, JsonObject root, JsonObject row, JsonObject changes)
    {
        var m = new SapMessages();
        SapPayload.RejectReadOnly(m, changes, ["Supplier", "PurchasingOrganization"], "A_SupplierPurchasingOrgType");
        CheckPurchasingOrg(m, changes, complete: false, "");
        m.ThrowIfAny();
        Apply(changes, row);
    }

    private static JsonObject AddAddress(SapWriteContext ctx, JsonObject root, JsonObject partner, JsonObject payload)
    {
        var m = new SapMessages();
        CheckAddress(m, payload, complete: true, "");
        m.ThrowIfAny();
        var number = SapPayload.Text(partner, "BusinessPartner");
        var count = SapPayload.Results(partner["to_BusinessPartnerAddress"]).Count;
        return BuildAddress(ctx, payload, number, $"{number}{count + 1}");
    }

    private static void PatchAddress(SapWriteContext ctx, JsonObject root, JsonObject address, JsonObject changes)
    {
        var m = new SapMessages();
        SapPayload.RejectReadOnly(m, changes, ["BusinessPartner", "AddressID"], "A_BusinessPartnerAddressType");
        SapPayload.RejectNavigations(m, changes, ctx.Service.FindSet("A_BusinessPartnerAddress")!);
        CheckAddress(m, changes, complete: false, "");
        m.ThrowIfAny();
        Apply(changes, address);
    }

    private static JsonObject AddCommunication(SapWriteContext ctx, JsonObject address, JsonObject payload, bool email)
    {
        var m = new SapMessages();
        CheckCommunication(m, payload, email, complete: true, "");
        m.ThrowIfAny();
        var nav = email ? "to_EmailAddress" : "to_PhoneNumber";
        var existing = SapPayload.Results(address[nav]);
        var ordinal = existing.Select(e => int.TryParse(SapPayload.Text(e, "OrdinalNumber"), out var n) ? n : 0).DefaultIfEmpty(0).Max() + 1;
        return Communication(ctx, payload, SapPayload.Text(address, "AddressID"), ordinal, email, isDefault: existing.Count == 0, SapPayload.Text(address, "Country"));
    }

    private static void PatchEmail(SapWriteContext ctx, JsonObject root, JsonObject row, JsonObject changes) => PatchCommunication(row, changes, email: true);

    private static void PatchPhone(SapWriteContext ctx, JsonObject root, JsonObject row, JsonObject changes) => PatchCommunication(row, changes, email: false);

    private static void PatchCommunication(JsonObject row, JsonObject changes, bool email)
    {
        var m = new SapMessages();
        SapPayload.RejectReadOnly(m, changes, ["AddressID", "Person", "OrdinalNumber"], email ? "A_AddressEmailAddressType" : "A_AddressPhoneNumberType");
        CheckCommunication(m, changes, email, complete: false, "");
        m.ThrowIfAny();
        Apply(changes, row);
    }

    private static void CheckPurchasingOrg(SapMessages m, JsonObject payload, bool complete, string target)
    {
        var org = SapPayload.Text(payload, "PurchasingOrganization");
        if (complete && org.Length == 0) m.MissingEntry("PurchasingOrganization", "Purch. Organization", target);
        else if (org.Length > 0 && !SapMasterData.IsPurchasingOrganization(org))
            m.Error(SapMessages.PurchasingOrgUnknown, $"Purchasing organization {org} does not exist", "PurchasingOrganization", target + "PurchasingOrganization");
        if (Given(payload, "PurchaseOrderCurrency") is { } currency && !SapMasterData.IsCurrency(currency))
            m.Error(SapMessages.InvalidValue, $"Currency {currency} is not defined", "PurchaseOrderCurrency", target + "PurchaseOrderCurrency");
        if (Given(payload, "PaymentTerms") is { } terms && !SapMasterData.IsPaymentTerms(terms))
            m.Error(SapMessages.PaymentTermsUnknown, $"Terms of payment {terms} are not defined", "PaymentTerms", target + "PaymentTerms");
        CheckFlags(m, payload, ["PurchasingIsBlockedForSupplier"], target);
    }

    private static void CheckAddress(SapMessages m, JsonObject payload, bool complete, string target)
    {
        var country = SapPayload.Text(payload, "Country");
        if ((complete || payload.ContainsKey("Country")) && country.Length == 0)
            m.Error(SapMessages.CountryMissing, "Enter a country for the address", "Country", target + "Country");
        else if (country.Length > 0 && (country.Length != 2 || !country.All(char.IsAsciiLetterUpper)))
            m.Error(SapMessages.InvalidValue, $"Country {country} is not defined", "Country", target + "Country");
        foreach (var email in SapPayload.Results(payload["to_EmailAddress"])) CheckCommunication(m, email, email: true, complete: true, target + "to_EmailAddress/");
        foreach (var phone in SapPayload.Results(payload["to_PhoneNumber"])) CheckCommunication(m, phone, email: false, complete: true, target + "to_PhoneNumber/");
    }

    private static void CheckCommunication(SapMessages m, JsonObject payload, bool email, bool complete, string target)
    {
        var property = email ? "EmailAddress" : "PhoneNumber";
        if (!complete && !payload.ContainsKey(property)) return;
        var value = SapPayload.Text(payload, property);
        if (value.Length == 0) m.MissingEntry(property, email ? "an email address" : "a phone number", target);
        else if (email && (!value.Contains('@') || value.StartsWith('@') || value.EndsWith('@')))
            m.Error(SapMessages.EmailInvalid, $"Email address {value} is not valid", property, target + property);
    }

    private static void CheckFlags(SapMessages m, JsonObject payload, IEnumerable<string> flags, string target)
    {
        foreach (var flag in flags)
            if (payload.TryGetPropertyValue(flag, out var value) && !SapPayload.IsFlag(value))
                m.Error(SapMessages.InvalidValue, $"Property '{flag}' has an invalid value; expected true or false", flag, target + flag);
    }

    private static JsonObject BuildSupplier(SapWriteContext ctx, JsonObject payload, string number)
    {
        var supplier = Copy(payload, ctx, "A_Supplier");
        supplier["Supplier"] = number;
        supplier["SupplierAccountGroup"] = "SUPL";
        supplier["CreationDate"] = SapDates.DateTime(ctx.Today);
        foreach (var flag in SupplierFlags) supplier[flag] = SapPayload.Flag(payload[flag]);
        supplier["to_SupplierPurchasingOrg"] = Results(SapPayload.Results(payload["to_SupplierPurchasingOrg"]).Select(o => BuildPurchasingOrg(ctx, o, number)));
        return supplier;
    }

    private static JsonObject BuildPurchasingOrg(SapWriteContext ctx, JsonObject payload, string supplier)
    {
        var org = Copy(payload, ctx, "A_SupplierPurchasingOrg");
        org["Supplier"] = supplier;
        org["PurchaseOrderCurrency"] = Given(payload, "PurchaseOrderCurrency") ?? "";
        org["PaymentTerms"] = Given(payload, "PaymentTerms") ?? "";
        org["PurchasingIsBlockedForSupplier"] = SapPayload.Flag(payload["PurchasingIsBlockedForSupplier"]);
        return org;
    }

    private static JsonObject BuildAddress(SapWriteContext ctx, JsonObject payload, string partner, string addressId)
    {
        var address = Copy(payload, ctx, "A_BusinessPartnerAddress");
        address["BusinessPartner"] = partner;
        address["AddressID"] = addressId;
        var country = SapPayload.Text(payload, "Country");
        address["to_EmailAddress"] = Results(SapPayload.Results(payload["to_EmailAddress"])
            .Select((e, i) => Communication(ctx, e, addressId, i + 1, email: true, isDefault: i == 0, country)));
        address["to_PhoneNumber"] = Results(SapPayload.Results(payload["to_PhoneNumber"])
            .Select((p, i) => Communication(ctx, p, addressId, i + 1, email: false, isDefault: i == 0, country)));
        return address;
    }

    private static JsonObject Communication(SapWriteContext ctx, JsonObject payload, string addressId, int ordinal, bool email, bool isDefault, string country)
    {
        var row = Copy(payload, ctx, email ? "A_AddressEmailAddress" : "A_AddressPhoneNumber");
        row["AddressID"] = addressId;
        row["Person"] = "";
        row["OrdinalNumber"] = ordinal.ToString(CultureInfo.InvariantCulture);
        var flag = email ? "IsDefaultEmailAddress" : "IsDefaultPhoneNumber";
        row[flag] = payload.ContainsKey(flag) ? SapPayload.Flag(payload[flag]) : isDefault;
        if (!email) row["DestinationLocationCountry"] = Given(payload, "DestinationLocationCountry") ?? country;
        return row;
    }

    /// <summary>Full name and supplier name follow the partner's name fields, as SAP derives them.</summary>
    private static void SetNames(JsonObject partner)
    {
        var full = SapPayload.Text(partner, "BusinessPartnerCategory") == "1"
            ? $"{SapPayload.Text(partner, "FirstName")} {SapPayload.Text(partner, "LastName")}".Trim()
            : string.Join(' ', new[] { SapPayload.Text(partner, "OrganizationBPName1"), SapPayload.Text(partner, "OrganizationBPName2") }.Where(n => n.Length > 0));
        partner["BusinessPartnerFullName"] = full;
        partner["BusinessPartnerName"] = full;
        if (partner["to_Supplier"] is JsonObject supplier)
        {
            supplier["SupplierName"] = full;
            supplier["SupplierFullName"] = full;
        }
    }

    private static JsonObject Copy(JsonObject payload, SapWriteContext ctx, string set)
    {
        var row = new JsonObject();
        SapPayload.CopyScalars(payload, row, ctx.Service.FindSet(set)!);
        return row;
    }

    private static JsonObject Results(IEnumerable<JsonObject> rows) => new() { ["results"] = new JsonArray(rows.Select(r => (JsonNode)r).ToArray()) };

    private static void Apply(JsonObject changes, JsonObject row)
    {
        foreach (var (name, value) in changes)
            if (name != "__metadata") row[name] = value?.DeepClone();
    }

    private static string? Given(JsonObject payload, string property) => SapPayload.Text(payload[property]) is { Length: > 0 } text ? text : null;

    private static SapEntitySet PartnerSet(SapWriteContext ctx) => ctx.Service.FindSet("A_BusinessPartner")!;
}
