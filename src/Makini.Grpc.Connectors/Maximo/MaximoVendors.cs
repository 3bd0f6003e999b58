using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.V1;
using static Makini.Grpc.Connectors.Reading.Normalize;

namespace Makini.Grpc.Connectors.Maximo;

/// <summary>mxapivendor (COMPANIES) → Vendor, keyed by organization and company.</summary>
internal static class MaximoVendors
{
    public static readonly MaximoEntity Entity = new(
        EntityKind.Vendor, "mxapivendor", "companiesid", ["orgid", "company"],
        MaximoEntity.KnownWith("companiesid", "company", "name", "type", "disabled", "currencycode", "paymentterms", "phone",
            "address1", "address2", "city", "stateprovince", "zip", "country"),
        [
            new("remote_id", "orgid + '/' + company"),
            new("code", "company"),
            new("name", "name"),
            new("email", "", "COMPANIES keeps e-mail addresses on its contacts only"),
            new("phone", "phone"),
            new("address", "address1, address2, city, stateprovince, zip, country", "country becomes country_code only when it is a 2-letter code"),
            new("currency_code", "currencycode"),
            new("payment_terms", "paymentterms"),
            new("active", "not disabled"),
            new("remote_modified_time", "changedate"),
            new("etag", "_rowstamp"),
            new("custom_fields", "other scalar attributes", "Every scalar attribute not named here and not a system attribute (href, _rowstamp, *_collectionref, *_description …)"),
        ],
        Map);

    private static IMessage Map(JsonObject r, MaximoMapContext context)
    {
        var vendor = new Vendor
        {
            RemoteId = Entity.RemoteIdOf(r),
            RemoteModifiedTime = MaximoFields.Time(r["changedate"]),
            Code = Text(r["company"]),
            Name = Text(r["name"]),
            Phone = Text(r["phone"]),
            CurrencyCode = Text(r["currencycode"]),
            PaymentTerms = Text(r["paymentterms"]),
            Active = !IsTrue(r["disabled"]),
            CustomFields = MaximoFields.CustomFields(r, Entity.Known),
            Etag = Text(r["_rowstamp"]),
        };
        var country = Text(r["country"]);
        var address = new Address
        {
            Line1 = Text(r["address1"]),
            Line2 = Text(r["address2"]),
            City = Text(r["city"]),
            Region = Text(r["stateprovince"]),
            PostalCode = Text(r["zip"]),
            CountryCode = country.Length == 2 ? country.ToUpperInvariant() : "",
        };
        if (!address.Equals(new Address())) vendor.Address = address;
        return vendor;
    }

    /// <summary>Maximo booleans arrive as true/false, but older servers and synonyms send 1/0.</summary>
    private static bool IsTrue(JsonNode? node) =>
        node is JsonValue v && (v.GetValueKind() == JsonValueKind.True || Text(v) is "1" or "true" or "Y");
}
