using System.Text.Json.Nodes;
using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.Sap;

/// <summary>
/// Where a row of an entity set lives: in the stored record of its root set (A_PurchaseOrder for an item, the business
/// partner for a supplier's purchasing data), found by the row's key values. Writes change the root record as a whole
/// (<see cref="RecordSet.Update"/>), so a change to an item stamps its purchase order, as in S/4HANA.
/// </summary>
internal sealed class SapRowLocation
{
    // A schedule line names its order PurchasingDocument; every other nested set repeats its root's key by name.
    private static readonly Dictionary<string, string> RootKeyAliases = new(StringComparer.Ordinal) { ["PurchasingDocument"] = "PurchaseOrder" };

    private readonly IReadOnlyList<SapNav> _chain;
    private readonly SapValue[] _keys;

    private SapLocationRoot Root { get; }

    private SapRowLocation(SapLocationRoot root, string rootKey, SapEntitySet set, IReadOnlyList<SapNav> chain, SapValue[] keys)
    {
        Root = root;
        RootKey = rootKey;
        Set = set;
        _chain = chain;
        _keys = keys;
    }

    public RecordSet Records => Root.Records;

    public SapEntitySet RootSet => Root.Set;

    public string RootKey { get; }

    public SapEntitySet Set { get; }

    /// <summary>The row with these key values, or null when there is none (or the set holds no records).</summary>
    public static SapRowLocation? Find(SapInstance instance, SapService service, SapEntitySet set, SapValue[] keys)
    {
        if (SapLocationRoot.Of(instance, service, set) is not { } root) return null;
        var chain = root.Chain;
        string? rootKey = null;
        if (DirectRootKey(root, set, keys) is { } direct)
        {
            var record = root.Records.Get(direct);
            if (record is not null && Match(record, chain, 0, set, keys) is not null) rootKey = direct;
        }
        else
        {
            var found = root.Records.Where(record => Match(record, chain, 0, set, keys) is not null);
            if (found.Count > 0) rootKey = root.Records.Kind.KeyOf(found[0]);
        }
        return rootKey is null ? null : new SapRowLocation(root, rootKey, set, chain, keys);
    }

    /// <summary>The row inside the (mutable) root record; null when it disappeared meanwhile.</summary>
    public JsonObject? Resolve(JsonObject root) => Match(root, _chain, 0, Set, _keys);

    private static JsonObject? Match(JsonObject node, IReadOnlyList<SapNav> chain, int depth, SapEntitySet set, SapValue[] keys)
    {
        if (depth == chain.Count) return KeysMatch(node, set, keys) ? node : null;
        var nav = chain[depth];
        IEnumerable<JsonObject> children = nav.Many ? SapPayload.Results(node[nav.Name]) : node[nav.Name] is JsonObject single ? [single] : [];
        foreach (var child in children)
            if (Match(child, chain, depth + 1, set, keys) is { } row) return row;
        return null;
    }

    private static bool KeysMatch(JsonObject row, SapEntitySet set, SapValue[] keys)
    {
        for (var i = 0; i < keys.Length; i++)
            if (SapValue.Order(SapValue.FromJson(row[set.Keys[i]]), keys[i]) != 0) return false;
        return true;
    }

    /// <summary>The root record's store key when the row's key values name it; null when the roots must be searched.</summary>
    private static string? DirectRootKey(SapLocationRoot root, SapEntitySet set, SapValue[] keys)
    {
        var probe = new JsonObject();
        foreach (var rootKey in root.Set.Keys)
        {
            var index = -1;
            for (var i = 0; i < set.Keys.Count; i++)
                if (set.Keys[i] == rootKey || RootKeyAliases.GetValueOrDefault(set.Keys[i]) == rootKey) index = i;
            if (index < 0) return null;
            probe[rootKey] = keys[index].Kind == SapValueKind.Instant
                ? SapDates.DateTime(DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(keys[index].Ticks).UtcDateTime))
                : keys[index].Text;
        }
        return root.Records.Kind.KeyOf(probe);
    }
}

/// <summary>The root set that stores the rows of a set, its records, and the navigations down to the set.</summary>
internal sealed record SapLocationRoot(SapEntitySet Set, RecordSet Records, IReadOnlyList<SapNav> Chain)
{
    public static SapLocationRoot? Of(SapInstance instance, SapService service, SapEntitySet set)
    {
        var chain = new List<SapNav>();
        var current = set;
        while (current.Entity is null)
        {
            if (current.NestedIn is not { } nesting || service.FindSet(nesting.ParentSet) is not { } parent || parent.FindNav(nesting.Nav) is not { } nav)
                return null;
            chain.Insert(0, nav);
            current = parent;
        }
        return instance.Records.TryGet(current.Entity, out var records) ? new SapLocationRoot(current, records, chain) : null;
    }
}
