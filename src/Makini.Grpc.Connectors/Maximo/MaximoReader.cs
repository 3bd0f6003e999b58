using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Http;
using Makini.Grpc.Connectors.Reading;

namespace Makini.Grpc.Connectors.Maximo;

/// <summary>
/// Reads Maximo's object structures (lean JSON, <c>oslc.select=*</c>) and maps them into the unified model. Pages are
/// ordered by <c>changedate</c>, then the unique id, and continue from a watermark (<see cref="MaximoWatermark"/>);
/// the key scan pages by the unique id (<c>workorderid&gt;N</c>), so neither skips records when data changes meanwhile.
/// </summary>
public sealed class MaximoReader(IHttpClientFactory httpClientFactory) : IEntityReader
{
    internal const int PageSize = 200;
    internal const int KeyPageSize = 1000;

    private static readonly Dictionary<EntityKind, MaximoEntity> Entities = new[]
    {
        MaximoPurchaseOrders.Entity, MaximoWorkOrders.Entity, MaximoInventory.Entity, MaximoVendors.Entity, MaximoAssets.Entity,
    }.ToDictionary(e => e.Kind);

    private readonly MaximoApi _api = new(httpClientFactory);
    private readonly ConcurrentDictionary<string, string> _baseCurrencies = new(StringComparer.Ordinal);

    public string SystemId => SystemCatalog.Maximo;

    /// <summary>Every Maximo entity has changedate, so every one reads incrementally.</summary>
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
        var mark = cursor is null ? MaximoWatermark.Start(changedSince) : MaximoWatermark.Decode(cursor);
        var context = new MaximoMapContext(entity == EntityKind.InventoryItem ? await BaseCurrencyAsync(target, ct) : "");

        var pageNumber = mark.FirstPage(PageSize);
        var resuming = pageNumber > 1;
        while (true)
        {
            var page = await _api.QueryAsync(target, definition.ObjectStructure, PageQuery(definition, mark, pageNumber), ct);
            if (resuming && (page.Members.Count == 0 || !mark.Returned(ChangedAt(page.Members[0]), IdOf(definition, page.Members[0]))))
            {
                // Records at the watermark changed since the last page, so positions moved: scan that change time from
                // its start (only once; from there pages advance until something new turns up).
                resuming = false;
                pageNumber = 1;
                continue;
            }
            resuming = false;
            var fresh = page.Members
                .Select((member, index) => (Member: member, Index: index))
                .Where(m => !mark.Returned(ChangedAt(m.Member), IdOf(definition, m.Member)))
                .ToList();
            if (fresh.Count == 0 && page.HasNextPage)
            {
                pageNumber++;
                continue;
            }
            var records = fresh.Select(m => ToSourceRecord(definition, m.Member, context)).ToList();
            var next = page.HasNextPage ? NextMark(definition, mark, fresh, pageNumber) : null;
            return new SourcePage(records, next?.Encode());
        }
    }

    public async Task<KeyPage> ReadKeysAsync(SourceTarget target, EntityKind entity, string? cursor, CancellationToken ct)
    {
        var definition = EntityOf(entity);
        CredentialGuard.Require(target, SystemId);
        var parameters = new List<(string, string)>
        {
            ("oslc.select", string.Join(',', definition.KeyAttributes.Prepend(definition.IdAttribute).Distinct())),
            ("oslc.orderBy", "+" + definition.IdAttribute),
            ("oslc.pageSize", KeyPageSize.ToString(CultureInfo.InvariantCulture)),
        };
        if (cursor is not null)
        {
            if (!long.TryParse(cursor, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var after))
                throw new ArgumentException("Not a Maximo key cursor.", nameof(cursor));
            parameters.Add(("oslc.where", $"{definition.IdAttribute}>{after.ToString(CultureInfo.InvariantCulture)}"));
        }
        var page = await _api.QueryAsync(target, definition.ObjectStructure, parameters, ct);
        var keys = page.Members.Select(definition.RemoteIdOf).Where(k => k.Length > 0).ToList();
        var next = page.HasNextPage && page.Members.Count > 0
            ? IdOf(definition, page.Members[^1]).ToString(CultureInfo.InvariantCulture)
            : null;
        return new KeyPage(keys, next);
    }

    private MaximoEntity EntityOf(EntityKind entity) =>
        Entities.TryGetValue(entity, out var definition) ? definition : throw new EntityNotSupportedException(SystemId, entity);

    private static IEnumerable<(string, string)> PageQuery(MaximoEntity definition, MaximoWatermark mark, int pageNumber)
    {
        yield return ("oslc.select", "*");
        if (mark.Where() is { } where) yield return ("oslc.where", where);
        yield return ("oslc.orderBy", $"+{MaximoEntity.ChangeAttribute},+{definition.IdAttribute}");
        yield return ("oslc.pageSize", PageSize.ToString(CultureInfo.InvariantCulture));
        yield return ("pageno", pageNumber.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The watermark after the last record returned. When it moved to a later change time, the records at that
    /// time all sit at the end of this page (earlier pages hold only older ones), so counting them here is exact.</summary>
    private static MaximoWatermark? NextMark(MaximoEntity definition, MaximoWatermark mark, List<(JsonObject Member, int Index)> fresh, int pageNumber)
    {
        if (fresh.Count == 0) return mark;
        var (last, index) = fresh[^1];
        // Maximo sets changedate on every save; a record without one sorts last and ends the read.
        if (ChangedAt(last) is not { } changed) return null;
        var seen = changed == mark.Since
            ? ((pageNumber - 1) * PageSize) + index + 1
            : fresh.Count(m => ChangedAt(m.Member) == changed);
        return new MaximoWatermark(changed, seen, IdOf(definition, last));
    }

    private static SourceRecord ToSourceRecord(MaximoEntity definition, JsonObject member, MaximoMapContext context) =>
        definition.ToSourceRecord(member, context);

    private static DateTimeOffset? ChangedAt(JsonObject member) => MaximoFields.Instant(member[MaximoEntity.ChangeAttribute]);

    /// <summary>The unique numeric id; 0 when missing, so such a record is never taken for one already returned.</summary>
    private static long IdOf(MaximoEntity definition, JsonObject member) =>
        long.TryParse(Normalize.Text(member[definition.IdAttribute]), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id) ? id : 0;

    /// <summary>The organization's base currency from whoami (inventory costs carry no currency of their own), once per server.</summary>
    private async Task<string> BaseCurrencyAsync(SourceTarget target, CancellationToken ct)
    {
        var server = target.BaseUrl.AbsoluteUri;
        if (_baseCurrencies.TryGetValue(server, out var known)) return known;
        var whoami = await _api.GetAsync(target, MaximoConnector.CheckPath, "", ct);
        return _baseCurrencies[server] = Normalize.Text(whoami["baseCurrency"]);
    }
}
