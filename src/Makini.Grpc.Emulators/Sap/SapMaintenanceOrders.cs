using System.Globalization;
using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.Sap;

/// <summary>
/// Maintenance orders as API_MAINTENANCEORDER shows them, each on a demo equipment (and its functional location and
/// plant), with a system status text and the matching process phase.
/// </summary>
internal static class SapMaintenanceOrders
{
    // System status texts and the process phase each sits in. UNVERIFIED: the phase codes' numbering (01 Initiation
    // … 09 Completion, after the nine phases of the S/4HANA phase model).
    private static readonly (string Status, string Phase, int Weight)[] States =
    [
        ("CRTD MANC NMAT", "03", 20),
        ("REL MANC NMAT PRC", "06", 25),
        ("REL PCNF NMAT PRC", "07", 15),
        ("TECO MANC NMAT PRC", "08", 20),
        ("CLSD MANC NMAT PRC", "09", 15),
        ("CRTD DLFL MANC", "09", 5),
    ];

    private static readonly Dictionary<string, string[]> Descriptions = new()
    {
        ["PM01"] = ["Leak at {0}", "Repair {0} after breakdown", "Replace worn parts on {0}", "Noise and vibration on {0}"],
        ["PM02"] = ["Quarterly inspection {0}", "Lubrication round {0}", "Annual overhaul {0}", "Filter change {0}"],
        ["PM03"] = ["Refurbish {0}", "Upgrade controls of {0}"],
    };

    public static IEnumerable<JsonObject> Generate(SapNumberRanges numbers, int count, int seed, DateTimeOffset now)
    {
        var random = SapRecordBuilder.Random(seed, SapEntities.WorkOrder);
        for (var i = 0; i < count; i++)
            yield return One(numbers.NextMaintenanceOrder(), random, now);
    }

    private static JsonObject One(long number, Random random, DateTimeOffset now)
    {
        var equipment = random.Next(SapDemoCatalog.DemoEquipment);
        var plant = SapDemoCatalog.EquipmentPlant(equipment).Plant;
        var type = SapRecordBuilder.Weighted(random, ("PM01", 45), ("PM02", 40), ("PM03", 15));
        var roll = random.Next(States.Sum(s => s.Weight));
        var state = States.First(s => (roll -= s.Weight) < 0);
        var created = SapRecordBuilder.Past(random, now, TimeSpan.FromDays(180));
        var start = created + TimeSpan.FromHours(random.Next(2, 24 * 14));
        var end = start + TimeSpan.FromHours(random.Next(2, 24 * 5));
        var changed = Min(created + TimeSpan.FromSeconds(random.Next(0, 25 * 86_400)), now);
        var name = SapDemoCatalog.EquipmentName(equipment);
        var description = string.Format(CultureInfo.InvariantCulture, SapRecordBuilder.Pick(random, Descriptions[type]), name);

        return SapRecordBuilder.Build(w =>
        {
            w.WriteString("MaintenanceOrder", number.ToString(CultureInfo.InvariantCulture));
            w.WriteString("MaintenanceOrderType", type);
            // The description field holds 40 characters in SAP.
            w.WriteString("MaintenanceOrderDesc", description.Length > 40 ? description[..40] : description);
            w.WriteString("MaintOrdBasicStartDateTime", SapDates.DateTimeOffset(start));
            w.WriteString("MaintOrdBasicEndDateTime", SapDates.DateTimeOffset(end));
            w.WriteString("MainWorkCenter", type == "PM02" ? "MECH-PM" : SapRecordBuilder.Pick(random, new[] { "MECH-01", "ELEC-01" }));
            w.WriteString("MaintenancePlanningPlant", plant);
            w.WriteString("MaintenancePlant", plant);
            w.WriteString("MaintOrdProcessPhaseCode", state.Phase);
            w.WriteString("Equipment", SapDemoCatalog.EquipmentNumber(equipment));
            w.WriteString("EquipmentName", name);
            w.WriteString("FunctionalLocation", SapDemoCatalog.FunctionalLocation(equipment));
            w.WriteString("MaintPriority", SapRecordBuilder.Weighted(random, ("1", 10), ("2", 25), ("3", 45), ("4", 20)));
            w.WriteString("MaintPriorityType", "PM");
            w.WriteString("LastChangeDateTime", SapDates.DateTimeOffset(changed));
            w.WriteString("SystemStatusText", state.Status);
            w.WriteString("UserStatusText", "");
            if (number % 4 == 0) w.WriteBoolean("YY1_ShutdownRequired_ORD", random.Next(2) == 0);
        });
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
