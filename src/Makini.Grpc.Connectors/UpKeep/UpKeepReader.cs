using System.Globalization;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Http;
using Makini.Grpc.Connectors.Reading;

namespace Makini.Grpc.Connectors.UpKeep;

/// <summary>
/// Reads UpKeep API v2 lists and maps them into the unified model. UpKeep cannot order a list by change time, so
/// pages follow its default (creation) order with offset and limit, where a change does not move a record. Each page
/// starts a few records before the previous one ended, so a record deleted meanwhile (which shifts the rest back)
/// costs a few repeated records instead of a skipped one. The cursor is the next offset. Incremental reads use
/// <c>updatedAtGreaterThan</c> (UNVERIFIED: no UpKeep documentation confirms an incremental filter name).
/// </summary>
public sealed class UpKeepReader(IHttpClientFactory httpClientFactory, UpKeepSessionProvider sessions) : IEntityReader
{
    internal const int PageSize = 100;
    internal const int KeyPageSize = 250;
    internal const int Overlap = 5;

    private static readonly Dictionary<EntityKind, UpKeepEntity> Entities = new[]
    {
        UpKeepPurchasingMappings.PurchaseOrders, UpKeepMaintenanceMappings.WorkOrders, UpKeepPurchasingMappings.Parts,
        UpKeepPurchasingMappings.Vendors, UpKeepMaintenanceMappings.Assets,
    }.ToDictionary(e => e.Kind);

    private readonly UpKeepApi _api = new(httpClientFactory, sessions);

    public string SystemId => SystemCatalog.UpKeep;

    /// <summary>Every UpKeep record has updatedAt, so every entity reads incrementally.</summary>
    public ReadMode ModeOf(EntityKind entity)
    {
        _ = EntityOf(entity);
        return ReadMode.Incremental;
    }

    public EntityMapping MappingOf(EntityKind entity) => EntityOf(entity).Mapping;

    public async Task<SourcePage> ReadPageAsync(SourceTarget target, EntityKind entity, DateTimeOffset? changedSince, string? cursor, CancellationToken ct)
    {
        var definition = EntityOf(entity);
        CredentialGuard.Require(target, SystemId);
        var (results, next) = await ListAsync(target, definition, cursor, PageSize, ChangeFilter(changedSince), ct);
        var records = results
            .Select(r => new SourceRecord(Normalize.Text(r["id"]), definition.Map(r), r, UpKeepFields.Instant(r["updatedAt"])))
            .Where(r => r.RemoteId.Length > 0)
            .ToList();
        return new SourcePage(records, next);
    }

    /// <summary>UpKeep has no field selection, so the key scan reads whole records in larger pages and keeps the ids.</summary>
    public async Task<KeyPage> ReadKeysAsync(SourceTarget target, EntityKind entity, string? cursor, CancellationToken ct)
    {
        var definition = EntityOf(entity);
        CredentialGuard.Require(target, SystemId);
        var (results, next) = await ListAsync(target, definition, cursor, KeyPageSize, "", ct);
        return new KeyPage(results.Select(r => Normalize.Text(r["id"])).Where(id => id.Length > 0).ToList(), next);
    }

    private UpKeepEntity EntityOf(EntityKind entity) =>
        Entities.TryGetValue(entity, out var definition) ? definition : throw new EntityNotSupportedException(SystemId, entity);

    private async Task<(IReadOnlyList<JsonObject> Results, string? Next)> ListAsync(SourceTarget target, UpKeepEntity definition, string? cursor,
        int limit, string filter, CancellationToken ct)
    {
        var position = 0;
        if (cursor is not null && (!int.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out position)))
            throw new ArgumentException("Not an UpKeep read cursor.", nameof(cursor));
        var offset = Math.Max(0, position - Overlap);
        var query = string.Create(CultureInfo.InvariantCulture, $"offset={offset}&limit={limit}{filter}");
        var results = await _api.ListAsync(target, definition.Path, query, ct);
        // A short page (or UpKeep's 404 for an empty one) is the last.
        var next = results.Count < limit ? null : (offset + results.Count).ToString(CultureInfo.InvariantCulture);
        return (results, next);
    }

    /// <summary>"Changed at or after" as UpKeep's strict greater-than: one millisecond (UpKeep's precision) earlier.</summary>
    private static string ChangeFilter(DateTimeOffset? changedSince)
    {
        if (changedSince is not { } since) return "";
        var bound = new DateTimeOffset(since.UtcTicks - (since.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero).AddMilliseconds(-1);
        return "&updatedAtGreaterThan=" + Uri.EscapeDataString(bound.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    }
}
