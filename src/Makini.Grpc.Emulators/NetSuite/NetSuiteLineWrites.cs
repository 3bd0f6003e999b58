using System.Globalization;
using System.Text.Json.Nodes;
using static Makini.Grpc.Emulators.NetSuite.NetSuiteLookups;
using static Makini.Grpc.Emulators.NetSuite.NetSuiteReferenceData;

namespace Makini.Grpc.Emulators.NetSuite;

/// <summary>One line of a purchase order's item sublist, written: a new line or a change to an existing one.</summary>
internal static class NetSuiteLineWrites
{
    /// <summary>The line after the write (a copy; <paramref name="current"/> is left as it was).</summary>
    /// <param name="lineNumber">The key a new line gets; ignored when <paramref name="current"/> is set.</param>
    public static JsonObject Merge(NetSuiteInstance instance, JsonObject? current, JsonObject input, Currency currency, string path, int lineNumber)
    {
        var line = current?.DeepClone().AsObject() ?? new JsonObject
        {
            ["line"] = lineNumber,
            ["quantityReceived"] = 0m,
            ["quantityBilled"] = 0m,
            ["isClosed"] = false,
        };

        JsonObject? item = null;
        // Sending a line's own item again changes nothing (even when the item was inactivated since).
        if (NetSuiteWriteBody.RefId(input, "item", path + ".item") is { } itemId && (current is null || itemId != RefId(current["item"])))
        {
            item = ActiveItem(instance, itemId, path + ".item");
            if (current is not null && itemId != RefId(current["item"]) && Number(current["quantityReceived"]) > 0)
                throw NetSuiteRefusals.State("You cannot change the item of a line that has been received.");
            line["item"] = Ref(itemId, Text(item["itemId"]));
        }
        else if (current is null) throw NetSuiteRefusals.Missing([(path + ".item", "Item")]);
        var itemChanged = item is not null;

        var quantity = NetSuiteWriteBody.Number(input, "quantity", path + ".quantity");
        if (quantity is { } q)
        {
            if (q <= 0)
                throw NetSuiteRefusals.InvalidContent(path + ".quantity", $"Invalid quantity {q.ToString(CultureInfo.InvariantCulture)}: the quantity must be greater than zero.");
            if (q < Number(line["quantityReceived"]))
                throw NetSuiteRefusals.InvalidContent(path + ".quantity", "The quantity cannot be less than the quantity already received.");
            line["quantity"] = q;
        }
        else if (current is null) line["quantity"] = 1m;

        var rate = NetSuiteWriteBody.Number(input, "rate", path + ".rate");
        if (rate is { } r)
        {
            if (r < 0) throw NetSuiteRefusals.InvalidContent(path + ".rate", "The rate cannot be negative.");
            line["rate"] = r;
        }
        else if (itemChanged)
        {
            // The purchase price sourced from the item's cost (base currency), converted to the order's currency.
            var cost = item!["cost"] is JsonValue ? Number(item["cost"]) : 0m;
            line["rate"] = decimal.Round(cost / currency.ExchangeRate, 2);
        }

        if (NetSuiteWriteBody.Text(input, "description", path + ".description") is { } description) line["description"] = description;
        else if (itemChanged) line["description"] = Text(item!["displayName"]);
        if (NetSuiteWriteBody.RefId(input, "units", path + ".units") is { } unitId) line["units"] = Unit(unitId, path + ".units");
        else if (itemChanged && item!["purchaseUnit"] is JsonObject unit) line["units"] = unit.DeepClone();
        if (NetSuiteWriteBody.Date(input, "expectedReceiptDate", path + ".expectedReceiptDate") is { } expected) line["expectedReceiptDate"] = expected;
        if (NetSuiteWriteBody.Bool(input, "isClosed", path + ".isClosed") is { } closed) line["isClosed"] = closed;
        foreach (var (name, value) in NetSuiteWriteBody.Custom(input, "custcol")) line[name] = value;

        if (NetSuiteWriteBody.Number(input, "amount", path + ".amount") is { } amount) line["amount"] = amount;
        else if (current is null || quantity is not null || rate is not null || itemChanged)
            line["amount"] = decimal.Round(Number(line["quantity"]) * Number(line["rate"]), 2);
        return line;
    }
}
