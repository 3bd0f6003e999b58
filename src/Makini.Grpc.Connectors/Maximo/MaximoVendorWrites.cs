using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.V1;
using static Makini.Grpc.Connectors.Maximo.MaximoPayload;

namespace Makini.Grpc.Connectors.Maximo;

/// <summary>
/// Vendor → mxapivendor (COMPANIES, organization level). code → company (the key, required), orgid from remote_fields
/// else the API user's default organization (whoami defaultOrg), type V unless remote_fields say otherwise; the address
/// parts map to address1, address2, city, stateprovince, zip and country. e-mail lives on company contacts, which are not
/// written. A new vendor is active (proto3 cannot tell an unset active from false); an update of active sets disabled.
/// </summary>
internal sealed class MaximoVendorWrites : MaximoWriteShape
{
    public static readonly MaximoVendorWrites Instance = new();

    private static readonly string[] Writable = ["name", "phone", "address", "currency_code", "payment_terms", "active", "custom_fields"];

    private static readonly SystemFieldSpec[] System =
    [
        new("orgid", "The organization of the company, e.g. EAGLENA; defaults to the API user's default organization", false),
        new("type", "The company type; defaults to V (vendor)", false),
    ];

    public override MaximoEntity Entity => MaximoVendors.Entity;

    protected override IReadOnlyDictionary<string, string> Fields { get; } = new Dictionary<string, string>
    {
        ["company"] = "code", ["name"] = "name", ["phone"] = "phone", ["address1"] = "address.line1", ["address2"] = "address.line2",
        ["city"] = "address.city", ["stateprovince"] = "address.region", ["zip"] = "address.postal_code", ["country"] = "address.country_code",
        ["currencycode"] = "currency_code", ["paymentterms"] = "payment_terms", ["disabled"] = "active", ["changedate"] = "remote_modified_time",
        ["orgid"] = "remote_fields.orgid", ["type"] = "remote_fields.type",
    };

    public override WriteRequirements? RequirementsOf(WriteKind kind) => kind switch
    {
        WriteKind.Create => new(["code"], Writable, System, CreateHandle),
        WriteKind.Update => new([], Writable, [], TransactionHandle),
        _ => null,
    };

    public override JsonObject CreateBody(WriteRequest request, MaximoWriteContext context)
    {
        var vendor = (Vendor)request.Record!;
        var body = Attributes(vendor, null);
        Put(body, "company", vendor.Code);
        Put(body, "orgid", context.DefaultOrg);
        body["type"] = "V";
        Overlay(body, request.RemoteFields);
        body["externalrefid"] = ExternalRefId(request.IdempotencyKey);
        return body;
    }

    public override JsonObject UpdateBody(WriteRequest request)
    {
        var vendor = (Vendor)request.Record!;
        var body = Attributes(vendor, request.Mask);
        if (Masked(request.Mask, "active")) body["disabled"] = !vendor.Active;
        Overlay(body, request.RemoteFields);
        return body;
    }

    private static JsonObject Attributes(Vendor vendor, IReadOnlyList<string>? mask)
    {
        var body = new JsonObject();
        void Text(string field, string attribute, string value)
        {
            if (mask is null) Put(body, attribute, value);
            else if (Masked(mask, field)) Set(body, attribute, value);
        }
        var address = vendor.Address ?? new Address();
        Text("name", "name", vendor.Name);
        Text("phone", "phone", vendor.Phone);
        Text("address.line1", "address1", address.Line1);
        Text("address.line2", "address2", address.Line2);
        Text("address.city", "city", address.City);
        Text("address.region", "stateprovince", address.Region);
        Text("address.postal_code", "zip", address.PostalCode);
        Text("address.country_code", "country", address.CountryCode);
        Text("currency_code", "currencycode", vendor.CurrencyCode);
        Text("payment_terms", "paymentterms", vendor.PaymentTerms);
        CustomFields(body, vendor.CustomFields, mask);
        return body;
    }
}
