using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.Hosting;

/// <summary>
/// How one system keeps one entity: the key of a native record, and how the system stamps a change the way the real
/// one would (its own last-change field, in its own format). Generation makes realistic native records from a seed.
/// </summary>
internal sealed record RecordKind(
    string Entity,
    Func<JsonObject, string?> KeyOf,
    Action<JsonObject, DateTimeOffset> StampChanged,
    Func<int, int, DateTimeOffset, IEnumerable<JsonObject>> Generate);

/// <summary>
/// The native records of one entity in one emulator instance, in insertion order (the order list APIs page through).
/// Records are JSON objects in the system's own wire shape; readers get deep copies, so nothing outside can change them.
/// </summary>
internal sealed class RecordSet(RecordKind kind)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<JsonObject?> _rows = []; // null marks a deleted row; compacted when many pile up
    private int _deleted;
    private long _version;
    // field -> its text -> keys of the records with it; built on the first lookup by the field, kept by every change.
    private readonly Dictionary<string, Dictionary<string, HashSet<string>>> _fieldIndexes = new(StringComparer.Ordinal);

    public RecordKind Kind { get; } = kind;

    public int Count
    {
        get { lock (_lock) return _index.Count; }
    }

    /// <summary>Creates the record, or replaces the one with the same key, stamping the change.</summary>
    public JsonObject Upsert(JsonObject native, DateTimeOffset now, bool stamp = true)
    {
        var copy = native.DeepClone().AsObject();
        var key = Kind.KeyOf(copy) ?? throw new ArgumentException($"The {Kind.Entity} record has no key.");
        if (stamp) Kind.StampChanged(copy, now);
        lock (_lock)
        {
            if (_index.TryGetValue(key, out var at)) Replace(at, key, copy);
            else
            {
                _index[key] = _rows.Count;
                _rows.Add(copy);
                IndexFields(key, copy);
            }
            _version++;
        }
        return copy.DeepClone().AsObject();
    }

    /// <summary>Merges top-level fields into the record (a field set to null is removed) and stamps the change.</summary>
    public JsonObject? Patch(string key, JsonObject fields, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!_index.TryGetValue(key, out var at)) return null;
            var row = _rows[at]!.DeepClone().AsObject();
            foreach (var (name, value) in fields)
            {
                if (value is null) row.Remove(name);
                else row[name] = value.DeepClone();
            }
            Kind.StampChanged(row, now);
            Replace(at, key, row);
            _version++;
            return row.DeepClone().AsObject();
        }
    }

    /// <summary>Applies a change to the stored record in place (the system's own write logic); stamps it.</summary>
    public JsonObject? Update(string key, Action<JsonObject> change, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!_index.TryGetValue(key, out var at)) return null;
            var row = _rows[at]!.DeepClone().AsObject();
            change(row);
            Kind.StampChanged(row, now);
            Replace(at, key, row);
            _version++;
            return row.DeepClone().AsObject();
        }
    }

    /// <summary>A hard delete at the source: the record is simply gone.</summary>
    public bool Delete(string key)
    {
        lock (_lock)
        {
            if (!_index.Remove(key, out var at)) return false;
            UnindexFields(key, _rows[at]!);
            _rows[at] = null;
            _version++;
            if (++_deleted > 1024 && _deleted > _rows.Count / 4) Compact();
            return true;
        }
    }

    public JsonObject? Get(string key)
    {
        lock (_lock)
            return _index.TryGetValue(key, out var at) ? _rows[at]!.DeepClone().AsObject() : null;
    }

    /// <summary>All live records in insertion order, copied.</summary>
    public IReadOnlyList<JsonObject> All() => Where(_ => true);

    /// <summary>The live records that match, in insertion order, copied.</summary>
    public IReadOnlyList<JsonObject> Where(Func<JsonObject, bool> predicate)
    {
        lock (_lock)
            return _rows.Where(r => r is not null && predicate(r)).Select(r => r!.DeepClone().AsObject()).ToList();
    }

    /// <summary>The live records whose top-level <paramref name="field"/> reads <paramref name="text"/> (a string, or a
    /// number's digits), in insertion order, copied. Lookups by external id run on every write of some systems: the first
    /// lookup by a field indexes it, so later ones do not walk the set.</summary>
    public IReadOnlyList<JsonObject> WithField(string field, string text)
    {
        lock (_lock)
        {
            if (!_fieldIndexes.TryGetValue(field, out var index))
            {
                _fieldIndexes[field] = index = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
                foreach (var (key, at) in _index) Add(index, FieldText(_rows[at]!, field), key);
            }
            if (!index.TryGetValue(text, out var keys)) return [];
            return keys.Select(k => _index[k]).Order().Select(at => _rows[at]!.DeepClone().AsObject()).ToList();
        }
    }

    private void Replace(int at, string key, JsonObject row)
    {
        UnindexFields(key, _rows[at]!);
        _rows[at] = row;
        IndexFields(key, row);
    }

    private void IndexFields(string key, JsonObject row)
    {
        foreach (var (field, index) in _fieldIndexes) Add(index, FieldText(row, field), key);
    }

    private void UnindexFields(string key, JsonObject row)
    {
        foreach (var (field, index) in _fieldIndexes)
        {
            if (FieldText(row, field) is { } text && index.TryGetValue(text, out var keys) && keys.Remove(key) && keys.Count == 0)
                index.Remove(text);
        }
    }

    private static void Add(Dictionary<string, HashSet<string>> index, string? text, string key)
    {
        if (text is null) return;
        if (!index.TryGetValue(text, out var keys)) index[text] = keys = new HashSet<string>(StringComparer.Ordinal);
        keys.Add(key);
    }

    private static string? FieldText(JsonObject row, string field) =>
        row.TryGetPropertyValue(field, out var node) && node is JsonValue value ? value.ToString() : null;

    /// <summary>
    /// The stored records themselves (not copies; the store replaces a record object whenever it changes it, and never
    /// edits one it has handed out) in insertion order, and the set's version; null records when the version is still
    /// <paramref name="knownVersion"/>, so an unchanged set is not walked. Touching each record's Count materializes its
    /// top-level properties while the lock is held, so later concurrent reads never race on that lazy step.
    /// </summary>
    public (JsonObject[]? Records, long Version) StoredSince(long knownVersion)
    {
        lock (_lock)
        {
            if (_version == knownVersion) return (null, _version);
            var records = new JsonObject[_index.Count];
            var i = 0;
            foreach (var row in _rows)
            {
                if (row is null) continue;
                _ = row.Count;
                records[i++] = row;
            }
            return (records, _version);
        }
    }

    /// <summary>One page of the live records in insertion order, and how many there are in all.</summary>
    public (IReadOnlyList<JsonObject> Page, int Total) Page(int offset, int limit)
    {
        lock (_lock)
        {
            var page = _rows.Where(r => r is not null).Skip(offset).Take(limit).Select(r => r!.DeepClone().AsObject()).ToList();
            return (page, _index.Count);
        }
    }

    /// <summary>Adds generated records (they carry their own change stamps, spread over the past).</summary>
    public int Generate(int count, int seed, DateTimeOffset now)
    {
        var added = 0;
        foreach (var record in Kind.Generate(count, seed, now))
        {
            Upsert(record, now, stamp: false);
            added++;
        }
        return added;
    }

    private void Compact()
    {
        var live = _rows.Where(r => r is not null).ToList();
        _rows.Clear();
        _index.Clear();
        foreach (var row in live)
        {
            _index[Kind.KeyOf(row!)!] = _rows.Count;
            _rows.Add(row);
        }
        _deleted = 0;
    }
}

/// <summary>The entities one instance keeps, by unified entity name (purchase_order, work_order, inventory_item,
/// vendor, asset).</summary>
internal sealed class RecordBook
{
    private readonly Dictionary<string, RecordSet> _sets = new(StringComparer.Ordinal);

    public IEnumerable<string> Entities => _sets.Keys;

    public RecordSet Define(RecordKind kind) => _sets[kind.Entity] = new RecordSet(kind);

    public bool TryGet(string entity, out RecordSet set) => _sets.TryGetValue(entity, out set!);

    public RecordSet this[string entity] => _sets[entity];
}
