using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.UpKeep;

/// <summary>
/// The write rules of one API v2 collection: which fields a client may write (others are ignored, as UpKeep ignores
/// unknown fields — UNVERIFIED), which are read-only (id, createdAt, updatedAt and the collection's computed fields;
/// create-only fields such as workOrderNo cannot change later), the defaults and checks of a create, and the checks of
/// an update, which replaces the fields it names (null clears one) and keeps the rest.
/// </summary>
internal abstract class UpKeepCollectionRules(string entity, string resource)
{
    private static readonly string[] SystemFields = ["id", "createdAt", "updatedAt"];

    /// <summary>The unified entity whose records the collection serves.</summary>
    public string Entity { get; } = entity;

    /// <summary>The singular name UpKeep's messages use, e.g. "work order".</summary>
    public string Resource { get; } = resource;

    protected abstract string[] Writable { get; }

    protected virtual string[] CreateOnly => [];

    protected virtual string[] Computed => [];

    public JsonObject Create(UpKeepInstance instance, JsonObject body, DateTimeOffset now)
    {
        var record = Accept(body, creating: true);
        Complete(instance, record, now);
        Check(instance, record, record, null, now);
        return record;
    }

    /// <summary>Applies the body to <paramref name="record"/> (a copy of the stored record).</summary>
    public void Update(UpKeepInstance instance, JsonObject record, JsonObject body, DateTimeOffset now)
    {
        CheckUpdate(record);
        var changes = Accept(body, creating: false);
        var before = record.DeepClone().AsObject();
        foreach (var (name, value) in changes)
        {
            if (value is null) record.Remove(name);
            else record[name] = value.DeepClone();
        }
        Check(instance, record, changes, before, now);
    }

    public virtual void CheckDelete(JsonObject record)
    {
    }

    /// <summary>Defaults of a new record (numbers, statuses) and its required fields.</summary>
    protected abstract void Complete(UpKeepInstance instance, JsonObject record, DateTimeOffset now);

    /// <summary>Checks the record after a write; <paramref name="written"/> holds the fields the write named,
    /// <paramref name="before"/> the record before an update (null for a create).</summary>
    protected abstract void Check(UpKeepInstance instance, JsonObject record, JsonObject written, JsonObject? before, DateTimeOffset now);

    protected virtual void CheckUpdate(JsonObject record)
    {
    }

    private JsonObject Accept(JsonObject body, bool creating)
    {
        var accepted = new JsonObject();
        foreach (var (name, value) in body)
        {
            if (SystemFields.Contains(name) || Computed.Contains(name) || (!creating && CreateOnly.Contains(name)))
                throw UpKeepWriteException.ReadOnly(name);
            if (Writable.Contains(name) || CreateOnly.Contains(name)) accepted[name] = value?.DeepClone();
        }
        if (accepted["customData"] is { } custom && custom is not JsonObject) throw UpKeepWriteException.Invalid("customData must be an object");
        return accepted;
    }

    public static UpKeepCollectionRules? For(string collection) => collection switch
    {
        "work-orders" => UpKeepWorkOrderRules.Instance,
        "assets" => UpKeepAssetRules.Instance,
        "parts" => UpKeepPartRules.Instance,
        "vendors" => UpKeepVendorRules.Instance,
        "purchase-orders" => UpKeepPurchaseOrderRules.Instance,
        _ => null,
    };

    /// <summary>The next number after the largest one in <paramref name="field"/> (digits after an optional prefix).</summary>
    protected static long NextNumber(UpKeepInstance instance, string field)
    {
        long max = 0;
        instance.Records[field == "workOrderNo" ? "work_order" : "purchase_order"].Where(r =>
        {
            var text = UpKeepFieldValues.Text(r, field);
            var digits = new string(text.SkipWhile(c => !char.IsAsciiDigit(c)).ToArray());
            if (long.TryParse(digits, out var n) && n > max) max = n;
            return false;
        });
        return max + 1;
    }
}
