using System.Text.Json.Nodes;
using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.Sap;

/// <summary>
/// The five record kinds of the SAP instance: native key, how S/4HANA stamps a change, and the generator.
/// Control-API writes stamp like SAP does: LastChangeDateTime (Edm.DateTimeOffset) on orders and equipment;
/// CreationDate/CreationTime for a new business partner and LastChangeDate/LastChangeTime for a changed one;
/// nothing on stock, which has no change time.
/// </summary>
internal static class SapRecordKinds
{
    public static IEnumerable<RecordKind> All(SapNumberRanges numbers) =>
    [
        new(SapEntities.PurchaseOrder, r => Text(r, "PurchaseOrder"), StampDocument,
            (count, seed, now) => SapPurchaseOrders.Generate(numbers, count, seed, now)),
        new(SapEntities.WorkOrder, r => Text(r, "MaintenanceOrder"), StampDocument,
            (count, seed, now) => SapMaintenanceOrders.Generate(numbers, count, seed, now)),
        new(SapEntities.Asset, r => Text(r, "Equipment"), StampEquipment,
            (count, seed, now) => SapEquipments.Generate(numbers, count, seed, now)),
        new(SapEntities.Vendor, r => Text(r, "BusinessPartner"), StampBusinessPartner,
            (count, seed, now) => SapBusinessPartners.Generate(numbers, count, seed, now)),
        new(SapEntities.InventoryItem, StockKey, (_, _) => { },
            (count, seed, now) => SapStock.Generate(numbers, count, seed, now)),
        // Posted documents are never changed; they are created only by goods movements.
        new(SapEntities.MaterialDocument, r => Text(r, "MaterialDocumentYear") is { } year && Text(r, "MaterialDocument") is { } number ? $"{year}|{number}" : null,
            (_, _) => { }, (_, _, _) => []),
    ];

    /// <summary>The stock row's eleven key values joined by '|', e.g. <c>TG11|1010|101A||||00000000||000000||01</c>
    /// (the connector uses the same composite as the remote id).</summary>
    public static string? StockKey(JsonObject row)
    {
        var values = SapEntities.StockKeys.Select(k => row[k] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).ToList();
        return values.Any(v => v is null) || values[0]!.Length == 0 ? null : string.Join('|', values);
    }

    private static string? Text(JsonObject row, string property) =>
        row[property] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    private static void StampDocument(JsonObject row, DateTimeOffset now)
    {
        row["LastChangeDateTime"] = SapDates.DateTimeOffset(After(row, CeilingMilliseconds(now)));
        if (row["CreationDate"] is null && row.ContainsKey("PurchaseOrder"))
            row["CreationDate"] = SapDates.DateTime(DateOnly.FromDateTime(now.UtcDateTime));
    }

    private static void StampEquipment(JsonObject row, DateTimeOffset now)
    {
        row["LastChangeDateTime"] = SapDates.DateTimeOffset(After(row, CeilingMilliseconds(now)));
        row["CreationDate"] ??= SapDates.DateTime(DateOnly.FromDateTime(now.UtcDateTime));
        row["ValidityEndDate"] ??= SapDates.DateTime(SapDates.EndOfTime);
    }

    /// <summary>A new partner gets its creation stamp and no change date; a changed one gets LastChangeDate/Time.</summary>
    private static void StampBusinessPartner(JsonObject row, DateTimeOffset now)
    {
        var at = Seconds(now);
        if (row["CreationDate"] is null)
        {
            row["CreationDate"] = SapDates.DateTime(DateOnly.FromDateTime(at.UtcDateTime));
            row["CreationTime"] = SapDates.Time(at.UtcDateTime.TimeOfDay);
            row["LastChangeDate"] = null;
            row["LastChangeTime"] = "PT00H00M00S";
            return;
        }
        row["LastChangeDate"] = SapDates.DateTime(DateOnly.FromDateTime(at.UtcDateTime));
        row["LastChangeTime"] = SapDates.Time(at.UtcDateTime.TimeOfDay);
    }

    /// <summary>The stamp, or a millisecond past the record's current one: two changes in one millisecond must still
    /// give two ETags (the ETag is the stamp), or a stale If-Match would pass.</summary>
    private static DateTimeOffset After(JsonObject row, DateTimeOffset stamp) =>
        row["LastChangeDateTime"] is JsonValue value && value.TryGetValue<string>(out var text) && SapDates.TryParseMilliseconds(text, out var ms)
        && ms >= stamp.ToUnixTimeMilliseconds()
            ? System.DateTimeOffset.FromUnixTimeMilliseconds(ms + 1)
            : stamp;

    // Edm.Time holds whole seconds.
    private static DateTimeOffset Seconds(DateTimeOffset now) =>
        new(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    // SAP stores LastChangeDateTime to 100 ns but JSON shows milliseconds; rounding up keeps "changed at or after T"
    // true for a change made after T, as it is on the real system.
    private static DateTimeOffset CeilingMilliseconds(DateTimeOffset now)
    {
        var rest = now.UtcTicks % TimeSpan.TicksPerMillisecond;
        return new DateTimeOffset(now.UtcTicks - rest + (rest == 0 ? 0 : TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }
}
