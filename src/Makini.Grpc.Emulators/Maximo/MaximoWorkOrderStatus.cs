using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.Maximo;

/// <summary>
/// Work order status changes as the emulated Maximo allows them: CLOSE and CAN are final; a completed order (COMP) can
/// only be closed; an order in progress cannot go back to waiting on approval; a change to the current status is
/// refused. A change stamps statusdate, and INPRG/COMP/CLOSE fill the actual start and finish when they are empty.
/// </summary>
internal static class MaximoWorkOrderStatus
{
    public static readonly string[] Statuses = ["WAPPR", "APPR", "WSCH", "WMATL", "WPCOND", "INPRG", "COMP", "CLOSE", "CAN"];

    public static void Change(JsonObject workOrder, string to, DateTimeOffset at)
    {
        to = to.Trim().ToUpperInvariant();
        if (!Statuses.Contains(to)) throw MaximoRefusals.Invalid("status", "Status", to, "workorder");
        var from = MaximoAttributes.Text(workOrder, "status");
        if (from == to || !Allowed(from, to)) throw MaximoRefusals.StatusChange(from, to, "workorder");
        var stamp = MaximoDates.DateTime(at);
        workOrder["status"] = to;
        workOrder["status_description"] = MaximoMaintenanceRecords.StatusDescriptions.GetValueOrDefault(to, to);
        workOrder["statusdate"] = stamp;
        if (to is "INPRG" or "COMP" or "CLOSE" && workOrder["actstart"] is null) workOrder["actstart"] = stamp;
        if (to is "COMP" or "CLOSE" && workOrder["actfinish"] is null) workOrder["actfinish"] = stamp;
    }

    private static bool Allowed(string from, string to) => from switch
    {
        "CLOSE" or "CAN" => false,
        "COMP" => to == "CLOSE",
        "INPRG" => to != "WAPPR",
        _ => true,
    };
}
