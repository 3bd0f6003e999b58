using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.Sap;

/// <summary>
/// Suppliers as API_BUSINESS_PARTNER keeps them: an organization A_BusinessPartner (same number as its supplier)
/// with its A_Supplier role and purchasing-organization data, and one address with an email and a phone number.
/// A partner that was never changed has no LastChangeDate, as in SAP.
/// </summary>
internal static class SapBusinessPartners
{
    public static IEnumerable<JsonObject> Generate(SapNumberRanges numbers, int count, int seed, DateTimeOffset now)
    {
        var random = SapRecordBuilder.Random(seed, SapEntities.Vendor);
        for (var i = 0; i < count; i++)
            yield return One(numbers.NextSupplier(), random, now);
    }

    private static JsonObject One(int index, Random random, DateTimeOffset now)
    {
        var number = SapDemoCatalog.SupplierNumber(index);
        var name = SapDemoCatalog.SupplierName(index);
        var country = SapDemoCatalog.SupplierCountry(index);
        var (city, region, postal, street, phone) = SapDemoCatalog.SupplierAddress(index);
        var created = SapRecordBuilder.Past(random, now, TimeSpan.FromDays(3 * 365));
        DateTimeOffset? changed = random.Next(10) < 7 ? SapRecordBuilder.Past(random, now, TimeSpan.FromDays(180)) : null;
        if (changed < created) changed = created + TimeSpan.FromHours(1) < now ? created + TimeSpan.FromHours(1) : created;
        var purchasingBlocked = index % 17 == 16;
        var postingBlocked = index % 23 == 22;
        var addressId = (22000 + index).ToString(CultureInfo.InvariantCulture);
        var slug = new string(name.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(16).ToArray());

        return SapRecordBuilder.Build(w =>
        {
            w.WriteString("BusinessPartner", number);
            w.WriteString("Customer", "");
            w.WriteString("Supplier", number);
            w.WriteString("BusinessPartnerCategory", "2");
            w.WriteString("BusinessPartnerFullName", name);
            w.WriteString("BusinessPartnerGrouping", "BPAB");
            w.WriteString("BusinessPartnerName", name);
            w.WriteString("OrganizationBPName1", name);
            w.WriteString("CreatedByUser", "CB9980000012");
            w.WriteString("CreationDate", SapDates.DateTime(SapRecordBuilder.DateOf(created)));
            w.WriteString("CreationTime", SapDates.Time(created.UtcDateTime.TimeOfDay));
            w.WriteString("LastChangedByUser", changed is null ? "" : "CB9980000012");
            WriteChange(w, changed);
            w.WriteBoolean("BusinessPartnerIsBlocked", false);
            w.WriteBoolean("IsMarkedForArchiving", false);
            w.WriteStartObject("to_BusinessPartnerAddress");
            w.WriteStartArray("results");
            w.WriteStartObject();
            w.WriteString("BusinessPartner", number);
            w.WriteString("AddressID", addressId);
            w.WriteString("CityName", city);
            w.WriteString("Country", country);
            w.WriteString("PostalCode", postal);
            w.WriteString("Region", region);
            w.WriteString("StreetName", street);
            w.WriteString("HouseNumber", (1 + index % 120).ToString(CultureInfo.InvariantCulture));
            WriteCommunication(w, "to_EmailAddress", addressId, "EmailAddress", $"orders@{slug}.example.com", "IsDefaultEmailAddress");
            WriteCommunication(w, "to_PhoneNumber", addressId, "PhoneNumber", $"{phone} {1000 + index % 9000}", "IsDefaultPhoneNumber", country);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartObject("to_Supplier");
            w.WriteString("Supplier", number);
            w.WriteString("SupplierAccountGroup", "SUPL");
            w.WriteString("SupplierName", name);
            w.WriteString("SupplierFullName", name);
            w.WriteString("CreationDate", SapDates.DateTime(SapRecordBuilder.DateOf(created)));
            w.WriteBoolean("PostingIsBlocked", postingBlocked);
            w.WriteBoolean("PurchasingIsBlocked", purchasingBlocked);
            w.WriteBoolean("DeletionIndicator", false);
            w.WriteStartObject("to_SupplierPurchasingOrg");
            w.WriteStartArray("results");
            w.WriteStartObject();
            w.WriteString("Supplier", number);
            w.WriteString("PurchasingOrganization", country switch { "US" => "1710", "GB" => "1110", "CH" => "1610", _ => "1010" });
            w.WriteString("PurchaseOrderCurrency", SapDemoCatalog.SupplierCurrency(index));
            w.WriteString("PaymentTerms", SapDemoCatalog.SupplierPaymentTerms(index));
            w.WriteBoolean("PurchasingIsBlockedForSupplier", purchasingBlocked);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    /// <summary>LastChangeDate (Edm.DateTime, null until the first change) and LastChangeTime (Edm.Time).</summary>
    public static void WriteChange(Utf8JsonWriter w, DateTimeOffset? changed)
    {
        if (changed is { } c)
        {
            w.WriteString("LastChangeDate", SapDates.DateTime(SapRecordBuilder.DateOf(c)));
            w.WriteString("LastChangeTime", SapDates.Time(c.UtcDateTime.TimeOfDay));
        }
        else
        {
            w.WriteNull("LastChangeDate");
            w.WriteString("LastChangeTime", "PT00H00M00S");
        }
    }

    private static void WriteCommunication(Utf8JsonWriter w, string nav, string addressId, string field, string value, string defaultFlag, string? country = null)
    {
        w.WriteStartObject(nav);
        w.WriteStartArray("results");
        w.WriteStartObject();
        w.WriteString("AddressID", addressId);
        w.WriteString("Person", "");
        w.WriteString("OrdinalNumber", "1");
        w.WriteBoolean(defaultFlag, true);
        if (country is not null) w.WriteString("DestinationLocationCountry", country);
        w.WriteString(field, value);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
