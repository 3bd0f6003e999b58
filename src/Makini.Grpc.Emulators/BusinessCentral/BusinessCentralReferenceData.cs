using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.BusinessCentral;

/// <summary>
/// The setup of the demo company (CRONUS USA, Inc., local currency USD): company information, payment terms and
/// currencies, read-only through the API. Ids are fixed GUIDs so every instance has the same data.
/// </summary>
internal static class BusinessCentralReferenceData
{
    public const string LocalCurrency = "USD";
    public const string EmptyGuid = "00000000-0000-0000-0000-000000000000";

    public sealed record PaymentTerm(string Id, string Code, string DisplayName, string DueDateCalculation);

    public sealed record Currency(string Id, string Code, string DisplayName, string Symbol, decimal UsdPerUnit);

    public static readonly IReadOnlyList<PaymentTerm> PaymentTerms =
    [
        new("3e1f6c2a-5b7d-4e0a-9c1b-0a2d4f6e8101", "14 DAYS", "Net 14 days", "14D"),
        new("3e1f6c2a-5b7d-4e0a-9c1b-0a2d4f6e8102", "30 DAYS", "Net 30 days", "30D"),
        new("3e1f6c2a-5b7d-4e0a-9c1b-0a2d4f6e8103", "60 DAYS", "Net 60 days", "60D"),
        new("3e1f6c2a-5b7d-4e0a-9c1b-0a2d4f6e8104", "1M(8D)", "1 Month/2% 8 days", "1M"),
        new("3e1f6c2a-5b7d-4e0a-9c1b-0a2d4f6e8105", "CM", "Current Month", "CM"),
        new("3e1f6c2a-5b7d-4e0a-9c1b-0a2d4f6e8106", "COD", "Cash on delivery", "0D"),
    ];

    public static readonly IReadOnlyList<Currency> Currencies =
    [
        new("7a41d0e5-2c63-4f18-8b9e-1d5c3a7f2201", "EUR", "Euro", "€", 1.08m),
        new("7a41d0e5-2c63-4f18-8b9e-1d5c3a7f2202", "GBP", "Pound Sterling", "£", 1.27m),
        new("7a41d0e5-2c63-4f18-8b9e-1d5c3a7f2203", "CAD", "Canadian dollar", "$", 0.73m),
    ];

    public static JsonObject CompanyInformation(string companyId) => new()
    {
        ["id"] = companyId,
        ["displayName"] = "CRONUS USA, Inc.",
        ["addressLine1"] = "7122 South Ashford Street",
        ["addressLine2"] = "Westminster",
        ["city"] = "Atlanta",
        ["state"] = "GA",
        ["country"] = "US",
        ["postalCode"] = "31772",
        ["phoneNumber"] = "+1 425 555 0100",
        ["faxNumber"] = "",
        ["email"] = "",
        ["website"] = "",
        ["taxRegistrationNumber"] = "",
        ["currencyCode"] = LocalCurrency,
        ["currentFiscalYearStartDate"] = "2025-01-01",
        ["industry"] = "",
        ["picture@odata.mediaReadLink"] = "",
        ["lastModifiedDateTime"] = "2025-01-06T09:14:52.25Z",
    };

    public static IReadOnlyList<JsonObject> PaymentTermRecords() => PaymentTerms.Select(t => new JsonObject
    {
        ["id"] = t.Id,
        ["code"] = t.Code,
        ["displayName"] = t.DisplayName,
        ["dueDateCalculation"] = t.DueDateCalculation,
        ["discountDateCalculation"] = "",
        ["discountPercent"] = 0,
        ["calculateDiscountOnCreditMemos"] = false,
        ["lastModifiedDateTime"] = "2025-01-06T09:14:53.103Z",
    }).ToList();

    public static IReadOnlyList<JsonObject> CurrencyRecords() => Currencies.Select(c => new JsonObject
    {
        ["id"] = c.Id,
        ["code"] = c.Code,
        ["displayName"] = c.DisplayName,
        ["symbol"] = c.Symbol,
        ["amountDecimalPlaces"] = "2:2",
        ["amountRoundingPrecision"] = 0.01m,
        ["lastModifiedDateTime"] = "2025-01-06T09:14:53.2Z",
    }).ToList();
}
