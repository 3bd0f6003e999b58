using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Http;
using Makini.Grpc.Connectors.Reading;
using Microsoft.Extensions.Options;
using Makini.Grpc.Connectors.Writing;

namespace Makini.Grpc.Connectors.Sap;

/// <summary>
/// Writes S/4HANA records through its OData v2 APIs: CSRF token and session cookies, deep inserts, PATCH with
/// If-Match, DELETE, goods movements (see the entity writers). The record is read back afterwards through the reader's
/// entity set, expansion and mapping, so it equals what a sync reads.
/// </summary>
public sealed class SapWriter : IEntityWriter
{
    private readonly SapPurchaseOrderWriter _purchaseOrders;
    private readonly SapWorkOrderWriter _workOrders;
    private readonly SapVendorWriter _vendors;
    private readonly SapAssetWriter _assets;
    private readonly SapStockWriter _stock;

    public SapWriter(IHttpClientFactory httpClientFactory, IOptions<SourceHttpOptions> http)
    {
        var kit = new SapWriteKit(new SapWriteClient(httpClientFactory), new SapODataClient(httpClientFactory, http.Value.AttemptTimeout));
        _purchaseOrders = new SapPurchaseOrderWriter(kit);
        _workOrders = new SapWorkOrderWriter(kit);
        _vendors = new SapVendorWriter(kit);
        _assets = new SapAssetWriter(kit);
        _stock = new SapStockWriter(kit);
    }

    public string SystemId => SystemCatalog.Sap;

    public WriteRequirements RequirementsOf(EntityKind entity, WriteKind kind) => SapWriteRequirements.Of(entity, kind);

    public async Task<WriteResult> WriteAsync(SourceTarget target, WriteRequest request, CancellationToken ct)
    {
        // Refuses what the catalog does not allow before anything is sent.
        _ = RequirementsOf(request.Entity, request.Kind);
        return await ((request.Entity, request.Kind) switch
        {
            (EntityKind.PurchaseOrder, WriteKind.Create) => _purchaseOrders.CreateAsync(target, request, ct),
            (EntityKind.PurchaseOrder, WriteKind.Update) => _purchaseOrders.UpdateAsync(target, request, ct),
            (EntityKind.PurchaseOrder, WriteKind.Delete) => _purchaseOrders.DeleteAsync(target, request, ct),
            (EntityKind.WorkOrder, WriteKind.Create) => _workOrders.CreateAsync(target, request, ct),
            (EntityKind.WorkOrder, WriteKind.Update) => _workOrders.UpdateAsync(target, request, ct),
            (EntityKind.Vendor, WriteKind.Create) => _vendors.CreateAsync(target, request, ct),
            (EntityKind.Vendor, WriteKind.Update) => _vendors.UpdateAsync(target, request, ct),
            (EntityKind.Asset, WriteKind.Create) => _assets.CreateAsync(target, request, ct),
            (EntityKind.Asset, WriteKind.Update) => _assets.UpdateAsync(target, request, ct),
            _ => _stock.AdjustAsync(target, request, ct),
        });
    }

    public async Task<SourceRecord?> FindWrittenAsync(SourceTarget target, WriteRequest request, CancellationToken ct)
    {
        var requirements = RequirementsOf(request.Entity, request.Kind);
        if (requirements.RetrySafeHandle is null)
            throw new NotSupportedException($"{SystemId} has no handle to find a {request.Entity} {request.Kind.ToString().ToLowerInvariant()} again.");
        return await (request.Entity switch
        {
            EntityKind.PurchaseOrder => _purchaseOrders.FindAsync(target, request, ct),
            EntityKind.Vendor => _vendors.FindAsync(target, request, ct),
            EntityKind.Asset => _assets.FindAsync(target, request, ct),
            _ => _stock.FindAsync(target, request, ct),
        });
    }
}
