using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.Maximo;

/// <summary>
/// INVENTORY (mxapiinventory): only the current balance adjustment is emulated, as
/// <c>POST {href}?action=wsmethod:adjustCurrentBalance</c> with <c>{"newcurbal", "binnum", "lotnum", "conditioncode",
/// "reasoncode", "memo", "externalrefid"}</c> (UNVERIFIED: the action and parameter names; Maximo's Inventory
/// application offers "Adjust Current Balance" per bin). It sets the balance of one bin (the default bin, else the first
/// balance row, when binnum is not given), recomputes curbaltotal and avblbalance (reservations stay), and records an
/// INVTRANS row (transtype CURBALADJ) in the record's <c>invtrans</c> rows, newest last, the last 20 kept. The
/// emulated organization does not allow negative balances.
/// </summary>
internal sealed class MaximoInventoryRules() : MaximoObjectRules(MaximoObjectStructures.Inventory, "INVENTORY")
{
    public static readonly MaximoInventoryRules Instance = new();

    private const int KeptTransactions = 20;

    public override JsonObject Create(MaximoInstance instance, JsonObject body, DateTimeOffset now) =>
        throw MaximoRefusals.NotEmulated("creating inventory records");

    public override void Update(MaximoInstance instance, JsonObject record, JsonObject changes, bool merge, DateTimeOffset now) =>
        throw MaximoRefusals.NotEmulated("updating inventory records (use wsmethod:adjustCurrentBalance)");

    public override void RunAction(MaximoInstance instance, string method, JsonObject record, JsonObject parameters, DateTimeOffset now)
    {
        if (!method.Equals("adjustCurrentBalance", StringComparison.OrdinalIgnoreCase)) base.RunAction(instance, method, record, parameters, now);
        var input = MaximoAttributes.Normalized(parameters);
        if (input["newcurbal"] is null) throw MaximoRefusals.Required("newcurbal", "New Current Balance", ObjectName, "invbalances");
        MaximoAttributes.Numbers(input, "invbalances", "newcurbal");
        var newBalance = MaximoAttributes.Decimal(input["newcurbal"])!.Value;
        if (newBalance < 0) throw MaximoRefusals.NegativeBalance(MaximoAttributes.Text(input, "newcurbal"));

        if (record["invbalances"] is not JsonArray balances) record["invbalances"] = balances = new JsonArray();
        var bin = input.ContainsKey("binnum") ? MaximoAttributes.Text(input, "binnum").ToUpperInvariant() : DefaultBin(record, balances);
        var row = balances.OfType<JsonObject>().FirstOrDefault(b => string.Equals(MaximoAttributes.Text(b, "binnum"), bin, StringComparison.OrdinalIgnoreCase));
        if (row is null)
        {
            row = new JsonObject { ["curbal"] = 0m, ["conditioncode"] = MaximoAttributes.Text(input, "conditioncode") is { Length: > 0 } c ? c : "NEW" };
            if (bin.Length > 0) row["binnum"] = bin;
            balances.Add(row);
        }
        var oldBalance = MaximoAttributes.Decimal(row["curbal"]) ?? 0m;
        row["curbal"] = newBalance;
        row["physcntdate"] = MaximoDates.DateTime(now);

        var oldTotal = MaximoAttributes.Decimal(record["curbaltotal"]) ?? 0m;
        var reserved = Math.Max(0m, oldTotal - (MaximoAttributes.Decimal(record["avblbalance"]) ?? oldTotal));
        var total = balances.OfType<JsonObject>().Sum(b => MaximoAttributes.Decimal(b["curbal"]) ?? 0m);
        record["curbaltotal"] = total;
        record["avblbalance"] = Math.Max(0m, total - reserved);
        Record(record, input, bin, newBalance - oldBalance, oldBalance, now);
    }

    protected override string KeyText(JsonObject record) =>
        $"Item={MaximoAttributes.Text(record, "itemnum")}, Storeroom={MaximoAttributes.Text(record, "location")}, Site={MaximoAttributes.Text(record, "siteid")}";

    private static string DefaultBin(JsonObject record, JsonArray balances) =>
        MaximoAttributes.Text(record, "binnum") is { Length: > 0 } bin ? bin
        : balances.OfType<JsonObject>().FirstOrDefault() is { } first ? MaximoAttributes.Text(first, "binnum")
        : "";

    private static void Record(JsonObject record, JsonObject input, string bin, decimal quantity, decimal oldBalance, DateTimeOffset now)
    {
        var transaction = new JsonObject
        {
            ["transtype"] = "CURBALADJ",
            ["quantity"] = quantity,
            ["oldbalance"] = oldBalance,
            ["transdate"] = MaximoDates.DateTime(now),
            ["enterby"] = MaximoInstance.UserId,
        };
        if (bin.Length > 0) transaction["binnum"] = bin;
        foreach (var name in new[] { "reasoncode", "memo", "externalrefid", "lotnum" })
            if (MaximoAttributes.Text(input, name) is { Length: > 0 } value) transaction[name] = value;
        var history = (record["invtrans"] as JsonArray ?? new JsonArray()).OfType<JsonObject>().Select(t => t.DeepClone()).TakeLast(KeptTransactions - 1);
        record["invtrans"] = new JsonArray([.. history, transaction]);
    }
}
