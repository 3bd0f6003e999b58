using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.Maximo;

/// <summary>An attribute value as Maximo's query layer sees it: a number, a date-time instant, a boolean or text.
/// Used for oslc.where comparisons and oslc.orderBy; null sorts last (as DB2 and Oracle do in ascending order).</summary>
internal readonly record struct MaximoValue(MaximoValueKind Kind, decimal Number, DateTimeOffset Instant, string Text) : IComparable<MaximoValue>
{
    public static readonly MaximoValue Null = new(MaximoValueKind.Null, 0, default, "");

    public bool IsNull => Kind == MaximoValueKind.Null;

    public static MaximoValue Of(JsonNode? node)
    {
        if (node is not JsonValue value) return Null;
        return value.GetValueKind() switch
        {
            JsonValueKind.Number => FromNumberText(value.ToJsonString()),
            JsonValueKind.True => new(MaximoValueKind.Number, 1, default, "1"),
            JsonValueKind.False => new(MaximoValueKind.Number, 0, default, "0"),
            JsonValueKind.String => FromString(value.GetValue<string>()),
            _ => Null,
        };
    }

    public static MaximoValue FromString(string text) =>
        MaximoDates.LooksLikeDateTime(text) && MaximoDates.TryParse(text, out var instant)
            ? new(MaximoValueKind.Instant, 0, instant, text)
            : new(MaximoValueKind.Text, 0, default, text);

    public static MaximoValue FromNumberText(string text) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? new(MaximoValueKind.Number, number, default, text)
            : new(MaximoValueKind.Text, 0, default, text);

    /// <summary>The plain text of a scalar JSON value ("" for null, objects and arrays).</summary>
    public static string TextOf(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
        _ => "",
    };

    public int CompareTo(MaximoValue other)
    {
        if (IsNull || other.IsNull) return (IsNull ? 1 : 0) - (other.IsNull ? 1 : 0);
        return (Kind, other.Kind) switch
        {
            (MaximoValueKind.Number, MaximoValueKind.Number) => Number.CompareTo(other.Number),
            (MaximoValueKind.Instant, MaximoValueKind.Instant) => Instant.CompareTo(other.Instant),
            (MaximoValueKind.Number, MaximoValueKind.Text) when other.AsNumber() is { } n => Number.CompareTo(n),
            (MaximoValueKind.Text, MaximoValueKind.Number) when AsNumber() is { } n => n.CompareTo(other.Number),
            _ => string.Compare(Text, other.Text, StringComparison.OrdinalIgnoreCase),
        };
    }

    /// <summary>Equality as oslc.where "=" means it: instants by instant, numbers by value, text ignoring case.</summary>
    public bool Matches(MaximoValue other) => !IsNull && !other.IsNull && CompareTo(other) == 0;

    private decimal? AsNumber() =>
        decimal.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null;
}

internal enum MaximoValueKind { Null, Number, Instant, Text }
