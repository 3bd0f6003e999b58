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

    public static SourceRecord Map(JsonObject partner)
    {
        var supplier = partner["to_Supplier"] as JsonObject;
        var number = Text(supplier?["Supplier"]) is { Length: > 0 } s ? s : Text(partner["Supplier"]);
        var purchasing = Results(supplier?["to_SupplierPurchasingOrg"]).FirstOrDefault();
        var address = Results(partner["to_BusinessPartnerAddress"]).FirstOrDefault();
        var created = DateAndTime(partner["CreationDate"], partner["CreationTime"]);
        var modified = DateAndTime(partner["LastChangeDate"], partner["LastChangeTime"]) ?? created;
        var vendor = new Vendor
        {
            RemoteId = number,
            Code = number,
            RemoteCreatedTime = Normalize.Time(created),
            RemoteModifiedTime = Normalize.Time(modified),
            Name = Text(supplier?["SupplierName"]) is { Length: > 0 } name ? name : Text(partner["BusinessPartnerFullName"]),
            Email = Text(Preferred(address?["to_EmailAddress"], "IsDefaultEmailAddress")?["EmailAddress"]),
            Phone = PhoneOf(Preferred(address?["to_PhoneNumber"], "IsDefaultPhoneNumber")),
            CurrencyCode = Text(purchasing?["PurchaseOrderCurrency"]),
            PaymentTerms = Text(purchasing?["PaymentTerms"]),
            Active = !(Flag(supplier?["PostingIsBlocked"]) || Flag(supplier?["PurchasingIsBlocked"]) || Flag(supplier?["DeletionIndicator"])
                || Flag(partner["BusinessPartnerIsBlocked"]) || Flag(partner["IsMarkedForArchiving"])),
            CustomFields = Normalize.CustomFields(partner, IsCustomField),
            Etag = ETag(partner),
        };
        if (supplier is not null)
            foreach (var (field, value) in Normalize.CustomFields(supplier, IsCustomField).Fields)
                vendor.CustomFields.Fields[field] = value;
        if (address is not null)
            vendor.Address = AddressOf(address);
        return new SourceRecord(number, vendor, partner, modified);
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

    private static JsonObject? Preferred(JsonNode? navigation, string defaultFlag)
    {
        var entries = Results(navigation).ToList();
        return entries.FirstOrDefault(e => Flag(e[defaultFlag])) ?? entries.FirstOrDefault();
    }

    private static string PhoneOf(JsonObject? phone) =>
        Text(phone?["InternationalPhoneNumber"]) is { Length: > 0 } international ? international : Text(phone?["PhoneNumber"]);

    private static Address AddressOf(JsonObject address)
    {
        var street = Text(address["StreetName"]);
        var house = Text(address["HouseNumber"]);
        return new Address
        {
            Line1 = house.Length == 0 ? street : $"{street} {house}",
            City = Text(address["CityName"]),
            Region = Text(address["Region"]),
            PostalCode = Text(address["PostalCode"]),
            CountryCode = Text(address["Country"]),
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
