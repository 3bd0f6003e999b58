using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.Maximo;

/// <summary>
/// The business logic behind writes to one object structure: what a create fills in and refuses, how an update merges
/// (child rows by their key with <c>patchtype: MERGE</c>; a plain PATCH drops the child rows it does not name), which
/// deletes are allowed, and the object's actions (<c>?action=wsmethod:…</c>). Rules throw
/// <see cref="MaximoWriteException"/>; an update runs on a copy, so a refused one changes nothing.
/// </summary>
internal abstract class MaximoObjectRules(MaximoObjectStructure structure, string objectName)
{
    public MaximoObjectStructure Structure { get; } = structure;

    /// <summary>The Maximo business object, e.g. WORKORDER; its lower-case name is the errorobjpath.</summary>
    public string ObjectName { get; } = objectName;

    protected string ObjectPath => ObjectName.ToLowerInvariant();

    /// <summary>The record to insert (its key complete), from the normalized body.</summary>
    public abstract JsonObject Create(MaximoInstance instance, JsonObject body, DateTimeOffset now);

    /// <summary>Applies the normalized body to <paramref name="record"/> (a copy of the stored record).</summary>
    public abstract void Update(MaximoInstance instance, JsonObject record, JsonObject changes, bool merge, DateTimeOffset now);

    public virtual void CheckDelete(JsonObject record)
    {
    }

    /// <summary>Runs <c>?action=wsmethod:{method}</c> on <paramref name="record"/> (a copy of the stored record).</summary>
    public virtual void RunAction(MaximoInstance instance, string method, JsonObject record, JsonObject parameters, DateTimeOffset now) =>
        throw MaximoRefusals.UnsupportedAction("wsmethod:" + method, Structure.Name);

    /// <summary>A human key for duplicate messages, e.g. "Site=BEDFORD, Work Order=1000".</summary>
    protected abstract string KeyText(JsonObject record);

    /// <summary>Refuses a create whose key is taken; call inside <see cref="MaximoInstance.CreateLock"/>.</summary>
    public void RefuseDuplicate(MaximoInstance instance, JsonObject record)
    {
        if (Structure.KeyOf(record) is { } key && instance.Records[Structure.Entity!].Get(key) is not null)
            throw MaximoRefusals.Duplicate(KeyText(record), ObjectPath);
    }

    public static MaximoObjectRules? For(MaximoObjectStructure structure) => structure.Name switch
    {
        "mxapiwodetail" => MaximoWorkOrderRules.Instance,
        "mxapipo" => MaximoPurchaseOrderRules.Instance,
        "mxapivendor" => MaximoVendorRules.Instance,
        "mxapiasset" => MaximoAssetRules.Instance,
        "mxapiinventory" => MaximoInventoryRules.Instance,
        _ => null,
    };
}
