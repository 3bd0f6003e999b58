using System.Text.Json.Nodes;
using static Makini.Grpc.Emulators.BusinessCentral.BusinessCentralReferenceData;
using static Makini.Grpc.Emulators.BusinessCentral.BusinessCentralWriteBody;

namespace Makini.Grpc.Emulators.BusinessCentral;

/// <summary>
/// vendors written through API v2.0: the number comes from the vendor number series unless given (and must be unique),
/// the email must be a valid address, the currency and payment terms must exist, blocked is " "/"_x0020_", "Payment"
/// or "All". A vendor with purchase orders cannot be deleted.
/// </summary>
internal static class BusinessCentralVendorWrites
{
    public const string Entity = "vendor";

    private static readonly string[] ReadOnlyFields = ["id", "balance", "lastModifiedDateTime"];

    private static readonly BusinessCentralEntitySet Vendors = BusinessCentralEntitySet.Find("vendors")!;

    public static JsonObject Create(BusinessCentralInstance instance, JsonObject body, DateTimeOffset now)
    {
        BusinessCentralWriteBody.Check(body, Vendors, ReadOnlyFields);
        var vendor = new JsonObject
        {
            ["id"] = System.Guid.NewGuid().ToString(),
            ["number"] = "",
            ["displayName"] = "",
            ["addressLine1"] = "",
            ["addressLine2"] = "",
            ["city"] = "",
            ["state"] = "",
            ["country"] = "",
            ["postalCode"] = "",
            ["phoneNumber"] = "",
            ["email"] = "",
            ["website"] = "",
            ["taxRegistrationNumber"] = "",
            ["currencyId"] = EmptyGuid,
            ["currencyCode"] = "",
            ["irs1099Code"] = "",
            ["paymentTermsId"] = EmptyGuid,
            ["paymentMethodId"] = EmptyGuid,
            ["taxLiable"] = false,
            ["blocked"] = "_x0020_",
            ["balance"] = 0m,
        };
        Apply(instance, vendor, body);
        if (Text(vendor["number"]).Length == 0) vendor["number"] = instance.NextVendorNumber();
        return instance.Records[Entity].Upsert(vendor, now);
    }

    public static JsonObject Update(BusinessCentralInstance instance, JsonObject vendor, JsonObject body, DateTimeOffset now)
    {
        BusinessCentralWriteBody.Check(body, Vendors, ReadOnlyFields);
        Apply(instance, vendor, body);
        return instance.Records[Entity].Update(Text(vendor["id"]).ToLowerInvariant(), row =>
        {
            row.Clear();
            foreach (var (name, value) in vendor) row[name] = value?.DeepClone();
        }, now)!;
    }

    public static void Delete(BusinessCentralInstance instance, JsonObject vendor)
    {
        var id = Text(vendor["id"]);
        if (instance.Records[BusinessCentralOrderWrites.Entity].Where(o => SameId(o["vendorId"], id)).Count > 0)
            throw BusinessCentralRefusals.Dialog($"You cannot delete Vendor {Text(vendor["number"])} because there is at least one outstanding Purchase Order for this vendor.");
        instance.Records[Entity].Delete(id.ToLowerInvariant());
    }

    private static void Apply(BusinessCentralInstance instance, JsonObject vendor, JsonObject body)
    {
        if (BusinessCentralWriteBody.Text(body, "number") is { Length: > 0 } number && number != Text(vendor["number"]))
        {
            if (instance.Records[Entity].Where(v => Text(v["number"]) == number).Count > 0) throw BusinessCentralRefusals.Duplicate("Vendor", "No.", number);
            vendor["number"] = number;
        }
        foreach (var field in new[] { "displayName", "addressLine1", "addressLine2", "city", "state", "country", "postalCode", "phoneNumber", "website",
                     "taxRegistrationNumber", "irs1099Code" })
            if (BusinessCentralWriteBody.Text(body, field) is { } text) vendor[field] = text;
        if (BusinessCentralWriteBody.Text(body, "email") is { } email)
        {
            if (email.Length > 0 && !IsEmail(email))
                throw new BusinessCentralWriteException(400, "Application_FieldValidationException", $"The email address \"{email}\" is not valid.");
            vendor["email"] = email;
        }
        if (BusinessCentralWriteBody.Text(body, "currencyCode") is { } currencyCode) BusinessCentralOrderVendor.SetCurrency(vendor, currencyCode, "Vendor");
        if (BusinessCentralWriteBody.Guid(body, "paymentTermsId") is { } termsId)
            vendor["paymentTermsId"] = termsId == EmptyGuid || PaymentTerms.Any(t => t.Id == termsId) ? termsId : throw BusinessCentralRefusals.NotFound("Payment Terms", "SystemId", termsId);
        if (BusinessCentralWriteBody.Guid(body, "paymentMethodId") is { } methodId) vendor["paymentMethodId"] = methodId;
        if (BusinessCentralWriteBody.Bool(body, "taxLiable") is { } taxLiable) vendor["taxLiable"] = taxLiable;
        if (BusinessCentralWriteBody.Text(body, "blocked") is { } blocked)
        {
            vendor["blocked"] = blocked switch
            {
                "" or " " or "_x0020_" => "_x0020_",
                "Payment" or "All" => blocked,
                _ => throw BusinessCentralRefusals.BadValue(blocked, "Microsoft.NAV.vendorBlocked"),
            };
        }
    }

    /// <summary>UNVERIFIED: the exact check; Business Central refuses addresses that are not of the form name@domain.</summary>
    private static bool IsEmail(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == email.LastIndexOf('@') && email.IndexOf('.', at) > at + 1 && !email.EndsWith('.') && !email.Contains(' ', StringComparison.Ordinal);
    }
}
