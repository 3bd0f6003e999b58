using System.Globalization;
using System.Text.Json.Nodes;
using static Makini.Grpc.Emulators.NetSuite.NetSuiteLookups;
using static Makini.Grpc.Emulators.NetSuite.NetSuiteReferenceData;

namespace Makini.Grpc.Emulators.NetSuite;

/// <summary>
/// purchaseOrder writes. POST creates an order (Vendor and Subsidiary mandatory, at least one line); PATCH merges body
/// fields and the keyed item sublist (a line whose "line" matches is updated, others are added; with ?replace=item
/// the unmatched existing lines are removed); DELETE refuses an order with receipts or bills (dependent records).
/// Defaults are sourced as the UI sources them (currency and terms from the vendor, rate from the item's cost,
/// amount = quantity × rate, the total from the lines); status is the system's (a new order is Pending Receipt, as
/// in an account without purchase approval routing).
/// </summary>
internal static class NetSuiteOrderWrites
{
    private const string Entity = "purchase_order";
    private static readonly string[] ReadOnlyFields = ["id", "createdDate", "lastModifiedDate", "status", "orderStatus", "total"];
    private static readonly string[] ReadOnlyLineFields = ["quantityReceived", "quantityBilled"];

    public static string Create(NetSuiteInstance instance, JsonObject body, DateTimeOffset now)
    {
        NetSuiteWriteBody.RejectReadOnly(body, ReadOnlyFields);
        var missing = new List<(string, string)>();
        if (body["entity"] is null) missing.Add(("entity", "Vendor"));
        if (body["subsidiary"] is null) missing.Add(("subsidiary", "Subsidiary"));
        if (missing.Count > 0) throw NetSuiteRefusals.Missing(missing);
        var externalId = NetSuiteWriteBody.ExternalId(body);
        EnsureUniqueExternalId(instance, Entity, externalId, null);

        var order = new JsonObject
        {
            ["tranDate"] = Day(NetSuiteAccountPreferences.Of(instance).LocalDate(now)),
            ["status"] = Ref("pendingReceipt", "Pending Receipt"),
            ["orderStatus"] = Ref("B", "Pending Receipt"),
            ["memo"] = "",
            ["item"] = new JsonObject { ["items"] = new JsonArray() },
        };
        ApplyHeader(instance, order, body, creating: true);
        ApplyLines(instance, order, NetSuiteWriteBody.Lines(body, "item") ?? [], replace: false);
        var id = instance.NextTransactionId();
        order["id"] = id;
        if (order["tranId"] is null) order["tranId"] = $"PO{id}";
        if (externalId is not null) order["externalId"] = externalId;
        instance.Records[Entity].Upsert(order, now);
        return id;
    }

    public static void Update(NetSuiteInstance instance, string id, JsonObject body, bool replaceItems, DateTimeOffset now)
    {
        NetSuiteWriteBody.RejectReadOnly(body, ReadOnlyFields);
        var set = instance.Records[Entity];
        var order = set.Get(id) ?? throw NetSuiteRefusals.Nonexistent();
        var externalId = NetSuiteWriteBody.ExternalId(body);
        EnsureUniqueExternalId(instance, Entity, externalId, id);
        ApplyHeader(instance, order, body, creating: false);
        var lines = NetSuiteWriteBody.Lines(body, "item");
        if (lines is not null || replaceItems) ApplyLines(instance, order, lines ?? [], replaceItems);
        if (externalId is not null) order["externalId"] = externalId;
        set.Update(id, row => ReplaceContent(row, order), now);
    }

    public static void Delete(NetSuiteInstance instance, string id)
    {
        var set = instance.Records[Entity];
        if (set.Get(id) is not { } order) return;
        if (LinesOf(order).Any(HasReceiptsOrBills))
            throw NetSuiteRefusals.State("This record cannot be deleted because it has dependent records.");
        set.Delete(id);
    }

    private static void ApplyHeader(NetSuiteInstance instance, JsonObject order, JsonObject body, bool creating)
    {
        var vendorId = NetSuiteWriteBody.RefId(body, "entity", "entity");
        if (vendorId is not null && !creating && vendorId != RefId(order["entity"]) && LinesOf(order).Any(HasReceiptsOrBills))
            throw NetSuiteRefusals.State("You cannot change the vendor of an order that has been received or billed.");
        var vendor = vendorId is not null
            ? ActiveVendor(instance, vendorId, "entity")
            : instance.Records["vendor"].Get(RefId(order["entity"]));
        if (vendorId is not null) order["entity"] = Ref(vendorId, Text(vendor!["companyName"]));

        var subsidiary = Subsidiary(NetSuiteWriteBody.RefId(body, "subsidiary", "subsidiary") ?? RefId(order["subsidiary"]), "subsidiary");
        // A vendor is offered only on orders of its subsidiary.
        if (vendor is not null && RefId(vendor["subsidiary"]) != subsidiary.Id && (vendorId is not null || body["subsidiary"] is not null))
            throw NetSuiteRefusals.InvalidValue("entity", RefId(order["entity"]));
        order["subsidiary"] = RefOf(subsidiary);

        var currencyId = NetSuiteWriteBody.RefId(body, "currency", "currency");
        var vendorCurrency = vendor is null ? "" : RefId(vendor["currency"]);
        if (currencyId is not null)
        {
            var currency = Currency(currencyId, "currency");
            if (currency.Id != vendorCurrency && currency.Id != subsidiary.CurrencyId) throw NetSuiteRefusals.InvalidValue("currency", currencyId);
            order["currency"] = RefOf(currency);
        }
        else if (creating) order["currency"] = RefOf(Currency(vendorCurrency.Length > 0 ? vendorCurrency : subsidiary.CurrencyId, "currency"));
        var orderCurrency = Currency(RefId(order["currency"]), "currency");
        order["exchangeRate"] = decimal.Round(orderCurrency.ExchangeRate / CurrencyOf(subsidiary).ExchangeRate, 4);

        if (NetSuiteWriteBody.RefId(body, "location", "location") is { } locationId)
        {
            var location = Location(locationId, subsidiary, "location");
            order["location"] = RefOf(location);
            order["shipAddress"] = $"{subsidiary.Name}\n{location.Name}\n{location.City} {location.State} {location.Zip}\n{CountryNames[subsidiary.Country]}";
        }

        if (NetSuiteWriteBody.RefId(body, "terms", "terms") is { } termsId) order["terms"] = RefOf(Term(termsId, "terms"));
        else if (creating && vendor?["terms"] is JsonObject vendorTerms) order["terms"] = vendorTerms.DeepClone();

        if (NetSuiteWriteBody.Date(body, "tranDate", "tranDate") is { } tranDate) order["tranDate"] = tranDate;
        if (NetSuiteWriteBody.Date(body, "dueDate", "dueDate") is { } dueDate) order["dueDate"] = dueDate;
        else if (creating && Terms.FirstOrDefault(t => t.Id == RefId(order["terms"])) is { } term)
            order["dueDate"] = Day(DateOnly.ParseExact(Text(order["tranDate"]), "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(term.DaysUntilNetDue));
        if (NetSuiteWriteBody.Text(body, "tranId", "tranId") is { Length: > 0 } tranId) order["tranId"] = tranId;
        if (NetSuiteWriteBody.Text(body, "memo", "memo") is { } memo) order["memo"] = memo;
        if (NetSuiteWriteBody.Text(body, "otherRefNum", "otherRefNum") is { } otherRefNum) order["otherRefNum"] = otherRefNum;
        foreach (var (name, value) in NetSuiteWriteBody.Custom(body, "custbody")) order[name] = value;
    }

    private static void ApplyLines(NetSuiteInstance instance, JsonObject order, IReadOnlyList<JsonObject> input, bool replace)
    {
        var currency = Currency(RefId(order["currency"]), "currency");
        var existing = LinesOf(order).ToList();
        var nextLine = existing.Count == 0 ? 1 : (int)existing.Max(l => Number(l["line"])) + 1;
        var written = new List<(JsonObject? Before, JsonObject After)>();
        for (var i = 0; i < input.Count; i++)
        {
            var path = $"item.items[{i}]";
            NetSuiteWriteBody.RejectReadOnly(input[i], ReadOnlyLineFields, path + ".");
            JsonObject? current = null;
            if (NetSuiteWriteBody.Number(input[i], "line", path + ".line") is { } key)
            {
                current = existing.FirstOrDefault(l => Number(l["line"]) == key)
                    ?? throw NetSuiteRefusals.InvalidValue(path + ".line", key.ToString(CultureInfo.InvariantCulture));
            }
            var after = NetSuiteLineWrites.Merge(instance, current, input[i], currency, path, current is null ? nextLine++ : 0);
            written.Add((current, after));
        }

        List<JsonObject> lines;
        if (replace)
        {
            var removed = existing.Where(l => written.All(w => w.Before != l)).ToList();
            if (removed.Any(HasReceiptsOrBills))
                throw NetSuiteRefusals.State("You cannot remove a line that has been received or billed.");
            lines = written.Select(w => w.After).ToList();
        }
        else
        {
            lines = existing.Select(l => written.FirstOrDefault(w => w.Before == l).After ?? l)
                .Concat(written.Where(w => w.Before is null).Select(w => w.After)).ToList();
        }
        if (lines.Count == 0) throw NetSuiteRefusals.NoLines("item");
        order["item"] = new JsonObject { ["items"] = new JsonArray(lines.Select(l => (JsonNode)l.DeepClone()).ToArray()) };
        order["total"] = lines.Sum(l => Number(l["amount"]));
    }

    private static IEnumerable<JsonObject> LinesOf(JsonObject order) =>
        (order["item"]?["items"] as JsonArray ?? []).OfType<JsonObject>();

    private static bool HasReceiptsOrBills(JsonObject line) => Number(line["quantityReceived"]) > 0 || Number(line["quantityBilled"]) > 0;

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
