using System.Globalization;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Http;
using Makini.Grpc.Connectors.Reading;

namespace Makini.Grpc.Connectors.BusinessCentral;

/// <summary>
/// Reads Business Central purchase orders (with their lines), inventory items and vendors through API v2.0 of the
/// connection's company. Records come oldest change first, paged by a change-time watermark
/// (<see cref="BusinessCentralWatermark"/>): <c>$filter=lastModifiedDateTime ge W&amp;$orderby=lastModifiedDateTime asc&amp;$top=N</c>.
/// The key scan selects ids only and follows <c>@odata.nextLink</c>.
/// </summary>
public sealed class BusinessCentralReader : IEntityReader
{
    /// <summary>Entities per page (purchase orders come with their lines).</summary>
    public const int PageSize = 200;

    /// <summary>Ids per page of a key scan, asked for with <c>Prefer: odata.maxpagesize</c>.</summary>
    public const int KeyPageSize = 1000;

    /// <summary>Only inventory items have stock; service and non-inventory items are not inventory.</summary>
    private const string InventoryOnly = "type eq 'Inventory'";

    private readonly BusinessCentralApiClient _api;
    private readonly BusinessCentralCompanyCache _companies;

    public BusinessCentralReader(IHttpClientFactory httpClientFactory, BusinessCentralTokenProvider tokens, TimeProvider timeProvider)
    {
        _api = new BusinessCentralApiClient(httpClientFactory, tokens);
        _companies = new BusinessCentralCompanyCache(_api, timeProvider);
    }

    public string SystemId => SystemCatalog.BusinessCentral;

    public ReadMode ModeOf(EntityKind entity)
    {
        SetOf(entity);
        return ReadMode.Incremental;
    }

    public async Task<SourcePage> ReadPageAsync(SourceTarget target, EntityKind entity, DateTimeOffset? changedSince, string? cursor, CancellationToken ct)
    {
        var set = SetOf(entity);
        CredentialGuard.Require(target, SystemId);
        var mark = BusinessCentralWatermark.Parse(cursor);
        var company = await _companies.GetAsync(target, ct);

        var filters = new List<string>();
        if (entity == EntityKind.InventoryItem) filters.Add(InventoryOnly);
        var from = mark?.Time ?? (changedSince is { } since ? Literal(since) : null);
        if (from is not null) filters.Add($"lastModifiedDateTime ge {from}");
        // Room for the entities at the watermark's time that were already returned and come again first.
        var top = PageSize + (mark?.SeenAtTime.Count ?? 0);
        var query = new List<string> { "$orderby=lastModifiedDateTime%20asc", $"$top={top.ToString(CultureInfo.InvariantCulture)}" };
        if (filters.Count > 0) query.Insert(0, $"$filter={Uri.EscapeDataString(string.Join(" and ", filters))}");
        if (entity == EntityKind.PurchaseOrder) query.Add($"$expand={BusinessCentralSchema.LinesProperty}");

        var body = await _api.GetAsync(target, BusinessCentralApiClient.CompanyUri(target, company.Id, set, string.Join('&', query)), top, ct);
        var rows = Values(body).ToList();
        var fresh = rows.Where(r => mark?.AlreadyReturned(r) != true).Take(PageSize).ToList();
        if (!fresh.All(r => company.KnowsPaymentTerms(r["paymentTermsId"])))
        {
            _companies.Forget(target, company);
            company = await _companies.GetAsync(target, ct);
        }

        var records = fresh.Select(r => Map(entity, r, company)).ToList();
        var more = rows.Count >= top || body["@odata.nextLink"] is not null;
        return new SourcePage(records, more && fresh.Count > 0 ? BusinessCentralWatermark.After(mark, fresh).ToString() : null);
    }

    public async Task<KeyPage> ReadKeysAsync(SourceTarget target, EntityKind entity, string? cursor, CancellationToken ct)
    {
        var set = SetOf(entity);
        CredentialGuard.Require(target, SystemId);
        Uri uri;
        if (cursor is null)
        {
            var company = await _companies.GetAsync(target, ct);
            var query = "$select=id" + (entity == EntityKind.InventoryItem ? $"&$filter={Uri.EscapeDataString(InventoryOnly)}" : "");
            uri = BusinessCentralApiClient.CompanyUri(target, company.Id, set, query);
        }
        else uri = BusinessCentralNextLinks.Resolve(target, cursor);

        var body = await _api.GetAsync(target, uri, KeyPageSize, ct);
        var ids = Values(body).Select(r => BusinessCentralFields.Text(r["id"])).Where(id => id.Length > 0).ToList();
        var next = BusinessCentralFields.Text(body["@odata.nextLink"]);
        return new KeyPage(ids, next.Length > 0 ? BusinessCentralNextLinks.ToCursor(target, next) : null);
    }

    public EntityMapping MappingOf(EntityKind entity) => BusinessCentralFieldMappings.Of(entity);

    private static SourceRecord Map(EntityKind entity, JsonObject row, BusinessCentralCompany company)
    {
        Google.Protobuf.IMessage unified = entity switch
        {
            EntityKind.PurchaseOrder => BusinessCentralPurchaseOrderMapping.Map(row, company),
            EntityKind.Vendor => BusinessCentralVendorMapping.Map(row, company),
            _ => BusinessCentralItemMapping.Map(row, company),
        };
        return new SourceRecord(BusinessCentralFields.Text(row["id"]), unified, row, BusinessCentralFields.Instant(row["lastModifiedDateTime"]));
    }

    private string SetOf(EntityKind entity) => entity switch
    {
        EntityKind.PurchaseOrder => "purchaseOrders",
        EntityKind.InventoryItem => "items",
        EntityKind.Vendor => "vendors",
        _ => throw new EntityNotSupportedException(SystemId, entity),
    };

    /// <summary>An Edm.DateTimeOffset literal (unquoted), to the millisecond the API keeps, rounded down.</summary>
    private static string Literal(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static IEnumerable<JsonObject> Values(JsonObject collection) =>
        collection["value"] is JsonArray values ? values.OfType<JsonObject>() : [];
}
