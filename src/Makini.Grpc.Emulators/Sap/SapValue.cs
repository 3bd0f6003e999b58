using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.Sap;

internal enum SapValueKind { Null, String, Boolean, Number, Instant, Time }

/// <summary>
/// A property value or a URL literal, typed enough to compare the way Gateway does: instants by time (wire strings
/// <c>/Date(...)/</c>), Edm.Time by duration, decimals (sent as strings) by value, everything else ordinally.
/// </summary>
internal readonly record struct SapValue(SapValueKind Kind, string Text = "", decimal Number = 0, long Ticks = 0, bool Flag = false)
{
    public static readonly SapValue Null = new(SapValueKind.Null);

    public static SapValue String(string text) => new(SapValueKind.String, text);

    public static SapValue Instant(DateTimeOffset instant) => new(SapValueKind.Instant, Ticks: instant.ToUnixTimeMilliseconds());

    public static SapValue InstantMilliseconds(long milliseconds) => new(SapValueKind.Instant, Ticks: milliseconds);

    public static SapValue Time(TimeSpan time) => new(SapValueKind.Time, Ticks: time.Ticks);

    public static SapValue Boolean(bool flag) => new(SapValueKind.Boolean, Flag: flag);

    public static SapValue Decimal(decimal number) => new(SapValueKind.Number, Number: number);

    /// <summary>A wire string: <c>/Date(...)/</c> is an instant and <c>PT..H..M..S</c> a time; anything else is text.</summary>
    public static SapValue FromWire(string text)
    {
        if (text.StartsWith("/Date(", StringComparison.Ordinal) && SapDates.TryParseMilliseconds(text, out var ms))
            return InstantMilliseconds(ms);
        if (text.StartsWith("PT", StringComparison.Ordinal) && SapDates.TryParseTime(text, out var time))
            return Time(time);
        return String(text);
    }

    public static SapValue FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => FromWire(element.GetString()!),
        JsonValueKind.True => Boolean(true),
        JsonValueKind.False => Boolean(false),
        JsonValueKind.Number => Decimal(element.GetDecimal()),
        _ => Null,
    };

    public static SapValue FromJson(JsonNode? node) => node is JsonValue value ? value.GetValueKind() switch
    {
        JsonValueKind.String => FromWire(value.GetValue<string>()),
        JsonValueKind.True => Boolean(true),
        JsonValueKind.False => Boolean(false),
        JsonValueKind.Number => decimal.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? Decimal(d) : Null,
        _ => Null,
    } : Null;

    /// <summary>Orders two values; null when they cannot be compared (a null on one side, or unrelated types).</summary>
    public static int? Compare(SapValue left, SapValue right)
    {
        if (left.Kind == SapValueKind.Null || right.Kind == SapValueKind.Null)
            return left.Kind == right.Kind ? 0 : null;
        if (left.Kind == right.Kind)
        {
            return left.Kind switch
            {
                SapValueKind.String => string.CompareOrdinal(left.Text, right.Text),
                SapValueKind.Boolean => left.Flag.CompareTo(right.Flag),
                SapValueKind.Number => left.Number.CompareTo(right.Number),
                _ => left.Ticks.CompareTo(right.Ticks),
            };
        }
        // Edm.Decimal travels as a JSON string; compare it to a number literal by value.
        if (left.Kind == SapValueKind.String && right.Kind == SapValueKind.Number && TryDecimal(left.Text, out var l))
            return l.CompareTo(right.Number);
        if (left.Kind == SapValueKind.Number && right.Kind == SapValueKind.String && TryDecimal(right.Text, out var r))
            return left.Number.CompareTo(r);
        return null;
    }

    /// <summary>A total order for $orderby: nulls first, then by kind, then by value.</summary>
    public static int Order(SapValue left, SapValue right) =>
        Compare(left, right) ?? left.Kind.CompareTo(right.Kind);

    private static bool TryDecimal(string text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
