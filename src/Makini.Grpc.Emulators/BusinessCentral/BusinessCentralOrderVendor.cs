using System.Text.Json.Nodes;
using static Makini.Grpc.Emulators.BusinessCentral.BusinessCentralReferenceData;
using static Makini.Grpc.Emulators.BusinessCentral.BusinessCentralWriteBody;

namespace Makini.Grpc.Emulators.BusinessCentral;

/// <summary>What choosing a vendor sources into a purchase order (buy-from and pay-to, currency, payment terms), and the
/// currency code's table relation (blank is the local currency; others must be in Currencies).</summary>
internal static class BusinessCentralOrderVendor
{
    public static void Copy(JsonObject order, JsonObject vendor)
    {
        order["vendorId"] = Text(vendor["id"]);
        order["vendorNumber"] = Text(vendor["number"]);
        order["vendorName"] = Text(vendor["displayName"]);
        order["payToName"] = Text(vendor["displayName"]);
        order["payToVendorId"] = Text(vendor["id"]);
        order["payToVendorNumber"] = Text(vendor["number"]);
        foreach (var prefix in new[] { "buyFrom", "payTo" })
        {
            order[$"{prefix}AddressLine1"] = Text(vendor["addressLine1"]);
            order[$"{prefix}AddressLine2"] = Text(vendor["addressLine2"]);
            order[$"{prefix}City"] = Text(vendor["city"]);
            order[$"{prefix}Country"] = Text(vendor["country"]);
            order[$"{prefix}State"] = Text(vendor["state"]);
            order[$"{prefix}PostCode"] = Text(vendor["postalCode"]);
        }
        SetCurrency(order, Text(vendor["currencyCode"]), "Purchase Header");
        order["paymentTermsId"] = Text(vendor["paymentTermsId"]) is { Length: > 0 } terms ? terms : EmptyGuid;
    }

    /// <summary>Sets currencyCode and currencyId; "" is the company's local currency.</summary>
    public static void SetCurrency(JsonObject record, string code, string table)
    {
        if (code.Length == 0)
        {
            record["currencyCode"] = "";
            record["currencyId"] = EmptyGuid;
            return;
        }
        var currency = Currencies.FirstOrDefault(c => string.Equals(c.Code, code, StringComparison.OrdinalIgnoreCase))
            ?? throw BusinessCentralRefusals.NotInRelatedTable("Currency Code", table, code, "Currency");
        record["currencyCode"] = currency.Code;
        record["currencyId"] = currency.Id;
    }
}
