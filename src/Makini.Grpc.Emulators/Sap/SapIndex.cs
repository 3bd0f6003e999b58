using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.Sap;

/// <summary>
/// The rows of one entity set at one moment, sorted by key and by change instant. Rebuilt only when the set's version
/// moved; then only the changed records are read again (the store swaps a record object whenever it changes it, so
/// comparing references finds every change), and a few changes are merged into the sorted orders by binary search: a
/// set that grows by one order per create is not re-sorted per request.
/// </summary>
internal sealed class SapIndex
{
    private static readonly IReadOnlyList<SapRow> Empty = [];

    private readonly SapRow[] _byKey;

    private SapIndex(long version, JsonObject[] snapshot, SapRow[] rows, SapRow[] byKey, SapRow[]? byChange)
    {
        Version = version;
        Snapshot = snapshot;
        Rows = rows;
        _byKey = byKey;
        ByChange = byChange;
    }

    /// <summary>The version of the record set the index was built from.</summary>
    private long Version { get; }

    /// <summary>The stored records the index was built from, in store order (empty for nested sets).</summary>
    private JsonObject[] Snapshot { get; }

    /// <summary>The rows of <see cref="Snapshot"/>, position by position.</summary>
    private SapRow[] Rows { get; }

    public IReadOnlyList<SapRow> ByKey => _byKey;

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

    public static readonly SapIndex None = new(-1, [], [], [], null);

    /// <summary>The index of a set that holds records, reusing <paramref name="previous"/> where nothing changed.</summary>
    public static SapIndex OfRecords(RecordSet records, SapEntitySet set, SapIndex? previous)
    {
        var (snapshot, version) = records.StoredSince(previous?.Version ?? -1);
        if (snapshot is null) return previous!;
        if (previous is null) return Sorted(version, snapshot, snapshot.Select(record => SapRow.OfRecord(record, set)).ToArray(), set);

        // Creates append and updates replace in place, so a position-by-position comparison finds the changes; a
        // delete shifts the records after it, which reads as many changes and takes the full rebuild below.
        var rows = new SapRow[snapshot.Length];
        var added = new List<SapRow>();
        var removed = new HashSet<SapRow>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < snapshot.Length; i++)
        {
            if (i < previous.Snapshot.Length && ReferenceEquals(previous.Snapshot[i], snapshot[i])) rows[i] = previous.Rows[i];
            else
            {
                if (i < previous.Snapshot.Length) removed.Add(previous.Rows[i]);
                added.Add(rows[i] = SapRow.OfRecord(snapshot[i], set));
            }
        }
        for (var i = snapshot.Length; i < previous.Snapshot.Length; i++) removed.Add(previous.Rows[i]);
        if (added.Count + removed.Count <= 64 + snapshot.Length / 16)
        {
            return new SapIndex(version, snapshot, rows, Merged(previous._byKey, removed, added, SapRow.CompareKeys),
                previous.ByChange is null ? null : Merged(previous.ByChange, removed, added, SapRow.CompareChange));
        }

        // Many changes: sort again, reusing the rows of records that did not change.
        var known = new Dictionary<JsonObject, SapRow>(ReferenceEqualityComparer.Instance);
        foreach (var row in previous.Rows) known[row.Record!] = row;
        rows = snapshot.Select(record => known.GetValueOrDefault(record) ?? SapRow.OfRecord(record, set)).ToArray();
        return Sorted(version, snapshot, rows, set);
    }

    /// <summary>A sorted order without the removed rows and with the added ones, each placed by binary search.</summary>
    private static SapRow[] Merged(SapRow[] sorted, HashSet<SapRow> removed, List<SapRow> added, Comparison<SapRow> compare)
    {
        var kept = removed.Count == 0 ? sorted : sorted.Where(row => !removed.Contains(row)).ToArray();
        var inserts = added.ToArray();
        Array.Sort(inserts, compare);
        var merged = new SapRow[kept.Length + inserts.Length];
        int from = 0, to = 0;
        foreach (var insert in inserts)
        {
            // The first kept row that sorts after the insert.
            int low = from, high = kept.Length;
            while (low < high)
            {
                var mid = (low + high) >>> 1;
                if (compare(kept[mid], insert) <= 0) low = mid + 1;
                else high = mid;
            }
            Array.Copy(kept, from, merged, to, low - from);
            to += low - from;
            from = low;
            merged[to++] = insert;
        }
        Array.Copy(kept, from, merged, to, kept.Length - from);
        return merged;
    }

    /// <summary>The index of a set whose rows are nested in the rows of its parent set.</summary>
    public static SapIndex OfNested(SapIndex parent, SapNav nav, SapEntitySet set)
    {
        var rows = new List<SapRow>();
        foreach (var parentRow in parent.ByKey)
            foreach (var child in Children(parentRow.Element(), nav))
                rows.Add(SapRow.OfElement(child.Clone(), set));
        return Sorted(-1, [], rows.ToArray(), set);
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

    private static SapIndex Sorted(long version, JsonObject[] snapshot, SapRow[] rows, SapEntitySet set)
    {
        var byKey = (SapRow[])rows.Clone();
        Array.Sort(byKey, SapRow.CompareKeys);
        SapRow[]? byChange = null;
        if (set.ChangeField is not null)
        {
            byChange = (SapRow[])rows.Clone();
            Array.Sort(byChange, SapRow.CompareChange);
        }
        return new SapIndex(version, snapshot, rows, byKey, byChange);
    }
}
