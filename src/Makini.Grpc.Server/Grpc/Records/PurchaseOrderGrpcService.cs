using Grpc.Core;
using Makini.Grpc.Domain.Records;
using Makini.Grpc.Domain.Security;
using Makini.Grpc.Domain.Writes;
using Makini.Grpc.Server.Auth;
using Makini.Grpc.Server.Grpc.Writes;
using Makini.Grpc.V1;

namespace Makini.Grpc.Server.Grpc.Records;

[RequiresKey(TokenKind.Connection, TokenKind.Account)]
public sealed class PurchaseOrderGrpcService(RecordReads reads, RecordWrites writes) : PurchaseOrderService.PurchaseOrderServiceBase
{
    public override async Task<CreatePurchaseOrderResponse> CreatePurchaseOrder(CreatePurchaseOrderRequest request, ServerCallContext context)
    {
        var (record, operation) = await writes.WriteAsync(context, EntityShape.PurchaseOrder, WriteOp.Create, request.RequestId,
            request.PurchaseOrder, null, null, request.RemoteFields, null);
        return new CreatePurchaseOrderResponse { PurchaseOrder = (PurchaseOrder?)record, WriteOperation = operation };
    }

    public override async Task<UpdatePurchaseOrderResponse> UpdatePurchaseOrder(UpdatePurchaseOrderRequest request, ServerCallContext context)
    {
        var (record, operation) = await writes.WriteAsync(context, EntityShape.PurchaseOrder, WriteOp.Update, request.RequestId,
            request.PurchaseOrder, request.PurchaseOrder?.Id, request.UpdateMask, request.RemoteFields, request.PurchaseOrder?.Etag);
        return new UpdatePurchaseOrderResponse { PurchaseOrder = (PurchaseOrder?)record, WriteOperation = operation };
    }

    public override async Task<DeletePurchaseOrderResponse> DeletePurchaseOrder(DeletePurchaseOrderRequest request, ServerCallContext context)
    {
        var (_, operation) = await writes.WriteAsync(context, EntityShape.PurchaseOrder, WriteOp.Delete, request.RequestId,
            null, request.Id, null, null, request.Etag);
        return new DeletePurchaseOrderResponse { WriteOperation = operation };
    }

    public override async Task<ListPurchaseOrdersResponse> ListPurchaseOrders(ListPurchaseOrdersRequest request, ServerCallContext context)
    {
        var page = await reads.ListAsync(context, EntityShape.PurchaseOrder, request.PageSize, request.PageToken, request.ModifiedAfter,
            RecordReads.StatusName(request.Status, nameof(PurchaseOrder)), request.IncludeDeleted, request.VendorId, request.View);
        return new ListPurchaseOrdersResponse { PurchaseOrders = { page.Records.Cast<PurchaseOrder>() }, NextPageToken = page.NextPageToken };
    }

    public override async Task<GetPurchaseOrderResponse> GetPurchaseOrder(GetPurchaseOrderRequest request, ServerCallContext context) =>
        new() { PurchaseOrder = await reads.GetAsync<PurchaseOrder>(context, EntityShape.PurchaseOrder, request.Id, request.View) };
}
