using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.Sap;

/// <summary>The master data writes check against: the fixed plants and materials, and the instance's suppliers and equipment.</summary>
internal static class SapMasterData
{
    public static SapMaterial? Material(string code) => SapDemoCatalog.Materials.FirstOrDefault(m => m.Material == code);

    public static SapPlant? Plant(string code) => SapDemoCatalog.Plants.FirstOrDefault(p => p.Plant == code);

    public static bool IsCompanyCode(string code) => SapDemoCatalog.Plants.Any(p => p.CompanyCode == code);

    /// <summary>The demo system has one purchasing organization per company code, with the same key.</summary>
    public static bool IsPurchasingOrganization(string code) => IsCompanyCode(code);

    public static bool IsPaymentTerms(string code) => SapDemoCatalog.PaymentTerms.Contains(code);

    public static bool IsCurrency(string code) => code.Length == 3 && code.All(char.IsAsciiLetterUpper);

    /// <summary>The A_Supplier role data of the business partner in the supplier role with this number, or null.</summary>
    public static JsonObject? Supplier(SapInstance instance, string supplier)
    {
        var partners = instance.Records[SapEntities.Vendor];
        if (IsSupplier(partners.Get(supplier), supplier) is { } direct) return direct;
        var found = partners.Where(p => IsSupplier(p, supplier) is not null);
        return found.Count > 0 ? IsSupplier(found[0], supplier) : null;
    }

    /// <summary>The supplier's purchasing data for an organization (else its first): currency and payment terms.</summary>
    public static JsonObject? PurchasingData(JsonObject? supplier, string purchasingOrganization)
    {
        var all = SapPayload.Results(supplier?["to_SupplierPurchasingOrg"]);
        return all.FirstOrDefault(o => SapPayload.Text(o, "PurchasingOrganization") == purchasingOrganization) ?? all.FirstOrDefault();
    }

    /// <summary>The current segment of an equipment, or null.</summary>
    public static JsonObject? Equipment(SapInstance instance, string equipment) =>
        equipment.Length == 0 ? null : instance.Records[SapEntities.Asset].Get(equipment);

    private static JsonObject? IsSupplier(JsonObject? partner, string supplier) =>
        partner?["to_Supplier"] is JsonObject role && SapPayload.Text(role, "Supplier") == supplier ? role : null;
}
