using System.Globalization;
using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.Sap;

/// <summary>
/// Writes of API_MAINTENANCEORDER: POST MaintenanceOrder creates an order (status CRTD, or REL when it is created in
/// phase 06), PATCH changes it. The status moves through the process phase: a PATCH of MaintOrdProcessPhaseCode
/// (01–05 planning → CRTD, 06–07 execution → REL, 08 post-execution → TECO, 09 completion → CLSD) runs the business
/// transaction behind it (release, technical completion, its revocation, business completion) and updates
/// SystemStatusText. UNVERIFIED: S/4HANA changes the status through its own actions (release, technically complete);
/// writing the phase code stands in for them here. Transitions the system refuses answer BS/013 "System status … is
/// active": back to CRTD, anything after CLSD, CLSD without TECO; a closed or deletion-flagged order takes no change.
/// </summary>
internal static class SapMaintenanceOrderWrites
{
    private const string EntityType = "MaintenanceOrderType";
    private const string Created = "CRTD";
    private const string Released = "REL";
    private const string TechnicallyCompleted = "TECO";
    private const string Closed = "CLSD";
    private const string DeletionFlag = "DLFL";

    // UNVERIFIED beyond PM01–PM03: the order types of the best-practice content.
    private static readonly string[] OrderTypes = ["PM01", "PM02", "PM03", "PM04", "PM05", "PM06"];
    private static readonly string[] Priorities = ["1", "2", "3", "4"];
    private static readonly string[] Lifecycle = [Created, Released, TechnicallyCompleted, Closed];
    private static readonly string[] ReadOnlyOnCreate = ["MaintenanceOrder", "LastChangeDateTime", "SystemStatusText", "EquipmentName", "UserStatusText"];
    private static readonly string[] ReadOnly = [.. ReadOnlyOnCreate, "MaintenanceOrderType", "MaintenancePlanningPlant", "MaintenancePlant"];
    private static readonly string[] Dates = ["MaintOrdBasicStartDateTime", "MaintOrdBasicEndDateTime"];

    private static readonly HashSet<(string From, string To)> Allowed =
    [
        (Created, Released), (Created, TechnicallyCompleted), (Released, TechnicallyCompleted),
        (TechnicallyCompleted, Released), (TechnicallyCompleted, Closed),
    ];

    public static readonly SapSetWrites Order = new() { Create = Create, Patch = Patch };

    private static JsonObject Create(SapWriteContext ctx, JsonObject payload)
    {
        var m = new SapMessages();
        SapPayload.RejectReadOnly(m, payload, ReadOnlyOnCreate, EntityType);
        SapPayload.CheckDates(m, payload, Dates);
        var type = SapPayload.Text(payload, "MaintenanceOrderType");
        if (type.Length == 0) m.MissingEntry("MaintenanceOrderType", "Order Type");
        else if (!OrderTypes.Contains(type)) m.Error(SapMessages.OrderTypeUnknown, $"Order type {type} does not exist", "MaintenanceOrderType");
        var equipment = CheckEquipment(ctx, m, payload);
        var plant = Given(payload, "MaintenancePlanningPlant") ?? Given(equipment, "MaintenancePlanningPlant") ?? Given(equipment, "MaintenancePlant");
        if (plant is null) m.MissingEntry("MaintenancePlanningPlant", "Planning Plant");
        else if (SapMasterData.Plant(plant) is null) m.Error(SapMessages.PlantUnknown, $"Plant {plant} does not exist", "MaintenancePlanningPlant");
        CheckPriority(m, payload);
        CheckDateOrder(m, payload, new JsonObject());
        var phase = Given(payload, "MaintOrdProcessPhaseCode") ?? "03";
        var status = StatusOfPhase(phase);
        if (status is null) m.Error(SapMessages.PhaseUnknown, $"Process phase {phase} is not defined", "MaintOrdProcessPhaseCode");
        else if (status is not (Created or Released))
            m.Error(SapMessages.PhaseUnknown, $"An order cannot be created in process phase {phase}", "MaintOrdProcessPhaseCode");
        m.ThrowIfAny();

        var order = new JsonObject();
        SapPayload.CopyScalars(payload, order, ctx.Service.FindSet("MaintenanceOrder")!);
        order["MaintenanceOrder"] = ctx.Instance.Numbers.NextMaintenanceOrder().ToString(CultureInfo.InvariantCulture);
        order["MaintenanceOrderDesc"] = Given(payload, "MaintenanceOrderDesc") ?? "";
        var start = Given(payload, "MaintOrdBasicStartDateTime") ?? SapDates.DateTimeOffset(ctx.Now);
        order["MaintOrdBasicStartDateTime"] = start;
        order["MaintOrdBasicEndDateTime"] = Given(payload, "MaintOrdBasicEndDateTime") ?? start;
        order["MainWorkCenter"] = Given(payload, "MainWorkCenter") ?? "MECH-01";
        order["MaintenancePlanningPlant"] = plant;
        order["MaintenancePlant"] = Given(payload, "MaintenancePlant") ?? plant;
        order["MaintOrdProcessPhaseCode"] = phase;
        order["Equipment"] = Given(equipment, "Equipment") ?? "";
        order["EquipmentName"] = Given(equipment, "EquipmentName") ?? "";
        order["FunctionalLocation"] = Given(payload, "FunctionalLocation") ?? Given(equipment, "FunctionalLocation") ?? "";
        order["MaintPriority"] = Given(payload, "MaintPriority") ?? "";
        order["MaintPriorityType"] = "PM";
        order["SystemStatusText"] = status == Released ? "REL MANC NMAT PRC" : "CRTD MANC NMAT";
        order["UserStatusText"] = "";
        return order;
    }

    private static void Patch(SapWriteContext ctx, JsonObject root, JsonObject order, JsonObject changes)
    {
        var number = SapPayload.Text(order, "MaintenanceOrder");
        var current = StatusOf(SapPayload.Text(order, "SystemStatusText"));
        if (current is Closed or DeletionFlag) throw StatusActive(current, number);
        var m = new SapMessages();
        SapPayload.RejectReadOnly(m, changes, ReadOnly, EntityType);
        SapPayload.RejectNavigations(m, changes, ctx.Service.FindSet("MaintenanceOrder")!);
        SapPayload.CheckDates(m, changes, Dates);
        var equipment = changes.ContainsKey("Equipment") ? CheckEquipment(ctx, m, changes) : null;
        CheckPriority(m, changes);
        CheckDateOrder(m, changes, order);
        string? target = null;
        if (Given(changes, "MaintOrdProcessPhaseCode") is { } phase)
        {
            target = StatusOfPhase(phase);
            if (target is null) m.Error(SapMessages.PhaseUnknown, $"Process phase {phase} is not defined", "MaintOrdProcessPhaseCode");
            else if (target != current && !Allowed.Contains((current, target)))
                // The transaction is refused by the status that is active, as in SAP's status management.
                throw StatusActive(current, number, "MaintOrdProcessPhaseCode");
        }
        m.ThrowIfAny();

        foreach (var (name, value) in changes)
            if (name != "__metadata") order[name] = value?.DeepClone();
        if (changes.ContainsKey("Equipment"))
        {
            order["EquipmentName"] = Given(equipment, "EquipmentName") ?? "";
            if (!changes.ContainsKey("FunctionalLocation")) order["FunctionalLocation"] = Given(equipment, "FunctionalLocation") ?? "";
        }
        if (target is not null && target != current)
        {
            var others = SapPayload.Text(order, "SystemStatusText").Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(s => !Lifecycle.Contains(s));
            order["SystemStatusText"] = string.Join(' ', new[] { target }.Concat(others));
        }
    }

    /// <summary>The equipment the payload names (it must exist and not carry the deletion flag); null when none.</summary>
    private static JsonObject? CheckEquipment(SapWriteContext ctx, SapMessages m, JsonObject payload)
    {
        if (Given(payload, "Equipment") is not { } number) return null;
        var equipment = SapMasterData.Equipment(ctx.Instance, number);
        if (equipment is null) m.Error(SapMessages.EquipmentUnknown, $"Equipment {number} does not exist", "Equipment");
        else if (SapPayload.Flag(equipment["EquipmentIsMarkedForDeletion"]))
            m.Error(SapMessages.StatusActive, $"System status {DeletionFlag} is active (EQU {number})", "Equipment");
        return equipment;
    }

    private static void CheckPriority(SapMessages m, JsonObject payload)
    {
        if (Given(payload, "MaintPriority") is { } priority && !Priorities.Contains(priority))
            m.Error(SapMessages.PriorityUnknown, $"Priority {priority} is not defined for priority type PM", "MaintPriority");
    }

    private static void CheckDateOrder(SapMessages m, JsonObject changes, JsonObject current)
    {
        var start = Instant(changes["MaintOrdBasicStartDateTime"] ?? current["MaintOrdBasicStartDateTime"]);
        var end = Instant(changes["MaintOrdBasicEndDateTime"] ?? current["MaintOrdBasicEndDateTime"]);
        if (start is { } s && end is { } e && e < s)
            m.Error(SapMessages.DatesInverted, "The basic finish date lies before the basic start date", "MaintOrdBasicEndDateTime");
    }

    /// <summary>The lifecycle status a phase code stands for; null for an unknown code.</summary>
    private static string? StatusOfPhase(string phase) => phase switch
    {
        "01" or "02" or "03" or "04" or "05" => Created,
        "06" or "07" => Released,
        "08" => TechnicallyCompleted,
        "09" => Closed,
        _ => null,
    };

    /// <summary>The status that decides what may happen next: the deletion flag, else the lifecycle status.</summary>
    private static string StatusOf(string systemStatus)
    {
        var statuses = systemStatus.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (statuses.Contains(DeletionFlag)) return DeletionFlag;
        return Lifecycle.LastOrDefault(statuses.Contains) ?? Created;
    }

    private static SapWriteException StatusActive(string status, string order, string property = "") =>
        SapWriteException.One(400, SapMessages.StatusActive, $"System status {status} is active (ORD {order})", property);

    private static long? Instant(JsonNode? node) => SapPayload.Text(node) is { } text && SapDates.TryParseMilliseconds(text, out var ms) ? ms : null;

    private static string? Given(JsonObject? payload, string property) => SapPayload.Text(payload?[property]) is { Length: > 0 } text ? text : null;
}
