using Grpc.Core;
using Makini.Grpc.Domain.Records;
using Makini.Grpc.Domain.Security;
using Makini.Grpc.Server.Auth;
using Makini.Grpc.V1;

namespace Makini.Grpc.Server.Grpc.Records;

[RequiresKey(TokenKind.Connection, TokenKind.Account)]
public sealed class PurchaseOrderGrpcService(RecordReads reads) : PurchaseOrderService.PurchaseOrderServiceBase
{
    public override async Task<ListPurchaseOrdersResponse> ListPurchaseOrders(ListPurchaseOrdersRequest request, ServerCallContext context)
    {
        var page = await reads.ListAsync(context, EntityShape.PurchaseOrder, request.PageSize, request.PageToken, request.ModifiedAfter,
            RecordReads.StatusName(request.Status, nameof(PurchaseOrder)), request.IncludeDeleted, request.VendorId, request.View);
        return new ListPurchaseOrdersResponse { PurchaseOrders = { page.Records.Cast<PurchaseOrder>() }, NextPageToken = page.NextPageToken };
    }

    public override async Task<GetPurchaseOrderResponse> GetPurchaseOrder(GetPurchaseOrderRequest request, ServerCallContext context) =>
        new() { PurchaseOrder = await reads.GetAsync<PurchaseOrder>(context, EntityShape.PurchaseOrder, request.Id, request.View) };
}
