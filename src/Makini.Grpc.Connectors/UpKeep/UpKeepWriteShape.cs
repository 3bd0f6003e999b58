using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Writing;

namespace Makini.Grpc.Connectors.UpKeep;

/// <summary>
/// How one unified entity is written to UpKeep: the requirements per kind of write, the body of a create and of an
/// update (only the masked fields; PATCH replaces the fields it names), and the way back from a refusal to the unified
/// field. UpKeep's messages carry no field, so the message's first word is taken as the field when it names one
/// ("title is required", "asset Xy12 not found"; a child field as its second word, "partsOrdered part … not found").
/// </summary>
internal abstract class UpKeepWriteShape
{
    public abstract UpKeepEntity Entity { get; }

    /// <summary>The requirements of a kind of write; null when UpKeep (as cataloged) does not offer it.</summary>
    public abstract WriteRequirements? RequirementsOf(WriteKind kind);

    public abstract JsonObject CreateBody(WriteRequest request);

    /// <summary>The masked fields; <paramref name="current"/> is the record as read just before (for merges).</summary>
    public abstract JsonObject UpdateBody(WriteRequest request, JsonObject current);

    /// <summary>UpKeep field (or field.child) → unified path.</summary>
    protected abstract IReadOnlyDictionary<string, string> Fields { get; }

    /// <summary>The UpKeep field a refusal message is about, and its unified path; nulls when it names none.</summary>
    public (string? SourceField, string? UnifiedField) FieldOf(WriteRequest request, string message)
    {
        var words = message.Split([' ', ':'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) return (null, null);
        var field = words.Length > 1 && Fields.ContainsKey($"{words[0]}.{words[1]}") ? $"{words[0]}.{words[1]}" : words[0];
        if (request.RemoteFields.ContainsKey(field)) return (field, "remote_fields." + field);
        if (Fields.TryGetValue(field, out var unified)) return (field, unified);
        return (null, null);
    }

    /// <summary>A state rule: the emulated wording starts with the status and says the record "can no longer" be changed.</summary>
    public static bool IsStateRule(string message) =>
        message.StartsWith("status ", StringComparison.Ordinal) && message.Contains("no longer", StringComparison.Ordinal);

    /// <summary>The connection's native fields (write defaults and the call's remote_fields) over the payload.</summary>
    protected static void Overlay(JsonObject body, JsonObject remoteFields)
    {
        foreach (var (name, value) in remoteFields) body[name] = value?.DeepClone();
    }

    protected static SourceValidationException Unsupported(string code, string message, string field) =>
        new(SystemCatalog.UpKeep, 400, code, message, null, field, stateRule: false);

    public static UpKeepWriteShape? For(EntityKind entity) => entity switch
    {
        EntityKind.WorkOrder => UpKeepWorkOrderWrites.Instance,
        EntityKind.Asset => UpKeepAssetWrites.Instance,
        EntityKind.PurchaseOrder => UpKeepPurchaseOrderWrites.Instance,
        EntityKind.Vendor => UpKeepVendorWrites.Instance,
        EntityKind.InventoryItem => UpKeepPartWrites.Instance,
        _ => null,
    };
}
