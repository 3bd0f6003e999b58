using Grpc.Core;
using Makini.Grpc.Domain.Records;
using Makini.Grpc.Domain.Security;
using Makini.Grpc.Domain.Writes;
using Makini.Grpc.Server.Auth;
using Makini.Grpc.Server.Grpc.Writes;
using Makini.Grpc.V1;

namespace Makini.Grpc.Server.Grpc.Records;

[RequiresKey(TokenKind.Connection, TokenKind.Account)]
public sealed class WorkOrderGrpcService(RecordReads reads, RecordWrites writes) : WorkOrderService.WorkOrderServiceBase
{
    public override async Task<CreateWorkOrderResponse> CreateWorkOrder(CreateWorkOrderRequest request, ServerCallContext context)
    {
        var (record, operation) = await writes.WriteAsync(context, EntityShape.WorkOrder, WriteOp.Create, request.RequestId,
            request.WorkOrder, null, null, request.RemoteFields, null);
        return new CreateWorkOrderResponse { WorkOrder = (WorkOrder?)record, WriteOperation = operation };
    }

    public override async Task<UpdateWorkOrderResponse> UpdateWorkOrder(UpdateWorkOrderRequest request, ServerCallContext context)
    {
        var (record, operation) = await writes.WriteAsync(context, EntityShape.WorkOrder, WriteOp.Update, request.RequestId,
            request.WorkOrder, request.WorkOrder?.Id, request.UpdateMask, request.RemoteFields, request.WorkOrder?.Etag);
        return new UpdateWorkOrderResponse { WorkOrder = (WorkOrder?)record, WriteOperation = operation };
    }

    public override async Task<DeleteWorkOrderResponse> DeleteWorkOrder(DeleteWorkOrderRequest request, ServerCallContext context)
    {
        var (_, operation) = await writes.WriteAsync(context, EntityShape.WorkOrder, WriteOp.Delete, request.RequestId,
            null, request.Id, null, null, request.Etag);
        return new DeleteWorkOrderResponse { WriteOperation = operation };
    }

    public override async Task<ListWorkOrdersResponse> ListWorkOrders(ListWorkOrdersRequest request, ServerCallContext context)
    {
        var page = await reads.ListAsync(context, EntityShape.WorkOrder, request.PageSize, request.PageToken, request.ModifiedAfter,
            RecordReads.StatusName(request.Status, nameof(WorkOrder)), request.IncludeDeleted, request.AssetId, request.View);
        return new ListWorkOrdersResponse { WorkOrders = { page.Records.Cast<WorkOrder>() }, NextPageToken = page.NextPageToken };
    }

    public override async Task<GetWorkOrderResponse> GetWorkOrder(GetWorkOrderRequest request, ServerCallContext context) =>
        new() { WorkOrder = await reads.GetAsync<WorkOrder>(context, EntityShape.WorkOrder, request.Id, request.View) };
}
