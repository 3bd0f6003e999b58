using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Http;
using Makini.Grpc.Connectors.Reading;
using Microsoft.Extensions.Options;

namespace Makini.Grpc.Connectors.Sap;

/// <summary>
/// Reads S/4HANA records through its OData v2 APIs and maps them into the unified model. Orders and equipment
/// page by watermark on LastChangeDateTime (oldest change first); suppliers and stock page in key order.
/// </summary>
public sealed class SapReader(IHttpClientFactory httpClientFactory, IOptions<SourceHttpOptions> http) : IEntityReader
{
    /// <summary>Records per page: well below Gateway's server-side page, so one request is one page.</summary>
    internal const int PageSize = 500;

    /// <summary>Keys per page of the id-only scan (a few bytes a row).</summary>
    internal const int KeyPageSize = 1000;

    private readonly SapODataClient _client = new(httpClientFactory, http.Value.AttemptTimeout);

    public string SystemId => SystemCatalog.Sap;

    public ReadMode ModeOf(EntityKind entity) => ReadOf(entity).Mode;

    public EntityMapping MappingOf(EntityKind entity) => ReadOf(entity).Mapping;

    public async Task<SourcePage> ReadPageAsync(SourceTarget target, EntityKind entity, DateTimeOffset? changedSince, string? cursor, CancellationToken ct)
    {
        var read = ReadOf(entity);
        var position = SapCursor.Parse(cursor);
        if (read.Mode == ReadMode.Snapshot) changedSince = null;
        return read.Paging == SapPaging.Watermark
            ? await ReadByWatermarkAsync(target, read, changedSince, position, ct)
            : await ReadByOffsetAsync(target, read, changedSince, position, ct);
    }

    public async Task<KeyPage> ReadKeysAsync(SourceTarget target, EntityKind entity, string? cursor, CancellationToken ct)
    {
        var read = ReadOf(entity);
        var skip = SapCursor.Parse(cursor).Skip;
        var options = new List<(string, string)> { ("$select", read.Keys.Select), ("$orderby", read.Keys.Select) };
        if (read.Keys.Filter is { } filter) options.Add(("$filter", filter));
        options.Add(("$top", KeyPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        options.Add(("$skip", skip.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        using var page = await _client.GetFeedAsync(target, read.Service, read.Keys.EntitySet, options, ct);
        var ids = page.Results.Select(read.Keys.RemoteIdOf).ToList();
        var done = page.Next is null && page.Results.Count < KeyPageSize;
        return new KeyPage(ids, done ? null : new SapCursor(null, skip + page.Results.Count).Offset());
    }

    private async Task<SourcePage> ReadByWatermarkAsync(SourceTarget target, SapEntityRead read, DateTimeOffset? changedSince, SapCursor position, CancellationToken ct)
    {
        var change = read.ChangeField!;
        var since = position.Watermark is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : changedSince;
        var filters = new List<string>();
        if (read.BaseFilter is { } baseFilter) filters.Add(baseFilter);
        if (since is { } s) filters.Add($"{change} ge {SapWire.DateTimeOffsetLiteral(s)}");
        // Without a watermark yet (no filter), the skip counts rows from the start, as an offset would.
        var options = Options(filters, $"{change},{read.KeyOrder}", position.Skip, read.Expand);
        var page = await _client.GetFeedAsync(target, read.Service, read.EntitySet, options, ct);
        try
        {
            return WatermarkPage(page, read, position);
        }
        catch
        {
            page.Dispose();
            throw;
        }
    }

    private static SourcePage WatermarkPage(SapFeedPage page, SapEntityRead read, SapCursor position)
    {
        var records = MapAll(page, read);
        if (IsLast(page, position.Skip)) return new SourcePage(records, null) { Buffers = page };
        var last = records[^1].ModifiedAt?.ToUnixTimeMilliseconds();
        var atLast = records.Count(r => r.ModifiedAt?.ToUnixTimeMilliseconds() == last);
        // Every row at the new watermark sorts first in the next "ge" read; when the watermark did not move, the
        // ones this page returned come on top of those already skipped.
        var skip = last is null ? position.Skip + records.Count
            : last == position.Watermark ? position.Skip + atLast
            : atLast;
        return new SourcePage(records, new SapCursor(last, skip).Watermarked()) { Buffers = page };
    }

    private async Task<SourcePage> ReadByOffsetAsync(SourceTarget target, SapEntityRead read, DateTimeOffset? changedSince, SapCursor position, CancellationToken ct)
    {
        var filters = new List<string>();
        if (changedSince is { } since && read.ChangedSinceFilter is { } changed) filters.Add(changed(since));
        else if (read.BaseFilter is { } baseFilter) filters.Add(baseFilter);
        var options = Options(filters, read.KeyOrder, position.Skip, read.Expand);
        var page = await _client.GetFeedAsync(target, read.Service, read.EntitySet, options, ct);
        try
        {
            var records = MapAll(page, read);
            return new SourcePage(records, IsLast(page, position.Skip) ? null : new SapCursor(null, position.Skip + records.Count).Offset()) { Buffers = page };
        }
        catch
        {
            page.Dispose();
            throw;
        }
    }

    /// <summary>The records keep views into the page's buffer (their raw JSON): the page goes with them as their
    /// <see cref="SourcePage.Buffers"/>.</summary>
    private static List<SourceRecord> MapAll(SapFeedPage page, SapEntityRead read)
    {
        var records = new List<SourceRecord>(page.Results.Count);
        foreach (var entity in page.Results) records.Add(read.Map(entity, page.RawOf(entity)));
        return records;
    }

    private static List<(string, string)> Options(List<string> filters, string orderBy, int skip, string? expand)
    {
        var options = new List<(string, string)>();
        if (filters.Count > 0) options.Add(("$filter", string.Join(" and ", filters)));
        options.Add(("$orderby", orderBy));
        options.Add(("$top", PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        options.Add(("$skip", skip.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        options.Add(("$inlinecount", "allpages"));
        if (expand is not null) options.Add(("$expand", expand));
        return options;
    }

    /// <summary>The last page: Gateway did not cut it short, and it is short, or the count says nothing follows.</summary>
    private static bool IsLast(SapFeedPage page, int skip) =>
        page.Results.Count == 0
        || (page.Next is null && (page.Results.Count < PageSize || (page.Count is { } count && skip + page.Results.Count >= count)));

    private SapEntityRead ReadOf(EntityKind entity) =>
        SapEntityReads.All.TryGetValue(entity, out var read) ? read : throw new EntityNotSupportedException(SystemId, entity);
}
