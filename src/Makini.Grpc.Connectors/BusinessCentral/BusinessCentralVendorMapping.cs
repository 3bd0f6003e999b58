using System.Text.Json.Nodes;
using Makini.Grpc.V1;
using static Makini.Grpc.Connectors.BusinessCentral.BusinessCentralFields;

namespace Makini.Grpc.Connectors.BusinessCentral;

/// <summary>A Business Central vendor (API v2.0 vendors) as a unified vendor.</summary>
public static class BusinessCentralVendorMapping
{
    public static Vendor Map(JsonObject entity, BusinessCentralCompany company) => new()
    {
        RemoteId = Text(entity["id"]),
        RemoteModifiedTime = Time(entity["lastModifiedDateTime"]),
        Code = Text(entity["number"]),
        Name = Text(entity["displayName"]),
        Email = Text(entity["email"]),
        Phone = Text(entity["phoneNumber"]),
        Address = BusinessCentralAddresses.From(entity, "addressLine1", "addressLine2", "city", "state", "postalCode", "country"),
        CurrencyCode = company.CurrencyOf(entity["currencyCode"]),
        PaymentTerms = company.PaymentTermsOf(entity["paymentTermsId"]),
        // Blocked "Payment" (no payments) and "All" both stop the vendor being used as usual.
        Active = IsBlankOption(entity["blocked"]),
        CustomFields = CustomFields(entity, BusinessCentralSchema.Vendor),
        Etag = Text(entity["@odata.etag"]),
    };
}
