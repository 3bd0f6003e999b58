using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.Sap;

/// <summary>
/// The rows of one entity set at one moment, sorted by key and by change instant. Rebuilt only when the records
/// changed (the store swaps a record object whenever it changes it, so comparing references finds every change), and
/// then only the changed records are read again: a 100,000-order set is not re-sorted or re-parsed per request.
/// </summary>
internal sealed class SapIndex
{
    private static readonly IReadOnlyList<SapRow> Empty = [];

    private SapIndex(JsonObject[] snapshot, SapRow[] byKey, SapRow[]? byChange)
    {
        Snapshot = snapshot;
        ByKey = byKey;
        ByChange = byChange;
    }

    /// <summary>The stored records the index was built from, in store order (empty for nested sets).</summary>
    public JsonObject[] Snapshot { get; }

    public IReadOnlyList<SapRow> ByKey { get; }

    /// <summary>Rows ordered by change instant, then key; null when the set has no change field.</summary>
    public SapRow[]? ByChange { get; }

    /// <summary>The rows changed at or after (<paramref name="inclusive"/>) or after an instant, in change order,
    /// found by binary search: the watermark read of a large set does not scan it.</summary>
    public IReadOnlyList<SapRow> ChangedSince(long milliseconds, bool inclusive)
    {
        var rows = ByChange!;
        int low = 0, high = rows.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            var change = rows[mid].ChangeMilliseconds;
            if (change < milliseconds || (!inclusive && change == milliseconds)) low = mid + 1;
            else high = mid;
        }
        return new ArraySegment<SapRow>(rows, low, rows.Length - low);
    }

    public static readonly SapIndex None = new([], [], null);

    /// <summary>The index of a set that holds records, reusing <paramref name="previous"/> where nothing changed.</summary>
    public static SapIndex OfRecords(RecordSet records, SapEntitySet set, SapIndex? previous)
    {
        var snapshot = new List<JsonObject>(records.Count + 16);
        // The predicate sees the stored objects themselves (no copies); touching Count materializes their top-level
        // properties while the store's lock is held, so later concurrent reads never race on that lazy step.
        records.Where(record =>
        {
            _ = record.Count;
            snapshot.Add(record);
            return false;
        });
        if (previous is not null && SameRecords(previous.Snapshot, snapshot)) return previous;

        var known = new Dictionary<JsonObject, SapRow>(ReferenceEqualityComparer.Instance);
        if (previous is not null)
            foreach (var row in previous.ByKey) known[row.Record!] = row;
        var rows = snapshot.Select(record => known.GetValueOrDefault(record) ?? SapRow.OfRecord(record, set)).ToArray();
        return Sorted(snapshot.ToArray(), rows, set);
    }

    /// <summary>The index of a set whose rows are nested in the rows of its parent set.</summary>
    public static SapIndex OfNested(SapIndex parent, SapNav nav, SapEntitySet set)
    {
        var rows = new List<SapRow>();
        foreach (var parentRow in parent.ByKey)
            foreach (var child in Children(parentRow.Element(), nav))
                rows.Add(SapRow.OfElement(child.Clone(), set));
        return Sorted([], rows.ToArray(), set);
    }

    /// <summary>The stored rows under a navigation: <c>{"results":[...]}</c> for a collection, the object for a single.</summary>
    public static IEnumerable<JsonElement> Children(JsonElement row, SapNav nav)
    {
        if (!row.TryGetProperty(nav.Name, out var stored)) yield break;
        if (!nav.Many)
        {
            if (stored.ValueKind == JsonValueKind.Object) yield return stored;
            yield break;
        }
        var results = stored.ValueKind switch
        {
            JsonValueKind.Object when stored.TryGetProperty("results", out var r) => r,
            JsonValueKind.Array => stored,
            _ => default,
        };
        if (results.ValueKind != JsonValueKind.Array) yield break;
        foreach (var child in results.EnumerateArray())
            if (child.ValueKind == JsonValueKind.Object) yield return child;
    }

    public static IReadOnlyList<SapRow> RowsOf(IEnumerable<JsonElement> elements, SapEntitySet set)
    {
        var rows = elements.Select(e => SapRow.OfElement(e, set)).ToList();
        return rows.Count == 0 ? Empty : rows;
    }

    /// <summary>The row with these key values, by binary search over the key order.</summary>
    public SapRow? Find(IReadOnlyList<SapValue> keys)
    {
        int low = 0, high = ByKey.Count - 1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            var order = 0;
            for (var i = 0; i < keys.Count && order == 0; i++) order = SapValue.Order(ByKey[mid].Keys[i], keys[i]);
            if (order == 0) return ByKey[mid];
            if (order < 0) low = mid + 1;
            else high = mid - 1;
        }
        return null;
    }

    private static SapIndex Sorted(JsonObject[] snapshot, SapRow[] rows, SapEntitySet set)
    {
        var byKey = (SapRow[])rows.Clone();
        Array.Sort(byKey, SapRow.CompareKeys);
        SapRow[]? byChange = null;
        if (set.ChangeField is not null)
        {
            byChange = (SapRow[])rows.Clone();
            Array.Sort(byChange, SapRow.CompareChange);
        }
        return new SapIndex(snapshot, byKey, byChange);
    }

    private static bool SameRecords(JsonObject[] previous, List<JsonObject> current)
    {
        if (previous.Length != current.Count) return false;
        for (var i = 0; i < previous.Length; i++)
            if (!ReferenceEquals(previous[i], current[i])) return false;
        return true;
    }
}
