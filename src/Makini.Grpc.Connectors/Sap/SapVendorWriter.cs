using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.V1;
using static Makini.Grpc.Connectors.Sap.SapWriteValues;

namespace Makini.Grpc.Connectors.Sap;

/// <summary>
/// Suppliers through API_BUSINESS_PARTNER. Create: one deep insert of an organization A_BusinessPartner with the
/// supplier roles FLVN00/FLVN01, its address (with email and phone) and to_Supplier with the purchasing-organization
/// data (currency, payment terms; the organization from remote field PurchasingOrganization); the idempotency token
/// goes into SearchTerm2. New suppliers start unblocked (<c>active</c> is a proto3 bool without presence). Update: each
/// field goes to the entity that holds it (PATCH A_BusinessPartner, A_Supplier, A_SupplierPurchasingOrg,
/// A_BusinessPartnerAddress, A_AddressEmailAddress, A_AddressPhoneNumber); what does not exist yet is POSTed to the
/// parent's navigation. Clearing an email or phone is not supported (SAP keeps them as rows to delete).
/// The remote id is the supplier number; the partner is found by <c>Supplier eq …</c>.
/// </summary>
internal sealed class SapVendorWriter(SapWriteKit kit)
{
    private const string Service = SapVendorMapping.Service;
    private const int NameLength = 40;

    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["OrganizationBPName1"] = "name",
        ["OrganizationBPName2"] = "name",
        ["EmailAddress"] = "email",
        ["PhoneNumber"] = "phone",
        ["Country"] = "address.country_code",
        ["CityName"] = "address.city",
        ["PostalCode"] = "address.postal_code",
        ["Region"] = "address.region",
        ["StreetName"] = "address.line1",
        ["PurchaseOrderCurrency"] = "currency_code",
        ["PaymentTerms"] = "payment_terms",
        ["PurchasingIsBlocked"] = "active",
        ["PostingIsBlocked"] = "active",
    };

    private static readonly string[] SystemFields = ["PurchasingOrganization", "BusinessPartnerGrouping"];

    public async Task<WriteResult> CreateAsync(SourceTarget target, WriteRequest request, CancellationToken ct)
    {
        var vendor = (Vendor)request.Record!;
        var partner = new JsonObject();
        foreach (var (name, value) in request.RemoteFields)
            if (name != "PurchasingOrganization") partner[name] = value?.DeepClone();
        partner["BusinessPartnerCategory"] = "2";
        SetName(partner, vendor.Name);
        partner["SearchTerm2"] = Handle(request.IdempotencyKey, 20);
        CustomFields(vendor.CustomFields, partner);
        partner["to_BusinessPartnerRole"] = Results(new JsonObject { ["BusinessPartnerRole"] = "FLVN00" }, new JsonObject { ["BusinessPartnerRole"] = "FLVN01" });
        if (NewAddress(vendor, request) is { } address)
            partner["to_BusinessPartnerAddress"] = Results(address);
        var supplier = new JsonObject();
        if (PurchasingData(vendor, request) is { } purchasing)
        {
            purchasing["PurchasingOrganization"] = PurchasingOrganization(request);
            supplier["to_SupplierPurchasingOrg"] = Results(purchasing);
        }
        partner["to_Supplier"] = supplier;

        var created = await kit.Writes.SendAsync(target, new SapWriteCall(HttpMethod.Post, Service, SapVendorMapping.EntitySet, partner) { SendOnce = true }, Map(""), ct);
        var number = SapWire.Text(created?["Supplier"]) is { Length: > 0 } s ? s : SapWire.Text(created?["BusinessPartner"]);
        return new WriteResult(await ReadBackAsync(target, number, ct));
    }

    public async Task<WriteResult> UpdateAsync(SourceTarget target, WriteRequest request, CancellationToken ct)
    {
        var vendor = (Vendor)request.Record!;
        var number = request.RemoteId!;
        var fields = Map(number);
        var current = await FindPartnerAsync(target, number, ct) ?? throw new SourceNotFoundException(SystemCatalog.Sap, number);
        // API_BUSINESS_PARTNER sends no ETag: only an etag that differs from the (empty) one a read gave is stale.
        if (request.Etag is { Length: > 0 } etag && etag != SapWire.ETag(current))
            throw new SourceConflictException(SystemCatalog.Sap, $"supplier {number} has ETag '{SapWire.ETag(current)}', not {etag}");
        var partnerNumber = SapWire.Text(current["BusinessPartner"]);
        var partnerResource = $"A_BusinessPartner({Literal(partnerNumber)})";

        var partner = new JsonObject();
        foreach (var (name, value) in request.RemoteFields)
            if (!SystemFields.Contains(name)) partner[name] = value?.DeepClone();
        if (Masks(request, "name")) SetName(partner, vendor.Name);
        if (Masks(request, "custom_fields")) CustomFields(vendor.CustomFields, partner);
        if (Masks(request, "active") && vendor.Active)
        {
            if (SapWire.Flag(current["BusinessPartnerIsBlocked"])) partner["BusinessPartnerIsBlocked"] = false;
            if (SapWire.Flag(current["IsMarkedForArchiving"])) partner["IsMarkedForArchiving"] = false;
        }
        await kit.PatchAsync(target, Service, partnerResource, partner, null, fields, ct);

        if (Masks(request, "active"))
        {
            var blocks = new JsonObject { ["PurchasingIsBlocked"] = !vendor.Active, ["PostingIsBlocked"] = !vendor.Active };
            if (vendor.Active) blocks["DeletionIndicator"] = false;
            await kit.PatchAsync(target, Service, $"A_Supplier({Literal(number)})", blocks, null, fields, ct);
        }
        await UpdatePurchasingAsync(target, request, vendor, current, number, fields, ct);
        await UpdateAddressAsync(target, request, vendor, current, partnerResource, fields, ct);
        return new WriteResult(await ReadBackAsync(target, number, ct));
    }

    /// <summary>The supplier that SearchTerm2 names as made with this idempotency key, or null.</summary>
    public async Task<SourceRecord?> FindAsync(SourceTarget target, WriteRequest request, CancellationToken ct)
    {
        var filter = $"SearchTerm2 eq {FilterLiteral(Handle(request.IdempotencyKey, 20))}";
        var row = await kit.FindAsync(target, Service, SapVendorMapping.EntitySet, filter, SapVendorMapping.Expand, ct);
        return row is null ? null : SapVendorMapping.Map(row);
    }

    private async Task UpdatePurchasingAsync(SourceTarget target, WriteRequest request, Vendor vendor, JsonObject current, string number, SapFieldMap fields, CancellationToken ct)
    {
        if (PurchasingData(vendor, request) is not { } changes) return;
        var existing = SapWire.Results(current["to_Supplier"]?["to_SupplierPurchasingOrg"]).FirstOrDefault();
        if (existing is not null)
        {
            var resource = $"A_SupplierPurchasingOrg(Supplier={Literal(number)},PurchasingOrganization={Literal(SapWire.Text(existing["PurchasingOrganization"]))})";
            await kit.PatchAsync(target, Service, resource, changes, null, fields, ct);
            return;
        }
        changes["PurchasingOrganization"] = PurchasingOrganization(request);
        await kit.Writes.SendAsync(target, new SapWriteCall(HttpMethod.Post, Service, $"A_Supplier({Literal(number)})/to_SupplierPurchasingOrg", changes), fields, ct);
    }

    private async Task UpdateAddressAsync(SourceTarget target, WriteRequest request, Vendor vendor, JsonObject current, string partnerResource, SapFieldMap fields, CancellationToken ct)
    {
        var address = SapWire.Results(current["to_BusinessPartnerAddress"]).FirstOrDefault();
        if (address is null)
        {
            if (NewAddress(vendor, request) is not { } created) return;
            await kit.Writes.SendAsync(target, new SapWriteCall(HttpMethod.Post, Service, $"{partnerResource}/to_BusinessPartnerAddress", created), fields, ct);
            return;
        }
        var addressId = SapWire.Text(address["AddressID"]);
        var addressResource = $"A_BusinessPartnerAddress(BusinessPartner={Literal(SapWire.Text(address["BusinessPartner"]))},AddressID={Literal(addressId)})";
        if (Masks(request, "address")) await kit.PatchAsync(target, Service, addressResource, AddressFields(vendor.Address ?? new Address()), null, fields, ct);
        if (Masks(request, "email"))
            await CommunicationAsync(target, address, addressResource, "to_EmailAddress", "A_AddressEmailAddress", "EmailAddress", vendor.Email, fields, ct);
        if (Masks(request, "phone"))
            await CommunicationAsync(target, address, addressResource, "to_PhoneNumber", "A_AddressPhoneNumber", "PhoneNumber", vendor.Phone, fields, ct);
    }

    private async Task CommunicationAsync(SourceTarget target, JsonObject address, string addressResource, string nav, string set, string property,
        string value, SapFieldMap fields, CancellationToken ct)
    {
        var existing = SapWire.Results(address[nav]).ToList();
        var entry = existing.FirstOrDefault(e => SapWire.Flag(e[property == "EmailAddress" ? "IsDefaultEmailAddress" : "IsDefaultPhoneNumber"])) ?? existing.FirstOrDefault();
        var change = new JsonObject { [property] = value };
        if (entry is null)
        {
            await kit.Writes.SendAsync(target, new SapWriteCall(HttpMethod.Post, Service, $"{addressResource}/{nav}", change), fields, ct);
            return;
        }
        var resource = $"{set}(AddressID={Literal(SapWire.Text(entry["AddressID"]))},Person={Literal(SapWire.Text(entry["Person"]))},"
            + $"OrdinalNumber={Literal(SapWire.Text(entry["OrdinalNumber"]))})";
        await kit.PatchAsync(target, Service, resource, change, null, fields, ct);
    }

    /// <summary>A new address for the partner (null when the write gives none); email and phone live in it.</summary>
    private static JsonObject? NewAddress(Vendor vendor, WriteRequest request)
    {
        var wantsAddress = Sets(request, "address") && vendor.Address is not null;
        var email = Sets(request, "email") && vendor.Email.Length > 0;
        var phone = Sets(request, "phone") && vendor.Phone.Length > 0;
        if (!wantsAddress && !email && !phone) return null;
        if (vendor.Address?.CountryCode is not { Length: > 0 })
            throw Invalid("address.country_code", "SAP keeps a supplier's address, email and phone in an address, which needs a country");
        var address = AddressFields(vendor.Address);
        if (email) address["to_EmailAddress"] = Results(new JsonObject { ["EmailAddress"] = vendor.Email });
        if (phone) address["to_PhoneNumber"] = Results(new JsonObject { ["PhoneNumber"] = vendor.Phone });
        return address;
    }

    /// <summary>line1 is the street (the reader joins StreetName and HouseNumber, so the house number is cleared).</summary>
    private static JsonObject AddressFields(Address address) => new()
    {
        ["StreetName"] = address.Line1,
        ["HouseNumber"] = "",
        ["CityName"] = address.City,
        ["Region"] = address.Region,
        ["PostalCode"] = address.PostalCode,
        ["Country"] = address.CountryCode,
    };

    private static JsonObject? PurchasingData(Vendor vendor, WriteRequest request)
    {
        var data = new JsonObject();
        if (Sets(request, "currency_code") && vendor.CurrencyCode.Length > 0) data["PurchaseOrderCurrency"] = vendor.CurrencyCode;
        if (Sets(request, "payment_terms") && vendor.PaymentTerms.Length > 0) data["PaymentTerms"] = vendor.PaymentTerms;
        return data.Count > 0 ? data : null;
    }

    private static string PurchasingOrganization(WriteRequest request) =>
        SapWire.Text(request.RemoteFields["PurchasingOrganization"]) is { Length: > 0 } org
            ? org
            : throw Invalid("remote_fields.PurchasingOrganization", "SAP keeps a supplier's currency and payment terms per purchasing organization; name it in remote field PurchasingOrganization");

    /// <summary>The name in OrganizationBPName1 (40 characters); a longer one is split at a space into
    /// OrganizationBPName2, as SAP joins the two with a space into the full name.</summary>
    private static void SetName(JsonObject partner, string name)
    {
        var split = name.Length <= NameLength ? name.Length : name.LastIndexOf(' ', NameLength) is > 0 and var space ? space : NameLength;
        partner["OrganizationBPName1"] = name[..split];
        var rest = name[split..].TrimStart();
        partner["OrganizationBPName2"] = rest.Length <= NameLength ? rest : rest[..NameLength];
    }

    private async Task<SourceRecord> ReadBackAsync(SourceTarget target, string number, CancellationToken ct)
    {
        var row = await FindPartnerAsync(target, number, ct) ?? throw new SourceNotFoundException(SystemCatalog.Sap, number);
        return SapVendorMapping.Map(row);
    }

    private Task<JsonObject?> FindPartnerAsync(SourceTarget target, string supplier, CancellationToken ct) =>
        kit.FindAsync(target, Service, SapVendorMapping.EntitySet, $"Supplier eq {FilterLiteral(supplier)}", SapVendorMapping.Expand, ct);

    private static JsonObject Results(params JsonObject[] rows) => new() { ["results"] = new JsonArray(rows.Select(r => (JsonNode)r).ToArray()) };

    private static SapFieldMap Map(string remoteId) => new(remoteId, Fields, SystemFields);
}
