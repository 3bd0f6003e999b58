using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.Sap;

/// <summary>Equipment as API_EQUIPMENT shows its current time segment (valid to 9999-12-31).</summary>
internal static class SapEquipments
{
    public static IEnumerable<JsonObject> Generate(SapNumberRanges numbers, int count, int seed, DateTimeOffset now)
    {
        var random = SapRecordBuilder.Random(seed, SapEntities.Asset);
        for (var i = 0; i < count; i++)
            yield return One(numbers.NextEquipment(), random, now);
    }

    private static JsonObject One(int index, Random random, DateTimeOffset now)
    {
        var type = SapDemoCatalog.EquipmentType(index);
        var plant = SapDemoCatalog.EquipmentPlant(index).Plant;
        var created = SapRecordBuilder.Past(random, now, TimeSpan.FromDays(5 * 365));
        var changed = SapRecordBuilder.Past(random, now, TimeSpan.FromDays(180));
        if (changed < created) changed = created;
        // Every fifth one sits in the one before it (a motor in its pump): same plant, see EquipmentPlant.
        var parent = index % 5 == 4 ? SapDemoCatalog.EquipmentNumber(index - 1) : "";
        var deleted = index % 29 == 28;
        var inactive = !deleted && index % 13 == 12;

        return SapRecordBuilder.Build(w =>
        {
            w.WriteString("Equipment", SapDemoCatalog.EquipmentNumber(index));
            w.WriteString("ValidityEndDate", SapDates.DateTime(SapDates.EndOfTime));
            w.WriteString("ValidityStartDate", SapDates.DateTime(SapRecordBuilder.DateOf(created)));
            w.WriteString("EquipmentName", SapDemoCatalog.EquipmentName(index));
            w.WriteString("EquipmentCategory", "M");
            w.WriteString("TechnicalObjectType", type.Type);
            w.WriteString("AssetManufacturerName", type.Manufacturer);
            w.WriteString("ManufacturerPartTypeName", type.Model);
            w.WriteString("ManufacturerSerialNumber", $"{type.Manufacturer[..2].ToUpperInvariant()}-{created.Year}-{random.Next(100000, 1000000)}");
            w.WriteString("ConstructionYear", (created.Year - random.Next(2)).ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("SerialNumber", index % 3 == 0 ? $"{random.Next(10000000, 100000000)}" : "");
            w.WriteString("MaintenancePlant", plant);
            w.WriteString("MaintenancePlanningPlant", plant);
            w.WriteString("FunctionalLocation", SapDemoCatalog.FunctionalLocation(index));
            w.WriteString("SuperordinateEquipment", parent);
            w.WriteString("CreationDate", SapDates.DateTime(SapRecordBuilder.DateOf(created)));
            w.WriteString("LastChangeDateTime", SapDates.DateTimeOffset(changed));
            w.WriteBoolean("EquipmentIsMarkedForDeletion", deleted);
            w.WriteBoolean("EquipmentIsInactive", inactive);
            w.WriteBoolean("EquipmentIsInstalled", !deleted);
            w.WriteBoolean("EquipmentIsAvailable", deleted);
            if (index % 6 == 0) w.WriteString("YY1_CriticalityClass_EQU", SapRecordBuilder.Pick(random, new[] { "A", "B", "C" }));
        });
    }
}
