using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Makini.Grpc.V1;

namespace Makini.Grpc.IntegrationTests.Infrastructure;

/// <summary>A record of any entity, as the read API returned it.</summary>
public sealed record Listed(string Id, string RemoteId, Timestamp? Modified, Timestamp? Deleted, IMessage Message);

/// <summary>Lists any entity through its own service, the way a client would.</summary>
public static class Records
{
    public static readonly Entity[] All = [Entity.PurchaseOrder, Entity.WorkOrder, Entity.InventoryItem, Entity.Vendor, Entity.Asset];

    public static async Task<List<Listed>> ListAsync(this Api api, string token, Entity entity, bool includeDeleted = false,
        int pageSize = 500, View view = View.Full, Timestamp? modifiedAfter = null)
    {
        var auth = Api.Bearer(token);
        return entity switch
        {
            Entity.PurchaseOrder => await Syncs.ListAllAsync(async t =>
            {
                var r = await api.PurchaseOrders.ListPurchaseOrdersAsync(new ListPurchaseOrdersRequest { PageToken = t, PageSize = pageSize, IncludeDeleted = includeDeleted, View = view, ModifiedAfter = modifiedAfter }, auth);
                return (r.PurchaseOrders.Select(x => new Listed(x.Id, x.RemoteId, x.RemoteModifiedTime, x.RemoteDeletedTime, x)), r.NextPageToken);
            }),
            Entity.WorkOrder => await Syncs.ListAllAsync(async t =>
            {
                var r = await api.WorkOrders.ListWorkOrdersAsync(new ListWorkOrdersRequest { PageToken = t, PageSize = pageSize, IncludeDeleted = includeDeleted, View = view, ModifiedAfter = modifiedAfter }, auth);
                return (r.WorkOrders.Select(x => new Listed(x.Id, x.RemoteId, x.RemoteModifiedTime, x.RemoteDeletedTime, x)), r.NextPageToken);
            }),
            Entity.InventoryItem => await Syncs.ListAllAsync(async t =>
            {
                var r = await api.Inventory.ListInventoryItemsAsync(new ListInventoryItemsRequest { PageToken = t, PageSize = pageSize, IncludeDeleted = includeDeleted, View = view, ModifiedAfter = modifiedAfter }, auth);
                return (r.InventoryItems.Select(x => new Listed(x.Id, x.RemoteId, x.RemoteModifiedTime, x.RemoteDeletedTime, x)), r.NextPageToken);
            }),
            Entity.Vendor => await Syncs.ListAllAsync(async t =>
            {
                var r = await api.Vendors.ListVendorsAsync(new ListVendorsRequest { PageToken = t, PageSize = pageSize, IncludeDeleted = includeDeleted, View = view, ModifiedAfter = modifiedAfter }, auth);
                return (r.Vendors.Select(x => new Listed(x.Id, x.RemoteId, x.RemoteModifiedTime, x.RemoteDeletedTime, x)), r.NextPageToken);
            }),
            _ => await Syncs.ListAllAsync(async t =>
            {
                var r = await api.Assets.ListAssetsAsync(new ListAssetsRequest { PageToken = t, PageSize = pageSize, IncludeDeleted = includeDeleted, View = view, ModifiedAfter = modifiedAfter }, auth);
                return (r.Assets.Select(x => new Listed(x.Id, x.RemoteId, x.RemoteModifiedTime, x.RemoteDeletedTime, x)), r.NextPageToken);
            }),
        };
    }
}
