using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.Sap;

/// <summary>
/// Writes of API_EQUIPMENT: POST Equipment creates the current time segment (valid to 9999-12-31) under the next
/// equipment number; PATCH Equipment(Equipment='…',ValidityEndDate=datetime'9999-12-31T00:00:00') changes it. Rules:
/// a known equipment category, known plants, a superordinate equipment that exists (and is not the equipment itself);
/// the status flags are read-only (SAP sets them through its own actions), and an equipment with the deletion flag
/// takes no change (BS/013).
/// </summary>
internal static class SapEquipmentWrites
{
    private const string EntityType = "EquipmentType";

    // UNVERIFIED beyond M (machines): the standard equipment categories.
    private static readonly string[] Categories = ["M", "Q", "S", "P", "H"];
    private static readonly string[] ReadOnlyOnCreate =
    [
        "Equipment", "ValidityEndDate", "CreationDate", "LastChangeDateTime",
        "EquipmentIsMarkedForDeletion", "EquipmentIsInactive", "EquipmentIsInstalled", "EquipmentIsAvailable",
    ];
    private static readonly string[] ReadOnly = [.. ReadOnlyOnCreate, "EquipmentCategory", "ValidityStartDate"];

    public static readonly SapSetWrites Equipment = new() { Create = Create, Patch = Patch };

    private static JsonObject Create(SapWriteContext ctx, JsonObject payload)
    {
        var m = new SapMessages();
        SapPayload.RejectReadOnly(m, payload, ReadOnlyOnCreate, EntityType);
        SapPayload.CheckDates(m, payload, ["ValidityStartDate"]);
        var category = SapPayload.Text(payload, "EquipmentCategory");
        if (category.Length == 0) m.MissingEntry("EquipmentCategory", "Equipment Category");
        else if (!Categories.Contains(category)) m.Error(SapMessages.EquipmentCategoryUnknown, $"Equipment category {category} is not defined", "EquipmentCategory");
        CheckReferences(ctx, m, payload, self: null);
        m.ThrowIfAny();

        var equipment = new JsonObject();
        SapPayload.CopyScalars(payload, equipment, ctx.Service.FindSet("Equipment")!);
        equipment["Equipment"] = SapDemoCatalog.EquipmentNumber(ctx.Instance.Numbers.NextEquipment());
        equipment["ValidityEndDate"] = SapDates.DateTime(SapDates.EndOfTime);
        equipment["ValidityStartDate"] = Given(payload, "ValidityStartDate") ?? SapDates.DateTime(ctx.Today);
        equipment["EquipmentName"] = Given(payload, "EquipmentName") ?? "";
        equipment["MaintenancePlant"] = Given(payload, "MaintenancePlant") ?? "";
        equipment["MaintenancePlanningPlant"] = Given(payload, "MaintenancePlanningPlant") ?? Given(payload, "MaintenancePlant") ?? "";
        equipment["FunctionalLocation"] = Given(payload, "FunctionalLocation") ?? "";
        equipment["SuperordinateEquipment"] = Given(payload, "SuperordinateEquipment") ?? "";
        equipment["SerialNumber"] = Given(payload, "SerialNumber") ?? "";
        equipment["EquipmentIsMarkedForDeletion"] = false;
        equipment["EquipmentIsInactive"] = false;
        SetInstalled(equipment);
        return equipment;
    }

    private static void Patch(SapWriteContext ctx, JsonObject root, JsonObject equipment, JsonObject changes)
    {
        var number = SapPayload.Text(equipment, "Equipment");
        if (SapPayload.Flag(equipment["EquipmentIsMarkedForDeletion"]))
            throw SapWriteException.One(400, SapMessages.StatusActive, $"System status DLFL is active (EQU {number})");
        var m = new SapMessages();
        SapPayload.RejectReadOnly(m, changes, ReadOnly, EntityType);
        SapPayload.RejectNavigations(m, changes, ctx.Service.FindSet("Equipment")!);
        CheckReferences(ctx, m, changes, number);
        m.ThrowIfAny();

        foreach (var (name, value) in changes)
            if (name != "__metadata") equipment[name] = value?.DeepClone();
        if (changes.ContainsKey("MaintenancePlant") && !changes.ContainsKey("MaintenancePlanningPlant"))
            equipment["MaintenancePlanningPlant"] = equipment["MaintenancePlant"]?.DeepClone();
        SetInstalled(equipment);
    }

    private static void CheckReferences(SapWriteContext ctx, SapMessages m, JsonObject payload, string? self)
    {
        foreach (var property in new[] { "MaintenancePlant", "MaintenancePlanningPlant" })
            if (Given(payload, property) is { } plant && SapMasterData.Plant(plant) is null)
                m.Error(SapMessages.PlantUnknown, $"Plant {plant} does not exist", property);
        if (Given(payload, "SuperordinateEquipment") is not { } parent) return;
        if (parent == self)
            m.Error(SapMessages.EquipmentInItself, $"Equipment {parent} cannot be installed in itself", "SuperordinateEquipment");
        else if (SapMasterData.Equipment(ctx.Instance, parent) is not { } found)
            m.Error(SapMessages.EquipmentUnknown, $"Equipment {parent} does not exist", "SuperordinateEquipment");
        else if (SapPayload.Flag(found["EquipmentIsMarkedForDeletion"]))
            m.Error(SapMessages.StatusActive, $"System status DLFL is active (EQU {parent})", "SuperordinateEquipment");
    }

    /// <summary>Installed at a functional location or in a superordinate equipment; otherwise available.</summary>
    private static void SetInstalled(JsonObject equipment)
    {
        var installed = SapPayload.Text(equipment, "FunctionalLocation").Length > 0 || SapPayload.Text(equipment, "SuperordinateEquipment").Length > 0;
        equipment["EquipmentIsInstalled"] = installed;
        equipment["EquipmentIsAvailable"] = !installed;
    }

    private static string? Given(JsonObject payload, string property) => SapPayload.Text(payload[property]) is { Length: > 0 } text ? text : null;
}
