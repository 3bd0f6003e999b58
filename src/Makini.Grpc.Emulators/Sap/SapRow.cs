using System.Text.Json;
using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.Sap;

/// <summary>
/// One row of an entity set: a stored record (read-only here: the record store replaces records, never edits them)
/// or a row nested in one. Key values and the change instant are read once, so ordering and the usual filters never
/// touch the JSON again.
/// </summary>
internal sealed class SapRow
{
    private readonly JsonObject? _record;
    private readonly JsonElement _element;
    private readonly SapEntitySet _set;

    private SapRow(JsonObject? record, JsonElement element, SapEntitySet set)
    {
        _record = record;
        _element = element;
        _set = set;
        Keys = new SapValue[set.Keys.Count];
        for (var i = 0; i < Keys.Length; i++) Keys[i] = Read(set.Keys[i]);
        ChangeMilliseconds = set.ChangeField is { } field && Read(field) is { Kind: SapValueKind.Instant } change
            ? change.Ticks
            : long.MinValue;
    }

    /// <summary>The stored record this row is (null for a nested row).</summary>
    public JsonObject? Record => _record;

    public SapValue[] Keys { get; }

    /// <summary>The change instant in unix milliseconds; <see cref="long.MinValue"/> when the set has none.</summary>
    public long ChangeMilliseconds { get; }

    public static SapRow OfRecord(JsonObject record, SapEntitySet set) => new(record, default, set);

    public static SapRow OfElement(JsonElement element, SapEntitySet set) => new(null, element, set);

    /// <summary>A property's value; keys and the change instant come from what was read when the row was made.</summary>
    public SapValue Property(string name)
    {
        if (name == _set.ChangeField && ChangeMilliseconds != long.MinValue) return SapValue.InstantMilliseconds(ChangeMilliseconds);
        for (var i = 0; i < Keys.Length; i++)
            if (_set.Keys[i] == name) return Keys[i];
        return Read(name);
    }

    private SapValue Read(string name)
    {
        if (_record is not null)
            return _record.TryGetPropertyValue(name, out var node) ? SapValue.FromJson(node) : SapValue.Null;
        return _element.TryGetProperty(name, out var value) ? SapValue.FromJson(value) : SapValue.Null;
    }

    /// <summary>The row as a JSON element, for writing: a fresh copy of a stored record, so it is safe to read freely.</summary>
    public JsonElement Element() => _record is null ? _element : JsonSerializer.SerializeToElement(_record);

    /// <summary>Orders rows by their key values, property by property.</summary>
    public static int CompareKeys(SapRow left, SapRow right)
    {
        for (var i = 0; i < left.Keys.Length; i++)
        {
            var order = SapValue.Order(left.Keys[i], right.Keys[i]);
            if (order != 0) return order;
        }
        return 0;
    }

    /// <summary>Orders rows by change instant, then key: the stable order a watermark reader pages through.</summary>
    public static int CompareChange(SapRow left, SapRow right)
    {
        var order = left.ChangeMilliseconds.CompareTo(right.ChangeMilliseconds);
        return order != 0 ? order : CompareKeys(left, right);
    }
}
