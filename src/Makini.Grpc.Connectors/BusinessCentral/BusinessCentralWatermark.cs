using System.Globalization;
using System.Text.Json.Nodes;

namespace Makini.Grpc.Connectors.BusinessCentral;

/// <summary>
/// Where a change-ordered read stands: the lastModifiedDateTime of the last entity returned (as the API wrote it) and
/// the ids (first <see cref="IdPrefixLength"/> characters) of the entities at exactly that time already returned.
/// The next page asks for <c>lastModifiedDateTime ge</c> that time again and leaves those out, so an entity modified
/// during the run moves later (and is read again) without any other being skipped. Cursor text: "{time}|{id}.{id}".
/// </summary>
public sealed record BusinessCentralWatermark(string Time, DateTimeOffset Instant, IReadOnlySet<string> SeenAtTime)
{
    /// <summary>Eight hex digits of a random GUID tell the few entities sharing one millisecond apart.</summary>
    public const int IdPrefixLength = 8;

    public static BusinessCentralWatermark? Parse(string? cursor)
    {
        if (cursor is null) return null;
        var bar = cursor.IndexOf('|');
        if (bar <= 0 || !TryInstant(cursor[..bar], out var instant))
            throw new ArgumentException($"'{cursor}' is not a Business Central cursor.", nameof(cursor));
        var seen = cursor[(bar + 1)..].Split('.', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        return new BusinessCentralWatermark(cursor[..bar], instant, seen);
    }

    public override string ToString() => $"{Time}|{string.Join('.', SeenAtTime.Order(StringComparer.Ordinal))}";

    /// <summary>Whether an entity of the API's answer was already returned at this watermark.</summary>
    public bool AlreadyReturned(JsonObject entity) =>
        TryInstant(BusinessCentralFields.Text(entity["lastModifiedDateTime"]), out var at) && at == Instant
        && SeenAtTime.Contains(PrefixOf(entity));

    /// <summary>The watermark after returning <paramref name="returned"/> (in change order) from <paramref name="previous"/>.</summary>
    public static BusinessCentralWatermark After(BusinessCentralWatermark? previous, IReadOnlyList<JsonObject> returned)
    {
        var time = BusinessCentralFields.Text(returned[^1]["lastModifiedDateTime"]);
        if (!TryInstant(time, out var instant))
            throw new FormatException($"lastModifiedDateTime '{time}' is not an instant.");
        var seen = returned
            .Where(e => TryInstant(BusinessCentralFields.Text(e["lastModifiedDateTime"]), out var at) && at == instant)
            .Select(PrefixOf)
            .ToHashSet(StringComparer.Ordinal);
        if (previous is not null && previous.Instant == instant) seen.UnionWith(previous.SeenAtTime);
        return new BusinessCentralWatermark(time, instant, seen);
    }

    private static string PrefixOf(JsonObject entity)
    {
        var id = BusinessCentralFields.Text(entity["id"]).ToLowerInvariant();
        return id.Length > IdPrefixLength ? id[..IdPrefixLength] : id;
    }

    private static bool TryInstant(string text, out DateTimeOffset instant) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant);
}
