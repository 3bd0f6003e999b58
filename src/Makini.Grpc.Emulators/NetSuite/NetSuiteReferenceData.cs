using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.NetSuite;

/// <summary>
/// The setup records of the demo account (a OneWorld account with four subsidiaries): currencies, subsidiaries,
/// locations, payment terms, units and the accounts inventory adjustments post to. They are the same in every instance and read-only through the REST API.
/// Currency names are the account's names, not ISO codes: a client learns the ISO code from the currency's symbol.
/// </summary>
internal static class NetSuiteReferenceData
{
    public sealed record Currency(string Id, string Name, string Symbol, decimal ExchangeRate);

    public sealed record Subsidiary(string Id, string Name, string CurrencyId, string Country);

    public sealed record Location(string Id, string Name, string SubsidiaryId, string City, string State, string Zip);

    public sealed record Term(string Id, string Name, int DaysUntilNetDue);

    /// <summary>A general ledger account (acctNumber and name, as the account list shows "5800 Inventory Adjustments").</summary>
    public sealed record Account(string Id, string Number, string Name, string Type);

    public const string BaseCurrencyId = "1";

    public static readonly IReadOnlyList<Currency> Currencies =
    [
        new("1", "US Dollar", "USD", 1.00m),
        new("2", "British pound", "GBP", 1.27m),
        new("3", "Canadian Dollar", "CAD", 0.73m),
        new("4", "Euro", "EUR", 1.08m),
    ];

    public static readonly IReadOnlyList<Subsidiary> Subsidiaries =
    [
        new("1", "Honeycomb Manufacturing Inc.", "1", "US"),
        new("2", "Honeycomb UK Ltd", "2", "GB"),
        new("3", "Honeycomb Canada Corp.", "3", "CA"),
        new("4", "Honeycomb Deutschland GmbH", "4", "DE"),
    ];

    public static readonly IReadOnlyList<Location> Locations =
    [
        new("1", "Oakland Plant", "1", "Oakland", "CA", "94607"),
        new("2", "Houston Warehouse", "1", "Houston", "TX", "77029"),
        new("3", "Sheffield Works", "2", "Sheffield", "South Yorkshire", "S9 1XH"),
        new("4", "Hamilton Yard", "3", "Hamilton", "ON", "L8L 4P7"),
        new("5", "Duisburg Lager", "4", "Duisburg", "NW", "47059"),
    ];

    public static readonly IReadOnlyList<Term> Terms =
    [
        new("1", "Net 15", 15),
        new("2", "Net 30", 30),
        new("3", "Net 45", 45),
        new("4", "Net 60", 60),
        new("5", "Due on receipt", 0),
        new("6", "2% 10 Net 30", 30),
    ];

    /// <summary>The chart of accounts, as far as inventory adjustments need it (their adjustment account).</summary>
    public static readonly IReadOnlyList<Account> Accounts =
    [
        new("212", "1300", "Inventory Asset", "OthCurrAsset"),
        new("540", "5800", "Inventory Adjustments", "COGS"),
        new("541", "5810", "Inventory Shrinkage", "Expense"),
        new("542", "5820", "Cycle Count Variance", "Expense"),
    ];

    /// <summary>Units of measure of the "Count"/"Length"/"Volume"/"Weight" unit types (id, name).</summary>
    public static readonly IReadOnlyList<(string Id, string Name)> Units =
    [
        ("1", "Each"), ("2", "Box"), ("3", "Case"), ("4", "Pair"), ("5", "Set"), ("6", "Foot"), ("7", "Liter"), ("8", "Kilogram"),
    ];

    public static readonly IReadOnlyDictionary<string, string> CountryNames = new Dictionary<string, string>
    {
        ["US"] = "United States", ["GB"] = "United Kingdom", ["CA"] = "Canada", ["DE"] = "Germany",
    };

    public static Currency CurrencyOf(Subsidiary subsidiary) => Currencies.First(c => c.Id == subsidiary.CurrencyId);

    public static JsonObject Ref(string id, string refName) => new() { ["id"] = id, ["refName"] = refName };

    public static JsonObject RefOf(Currency c) => Ref(c.Id, c.Name);

    public static JsonObject RefOf(Subsidiary s) => Ref(s.Id, s.Name);

    public static JsonObject RefOf(Location l) => Ref(l.Id, l.Name);

    public static JsonObject RefOf(Term t) => Ref(t.Id, t.Name);

    public static JsonObject RefOf(Account a) => Ref(a.Id, $"{a.Number} {a.Name}");

    /// <summary>The stored (link-free) records of a setup record type, or null when the type is not a setup type.</summary>
    public static IReadOnlyList<JsonObject>? RecordsOf(string recordType) => recordType switch
    {
        "currency" => Currencies.Select(c => new JsonObject
        {
            ["id"] = c.Id,
            ["name"] = c.Name,
            ["symbol"] = c.Symbol,
            ["isBaseCurrency"] = c.Id == BaseCurrencyId,
            ["isInactive"] = false,
            ["exchangeRate"] = c.ExchangeRate,
            ["currencyPrecision"] = 2,
        }).ToList(),
        "subsidiary" => Subsidiaries.Select(s => new JsonObject
        {
            ["id"] = s.Id,
            ["name"] = s.Name,
            ["currency"] = RefOf(CurrencyOf(s)),
            ["country"] = Ref(s.Country, CountryNames[s.Country]),
            ["isInactive"] = false,
        }).ToList(),
        "location" => Locations.Select(l => new JsonObject
        {
            ["id"] = l.Id,
            ["name"] = l.Name,
            ["subsidiary"] = RefOf(Subsidiaries.First(s => s.Id == l.SubsidiaryId)),
            ["isInactive"] = false,
        }).ToList(),
        "term" => Terms.Select(t => new JsonObject
        {
            ["id"] = t.Id,
            ["name"] = t.Name,
            ["daysUntilNetDue"] = t.DaysUntilNetDue,
            ["isInactive"] = false,
        }).ToList(),
        "account" => Accounts.Select(a => new JsonObject
        {
            ["id"] = a.Id,
            ["acctNumber"] = a.Number,
            ["acctName"] = a.Name,
            ["name"] = $"{a.Number} {a.Name}",
            ["acctType"] = Ref(a.Type, a.Type),
            ["isInactive"] = false,
        }).ToList(),
        _ => null,
    };
}
