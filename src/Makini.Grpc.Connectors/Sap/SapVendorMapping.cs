using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.V1;
using static Makini.Grpc.Connectors.Sap.SapWire;

namespace Makini.Grpc.Connectors.Sap;

/// <summary>
/// A supplier read through its business partner: A_BusinessPartner with <c>$expand</c> of its A_Supplier role
/// (and purchasing-organization data) and its address (with email and phone). A_Supplier itself has no change time;
/// the business partner has LastChangeDate + LastChangeTime (and CreationDate + CreationTime before any change).
/// </summary>
public static class SapVendorMapping
{
    public const string Service = "API_BUSINESS_PARTNER";
    public const string EntitySet = "A_BusinessPartner";
    public const string Expand =
        "to_Supplier,to_Supplier/to_SupplierPurchasingOrg,to_BusinessPartnerAddress,to_BusinessPartnerAddress/to_EmailAddress,to_BusinessPartnerAddress/to_PhoneNumber";

    /// <summary>Only partners in the supplier role.</summary>
    public const string SuppliersOnly = "Supplier ne ''";

    /// <summary>An entity held as a node (a write's answer, a test's fixture).</summary>
    public static SourceRecord Map(JsonObject partner) => MapNode(partner, Map);

    /// <summary>An entity of a parsed page, and its JSON as it arrived (kept as the raw record).</summary>
    public static SourceRecord Map(JsonElement partner, ReadOnlyMemory<byte> raw)
    {
        var supplier = partner.Field("to_Supplier");
        var number = Text(supplier.Field("Supplier")) is { Length: > 0 } s ? s : Text(partner.Field("Supplier"));
        var purchasing = Results(supplier.Field("to_SupplierPurchasingOrg")).FirstOrDefault();
        var address = Results(partner.Field("to_BusinessPartnerAddress")).FirstOrDefault();
        var created = DateAndTime(partner.Field("CreationDate"), partner.Field("CreationTime"));
        var modified = DateAndTime(partner.Field("LastChangeDate"), partner.Field("LastChangeTime")) ?? created;
        var vendor = new Vendor
        {
            RemoteId = number,
            Code = number,
            RemoteCreatedTime = Normalize.Time(created),
            RemoteModifiedTime = Normalize.Time(modified),
            Name = Text(supplier.Field("SupplierName")) is { Length: > 0 } name ? name : Text(partner.Field("BusinessPartnerFullName")),
            Email = Text(Preferred(address.Field("to_EmailAddress"), "IsDefaultEmailAddress").Field("EmailAddress")),
            Phone = PhoneOf(Preferred(address.Field("to_PhoneNumber"), "IsDefaultPhoneNumber")),
            CurrencyCode = Text(purchasing.Field("PurchaseOrderCurrency")),
            PaymentTerms = Text(purchasing.Field("PaymentTerms")),
            Active = !(Flag(supplier.Field("PostingIsBlocked")) || Flag(supplier.Field("PurchasingIsBlocked")) || Flag(supplier.Field("DeletionIndicator"))
                || Flag(partner.Field("BusinessPartnerIsBlocked")) || Flag(partner.Field("IsMarkedForArchiving"))),
            CustomFields = Normalize.CustomFields(partner, IsCustomField),
            Etag = ETag(partner),
        };
        if (supplier.ValueKind == JsonValueKind.Object)
            foreach (var (field, value) in Normalize.CustomFields(supplier, IsCustomField).Fields)
                vendor.CustomFields.Fields[field] = value;
        if (address.ValueKind == JsonValueKind.Object)
            vendor.Address = AddressOf(address);
        return new SourceRecord(number, vendor, raw, modified);
    }

    /// <summary>The $filter for partners created or changed at or after an instant. The dates and times are the
    /// system's; S/4HANA Cloud runs on UTC (UNVERIFIED for on-premise systems in another zone: the sync's overlap
    /// window absorbs small offsets).</summary>
    public static string ChangedSinceFilter(DateTimeOffset since)
    {
        var utc = since.ToUniversalTime();
        var day = DateTimeLiteral(DateOnly.FromDateTime(utc.UtcDateTime));
        var time = TimeLiteral(utc.UtcDateTime.TimeOfDay);
        return $"{SuppliersOnly} and (LastChangeDate gt {day} or (LastChangeDate eq {day} and LastChangeTime ge {time})"
            + $" or CreationDate gt {day} or (CreationDate eq {day} and CreationTime ge {time}))";
    }

    private static JsonElement Preferred(JsonElement navigation, string defaultFlag)
    {
        var entries = Results(navigation).ToList();
        return entries.FirstOrDefault(e => Flag(e.Field(defaultFlag)), entries.FirstOrDefault());
    }

    private static string PhoneOf(JsonElement phone) =>
        Text(phone.Field("InternationalPhoneNumber")) is { Length: > 0 } international ? international : Text(phone.Field("PhoneNumber"));

    private static Address AddressOf(JsonElement address)
    {
        var street = Text(address.Field("StreetName"));
        var house = Text(address.Field("HouseNumber"));
        return new Address
        {
            Line1 = house.Length == 0 ? street : $"{street} {house}",
            City = Text(address.Field("CityName")),
            Region = Text(address.Field("Region")),
            PostalCode = Text(address.Field("PostalCode")),
            CountryCode = Text(address.Field("Country")),
        };
    }

    public static EntityMapping Mapping { get; } = new($"{Service}/{EntitySet}",
    [
        new("remote_id", "A_Supplier.Supplier", "via A_BusinessPartner.to_Supplier; the number purchase orders refer to"),
        new("code", "A_Supplier.Supplier"),
        new("remote_created_time", "A_BusinessPartner.CreationDate + CreationTime", "Edm.DateTime + Edm.Time, system time (UTC)"),
        new("remote_modified_time", "A_BusinessPartner.LastChangeDate + LastChangeTime", "the creation time when never changed"),
        new("name", "A_Supplier.SupplierName", "else A_BusinessPartner.BusinessPartnerFullName"),
        new("email", "A_AddressEmailAddress.EmailAddress", "the default one of the first address"),
        new("phone", "A_AddressPhoneNumber.InternationalPhoneNumber, else PhoneNumber", "the default one of the first address"),
        new("address", "A_BusinessPartnerAddress (first)", "line1 = StreetName HouseNumber; CityName, Region, PostalCode, Country"),
        new("currency_code", "A_SupplierPurchasingOrg.PurchaseOrderCurrency", "of the first purchasing organization"),
        new("payment_terms", "A_SupplierPurchasingOrg.PaymentTerms", "of the first purchasing organization"),
        new("active", "not (A_Supplier.PostingIsBlocked or PurchasingIsBlocked or DeletionIndicator or A_BusinessPartner.BusinessPartnerIsBlocked or IsMarkedForArchiving)"),
        new("custom_fields", "A_BusinessPartner.YY1_*, ZZ1_* and A_Supplier.YY1_*, ZZ1_*"),
    ]);
}
