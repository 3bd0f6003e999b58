using System.Text.Json.Nodes;
using static Makini.Grpc.Emulators.Maximo.MaximoCatalog;

namespace Makini.Grpc.Emulators.Maximo;

/// <summary>Generated purchase orders (mxapipo, with poline rows), inventory (mxapiinventory, with invbalances rows)
/// and vendors (mxapivendor) in Maximo's lean JSON, nulls omitted.</summary>
internal static class MaximoPurchasingRecords
{
    private static readonly (string Value, int Weight)[] PoStatuses =
        [("WAPPR", 15), ("APPR", 40), ("INPRG", 10), ("HOLD", 4), ("REVISE", 3), ("CLOSE", 20), ("CAN", 8)];

    private static readonly Dictionary<string, string> PoStatusDescriptions = new()
    {
        ["WAPPR"] = "Waiting on Approval", ["APPR"] = "Approved", ["INPRG"] = "In Progress", ["HOLD"] = "On Hold",
        ["REVISE"] = "Revision in Progress", ["CLOSE"] = "Closed", ["CAN"] = "Canceled",
    };

    private static readonly string[] PoPurposes =
        ["Spare parts for pump overhaul", "Quarterly MRO replenishment", "Filters and belts for HVAC PM", "Electrical spares for line 3", "Lubricants and consumables"];

    private static readonly string[] PaymentTerms = ["NET30", "NET45", "NET60", "2%10NET30"];

    public static IEnumerable<JsonObject> PurchaseOrders(int count, int seed, DateTimeOffset now, Func<string> rowstamp)
    {
        var random = new MaximoDemoRandom(seed, 3);
        for (var i = 0; i < count; i++)
        {
            var vendor = Vendor(random.Next(DemoVendors));
            var status = random.Weighted(PoStatuses);
            var ordered = random.DaysBefore(now, 180);
            var required = ordered.AddDays(random.Between(7, 45));
            var lines = new JsonArray();
            var total = 0m;
            var lineCount = random.Between(1, 5);
            for (var line = 1; line <= lineCount; line++)
            {
                var item = Item(random.Next(DemoItems));
                var quantity = item.Unit is "GAL" or "FT" ? random.Between(10, 400) / 2m : random.Between(1, 24);
                var lineCost = decimal.Round(quantity * item.Cost, 2);
                total += lineCost;
                lines.Add(new JsonObject
                {
                    ["polinenum"] = line,
                    ["itemnum"] = item.ItemNum,
                    ["description"] = item.Description,
                    ["orderqty"] = quantity,
                    ["orderunit"] = item.Unit,
                    ["unitcost"] = item.Cost,
                    ["linecost"] = lineCost,
                    ["reqdeliverydate"] = MaximoDates.Date(required),
                });
            }
            var po = new JsonObject
            {
                ["poid"] = MaximoDemoRandom.Number(seed, 3000, i),
                ["ponum"] = MaximoDemoRandom.Text(MaximoDemoRandom.Number(seed, 1000, i)),
                ["revisionnum"] = random.Chance(10) ? 1 : 0,
                ["siteid"] = random.Chance(70) ? "BEDFORD" : "NASHUA",
                ["orgid"] = OrgId,
                ["description"] = random.Pick(PoPurposes),
                ["status"] = status,
                ["status_description"] = PoStatusDescriptions[status],
                ["receipts"] = status == "CLOSE" ? "COMPLETE" : status == "APPR" ? random.Weighted([("NONE", 50), ("PARTIAL", 25), ("COMPLETE", 25)]) : "NONE",
                ["vendor"] = vendor.Company,
                ["orderdate"] = MaximoDates.DateTime(ordered),
                ["requireddate"] = MaximoDates.Date(required),
                ["currencycode"] = vendor.Currency,
                ["totalcost"] = total,
                ["purchaseagent"] = random.Pick(People),
                ["poline"] = lines,
                ["changeby"] = random.Pick(People),
                ["changedate"] = MaximoDates.DateTime(random.Between(ordered, now)),
                ["_rowstamp"] = rowstamp(),
            };
            if (random.Chance(20)) po["ex_projectcode"] = $"PRJ-{random.Between(100, 180)}";
            yield return po;
        }
    }

    /// <summary>Each item is stocked in two of the three storerooms, so one itemnum appears under two keys.</summary>
    public static IEnumerable<JsonObject> Inventory(int count, int seed, DateTimeOffset now, Func<string> rowstamp)
    {
        var random = new MaximoDemoRandom(seed, 4);
        var firstItem = seed == DemoSeed ? 0 : MaximoDemoRandom.Number(seed, 0, 0);
        for (var i = 0; i < count; i++)
        {
            var itemIndex = firstItem + (i / 2);
            var item = Item(itemIndex);
            var (site, storeroom) = Storerooms[(int)((itemIndex + (i % 2)) % Storerooms.Length)];
            var fractional = item.Unit is "GAL" or "FT";
            var balances = new JsonArray();
            var onHand = 0m;
            var binCount = random.Chance(25) ? 2 : 1;
            for (var bin = 0; bin < binCount; bin++)
            {
                var quantity = fractional ? random.Between(0, 800) / 4m : random.Between(0, 60);
                onHand += quantity;
                var balance = new JsonObject
                {
                    ["binnum"] = $"{(char)('A' + random.Next(6))}-{random.Between(1, 12):D2}-{random.Between(1, 5)}",
                    ["curbal"] = quantity,
                    ["conditioncode"] = "NEW",
                };
                if (item.Unit == "GAL") balance["lotnum"] = $"LOT{random.Between(2023001, 2024999)}";
                balances.Add(balance);
            }
            var reserved = Math.Min(onHand, random.Chance(30) ? random.Between(1, 5) : 0);
            yield return new JsonObject
            {
                ["inventoryid"] = MaximoDemoRandom.Number(seed, 7000, i),
                ["itemnum"] = item.ItemNum,
                ["itemsetid"] = ItemSetId,
                ["description"] = item.Description,
                ["location"] = storeroom,
                ["siteid"] = site,
                ["orgid"] = OrgId,
                ["status"] = "ACTIVE",
                ["issueunit"] = item.Unit,
                ["orderunit"] = item.Unit,
                ["curbaltotal"] = onHand,
                ["avblbalance"] = onHand - reserved,
                ["avgcost"] = decimal.Round(item.Cost * (0.95m + (random.Next(10) / 100m)), 2),
                ["stdcost"] = item.Cost,
                ["lastcost"] = item.Cost,
                ["minlevel"] = random.Between(0, 10),
                ["invbalances"] = balances,
                ["changeby"] = random.Pick(People),
                ["changedate"] = MaximoDates.DateTime(random.DaysBefore(now, 180)),
                ["_rowstamp"] = rowstamp(),
            };
        }
    }

    public static IEnumerable<JsonObject> Vendors(int count, int seed, DateTimeOffset now, Func<string> rowstamp)
    {
        var random = new MaximoDemoRandom(seed, 5);
        for (var i = 0; i < count; i++)
        {
            var vendor = Vendor(seed == DemoSeed ? i : MaximoDemoRandom.Number(seed, 0, i));
            var company = new JsonObject
            {
                ["companiesid"] = MaximoDemoRandom.Number(seed, 9000, i),
                ["company"] = vendor.Company,
                ["name"] = vendor.Name,
                ["type"] = "V",
                ["orgid"] = OrgId,
                ["disabled"] = random.Chance(10),
                ["currencycode"] = vendor.Currency,
                ["paymentterms"] = random.Pick(PaymentTerms),
                ["phone"] = $"({random.Between(201, 989)}) 555-{random.Between(100, 199):D4}",
                ["address1"] = $"{random.Between(10, 9800)} {random.Pick(new[] { "Industrial Way", "Commerce Dr", "Main St", "Harbor Rd" })}",
                ["city"] = vendor.City,
                ["stateprovince"] = vendor.Region,
                ["zip"] = vendor.Country == "US" ? $"{random.Between(1001, 99950):D5}" : $"{random.Between(1000, 9999)}",
                ["country"] = vendor.Country,
                ["changeby"] = random.Pick(People),
                ["changedate"] = MaximoDates.DateTime(random.DaysBefore(now, 180)),
                ["_rowstamp"] = rowstamp(),
            };
            if (random.Chance(30)) company["homepage"] = $"https://www.{vendor.Company.ToLowerInvariant()}.example";
            yield return company;
        }
    }
}
