using System.Text.Json.Nodes;
using Makini.Grpc.V1;
using static Makini.Grpc.Connectors.NetSuite.NetSuiteFields;

namespace Makini.Grpc.Connectors.NetSuite;

/// <summary>A NetSuite vendor record (read with expandSubResources=true) as a unified vendor.</summary>
public static class NetSuiteVendorMapping
{
    public static Vendor Map(JsonObject record, NetSuiteMappingContext context) => new()
    {
        RemoteId = Text(record["id"]),
        RemoteCreatedTime = Time(record["dateCreated"]),
        RemoteModifiedTime = Time(record["lastModifiedDate"]),
        Code = Text(record["entityId"]),
        Name = NameOf(record),
        Email = Text(record["email"]),
        Phone = Text(record["phone"]),
        Address = NetSuiteAddresses.OfEntity(record),
        CurrencyCode = context.Currencies.IsoOf(record["currency"]),
        PaymentTerms = RefName(record["terms"]),
        Active = !IsTrue(record["isInactive"]),
        CustomFields = CustomFields(record),
        Etag = EtagOf(record),
    };

    /// <summary>The company name; a vendor that is a person has first and last names instead.</summary>
    private static string NameOf(JsonObject record)
    {
        if (Text(record["companyName"]) is { Length: > 0 } company) return company;
        var person = $"{Text(record["firstName"])} {Text(record["lastName"])}".Trim();
        return person.Length > 0 ? person : Text(record["entityId"]);
    }
}
