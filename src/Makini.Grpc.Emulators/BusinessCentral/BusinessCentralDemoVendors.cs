using System.Globalization;
using System.Text.Json.Nodes;
using static Makini.Grpc.Emulators.BusinessCentral.BusinessCentralReferenceData;

namespace Makini.Grpc.Emulators.BusinessCentral;

/// <summary>
/// Vendors of the demo company: mostly US suppliers in the local currency (currencyCode "" and an empty currencyId),
/// some European ones invoicing in EUR or GBP. blocked is "_x0020_" (the blank option) for most.
/// </summary>
internal static class BusinessCentralDemoVendors
{
    private static readonly string[] Names =
    [
        "Fabrikam", "Contoso", "Litware", "Proseware", "Adatum", "Northwind", "Tailspin", "Wingtip", "Woodgrove", "Alpine",
        "Coho", "Fourth Coffee", "Lucerne", "Margie's", "Trey", "Wide World", "Graphic Design", "Blue Yonder", "Humongous", "Relecloud",
    ];

    private static readonly string[] Trades =
    [
        "Industrial Supply", "Bearings", "Hydraulics", "Electrical", "Fasteners", "Safety", "Pumps", "Filtration", "Tooling",
    ];

    private static readonly (string City, string State, string Zip, string Country)[] UsCities =
    [
        ("Atlanta", "GA", "30303", "US"), ("Chicago", "IL", "60601", "US"), ("Dallas", "TX", "75201", "US"), ("Seattle", "WA", "98101", "US"),
        ("Miami", "FL", "33131", "US"), ("Denver", "CO", "80202", "US"), ("Columbus", "OH", "43215", "US"),
    ];

    private static readonly (string City, string State, string Zip, string Country)[] EuroCities =
    [
        ("Rotterdam", "", "3011 AA", "NL"), ("Hamburg", "", "20095", "DE"), ("Lyon", "", "69002", "FR"),
    ];

    private static readonly (string City, string State, string Zip, string Country)[] UkCities =
    [
        ("Manchester", "", "M1 1AE", "GB"), ("Bristol", "", "BS1 4DJ", "GB"),
    ];

    private static readonly string[] Streets = ["Main Street", "Harbor Road", "Industrial Parkway", "Commerce Drive", "Mill Lane", "Station Road"];

    public static IEnumerable<JsonObject> Generate(int firstIndex, int count, int seed, DateTimeOffset now)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var index = firstIndex + i;
            var roll = random.Next(100);
            var currency = roll < 80 ? null : roll < 90 ? Currencies[0] : Currencies[1];
            var places = currency is null ? UsCities : currency.Code == "GBP" ? UkCities : EuroCities;
            var (city, state, zip, country) = places[random.Next(places.Length)];
            var name = $"{Names[(index + seed) % Names.Length]} {Trades[(index / Names.Length + seed) % Trades.Length]}{Suffix(country)}";
            var blocked = random.Next(100) switch
            {
                < 5 => "All",
                < 10 => "Payment",
                _ => "_x0020_",
            };
            yield return new JsonObject
            {
                ["id"] = BusinessCentralDemoClock.Guid(random),
                ["number"] = $"V{(index * 10).ToString("D5", CultureInfo.InvariantCulture)}",
                ["displayName"] = name,
                ["addressLine1"] = $"{random.Next(1, 999).ToString(CultureInfo.InvariantCulture)} {Streets[random.Next(Streets.Length)]}",
                ["addressLine2"] = random.Next(4) == 0 ? $"Suite {random.Next(100, 900).ToString(CultureInfo.InvariantCulture)}" : "",
                ["city"] = city,
                ["state"] = state,
                ["country"] = country,
                ["postalCode"] = zip,
                ["phoneNumber"] = country == "US" ? $"+1 {random.Next(201, 989)} 555 {random.Next(100, 199):D4}" : "",
                ["email"] = random.Next(6) == 0 ? "" : $"purchasing@{new string(name.ToLowerInvariant().Where(char.IsAsciiLetter).Take(20).ToArray())}.example",
                ["website"] = "",
                ["taxRegistrationNumber"] = "",
                ["currencyId"] = currency?.Id ?? EmptyGuid,
                ["currencyCode"] = currency?.Code ?? "",
                ["irs1099Code"] = "",
                ["paymentTermsId"] = PaymentTerms[random.Next(PaymentTerms.Count)].Id,
                ["paymentMethodId"] = EmptyGuid,
                ["taxLiable"] = country == "US" && random.Next(3) == 0,
                ["blocked"] = blocked,
                ["balance"] = decimal.Round(random.Next(0, 5_000_000) / 100m, 2),
                ["lastModifiedDateTime"] = BusinessCentralDemoClock.Stamp(BusinessCentralDemoClock.RecentChange(random, now)),
            };
        }
    }

    private static string Suffix(string country) => country switch
    {
        "US" => ", Inc.",
        "GB" => " Ltd",
        "DE" => " GmbH",
        "NL" => " B.V.",
        _ => " SA",
    };
}
