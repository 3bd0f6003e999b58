using System.Globalization;
using System.Text.Json.Nodes;
using static Makini.Grpc.Emulators.NetSuite.NetSuiteReferenceData;

namespace Makini.Grpc.Emulators.NetSuite;

/// <summary>
/// Purchase orders of the demo account: one to five lines of existing items from an existing vendor, in the vendor's
/// currency, at a location of the vendor's subsidiary. Received and billed quantities agree with the status.
/// </summary>
internal static class NetSuiteDemoOrders
{
    /// <summary>Purchase order statuses: REST id, the letter of orderStatus, the name users see, and a weight.</summary>
    public static readonly (string Id, string Letter, string Name, int Weight)[] Statuses =
    [
        ("pendingSupApproval", "A", "Pending Supervisor Approval", 8),
        ("pendingReceipt", "B", "Pending Receipt", 30),
        ("rejectedBySupervisor", "C", "Rejected by Supervisor", 3),
        ("partiallyReceived", "D", "Partially Received", 12),
        ("pendingBillPartReceived", "E", "Pending Billing/Partially Received", 7),
        ("pendingBilling", "F", "Pending Bill", 10),
        ("fullyBilled", "G", "Fully Billed", 25),
        ("closed", "H", "Closed", 5),
    ];

    private static readonly string[] Requesters = ["J. Alvarez", "M. Chen", "S. Okafor", "R. Patel", "L. Novak", "D. Brennan", "K. Sato"];

    public static IEnumerable<JsonObject> Generate(
        int firstId, int count, int seed, DateTimeOffset now, IReadOnlyList<JsonObject> vendors, IReadOnlyList<JsonObject> items)
    {
        if (vendors.Count == 0 || items.Count == 0) yield break;
        var random = new Random(seed);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(NetSuiteAccountPreferences.DefaultTimeZone);
        for (var i = 0; i < count; i++)
        {
            var id = firstId + i;
            var vendor = vendors[random.Next(vendors.Count)];
            var subsidiary = Subsidiaries.FirstOrDefault(s => s.Id == RefId(vendor, "subsidiary")) ?? Subsidiaries[0];
            var currency = Currencies.FirstOrDefault(c => c.Id == RefId(vendor, "currency")) ?? CurrencyOf(subsidiary);
            var location = Locations.Where(l => l.SubsidiaryId == subsidiary.Id).OrderBy(_ => random.Next()).First();
            var status = PickStatus(random);
            var modified = NetSuiteDemoClock.RecentChange(random, now);
            var created = modified - TimeSpan.FromMinutes(random.Next(0, 45 * 24 * 60));
            var tranDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(created, zone).DateTime);
            var term = Terms.FirstOrDefault(t => t.Id == RefId(vendor, "terms")) ?? Terms[1];
            var rateToSubsidiary = decimal.Round(currency.ExchangeRate / CurrencyOf(subsidiary).ExchangeRate, 4);

            var lines = Lines(random, status.Letter, items, currency, tranDate, out var total);
            var record = new JsonObject
            {
                ["id"] = id.ToString(CultureInfo.InvariantCulture),
                ["tranId"] = $"PO{id.ToString(CultureInfo.InvariantCulture)}",
                ["tranDate"] = Day(tranDate),
                ["dueDate"] = Day(tranDate.AddDays(Math.Max(term.DaysUntilNetDue, 7))),
                ["createdDate"] = NetSuiteDemoClock.Iso(created),
                ["lastModifiedDate"] = NetSuiteDemoClock.Iso(modified),
                ["entity"] = Ref(Text(vendor["id"]), Text(vendor["companyName"])),
                ["currency"] = RefOf(currency),
                ["exchangeRate"] = rateToSubsidiary,
                ["subsidiary"] = RefOf(subsidiary),
                ["location"] = RefOf(location),
                ["terms"] = RefOf(term),
                ["status"] = Ref(status.Id, status.Name),
                ["orderStatus"] = Ref(status.Letter, status.Name),
                ["memo"] = random.Next(3) == 0 ? "" : $"Spares for {location.Name}",
                ["total"] = total,
                ["shipAddress"] = $"{subsidiary.Name}\n{location.Name}\n{location.City} {location.State} {location.Zip}\n{CountryNames[subsidiary.Country]}",
                ["shippingAddress"] = new JsonObject
                {
                    ["addr1"] = location.Name,
                    ["addressee"] = subsidiary.Name,
                    ["city"] = location.City,
                    ["country"] = Ref(subsidiary.Country, CountryNames[subsidiary.Country]),
                    ["state"] = location.State,
                    ["zip"] = location.Zip,
                },
                ["custbody_mk_requested_by"] = Requesters[random.Next(Requesters.Length)],
                ["item"] = new JsonObject { ["items"] = lines },
            };
            if (random.Next(3) == 0)
                record["custbody_mk_work_order"] = $"WO-{(20_000 + random.Next(9_000)).ToString(CultureInfo.InvariantCulture)}";
            if (random.Next(5) == 0)
                record["externalId"] = $"REQ-{(id * 7 % 100_000).ToString("D5", CultureInfo.InvariantCulture)}";
            yield return record;
        }
    }

    private static JsonArray Lines(
        Random random, string statusLetter, IReadOnlyList<JsonObject> items, Currency currency, DateOnly tranDate, out decimal total)
    {
        var lines = new JsonArray();
        total = 0m;
        var lineCount = random.Next(1, 6);
        for (var n = 1; n <= lineCount; n++)
        {
            var item = items[random.Next(items.Count)];
            var quantity = (decimal)random.Next(1, 41);
            var cost = item["cost"] is JsonValue c && c.TryGetValue<decimal>(out var known) ? known : 10m;
            var rate = decimal.Round(cost / currency.ExchangeRate, 2);
            var amount = decimal.Round(quantity * rate, 2);
            total += amount;
            var received = Received(random, statusLetter, quantity, n);
            var billed = statusLetter is "G" ? received : statusLetter is "E" or "H" ? decimal.Round(received / 2, 0) : 0m;
            var line = new JsonObject
            {
                ["line"] = n,
                ["item"] = Ref(Text(item["id"]), Text(item["itemId"])),
                ["description"] = Text(item["displayName"]),
                ["quantity"] = quantity,
                ["quantityReceived"] = received,
                ["quantityBilled"] = billed,
                ["rate"] = rate,
                ["amount"] = amount,
                ["units"] = item["purchaseUnit"]?.DeepClone() ?? Ref(Units[0].Id, Units[0].Name),
                ["expectedReceiptDate"] = Day(tranDate.AddDays(random.Next(3, 30))),
                ["isClosed"] = statusLetter is "H" or "C",
            };
            if (random.Next(4) == 0)
                line["custcol_mk_asset_tag"] = $"AST-{random.Next(1000, 9999).ToString(CultureInfo.InvariantCulture)}";
            lines.Add(line);
        }
        return lines;
    }

    private static decimal Received(Random random, string statusLetter, decimal quantity, int lineNumber) => statusLetter switch
    {
        "F" or "G" => quantity,
        // Partially received: the first line has arrived in part, later lines maybe in full or not at all.
        "D" or "E" => lineNumber == 1 ? decimal.Floor(quantity / 2) : random.Next(2) == 0 ? quantity : 0m,
        "H" => decimal.Round(quantity * random.Next(0, 3) / 2, 0),
        _ => 0m,
    };

    private static (string Id, string Letter, string Name, int Weight) PickStatus(Random random)
    {
        var roll = random.Next(Statuses.Sum(s => s.Weight));
        foreach (var status in Statuses)
        {
            if (roll < status.Weight) return status;
            roll -= status.Weight;
        }
        return Statuses[^1];
    }

    private static string RefId(JsonObject record, string field) => record[field] is JsonObject reference ? Text(reference["id"]) : "";

    private static string Text(JsonNode? node) => node is JsonValue value ? value.ToString() : "";

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
