using Grpc.Core;
using Makini.Grpc.Domain.Records;
using Makini.Grpc.Domain.Security;
using Makini.Grpc.Server.Auth;
using Makini.Grpc.V1;

namespace Makini.Grpc.Server.Grpc.Records;

[RequiresKey(TokenKind.Connection, TokenKind.Account)]
public sealed class WorkOrderGrpcService(RecordReads reads) : WorkOrderService.WorkOrderServiceBase
{
    public override async Task<ListWorkOrdersResponse> ListWorkOrders(ListWorkOrdersRequest request, ServerCallContext context)
    {
        var page = await reads.ListAsync(context, EntityShape.WorkOrder, request.PageSize, request.PageToken, request.ModifiedAfter,
            RecordReads.StatusName(request.Status, nameof(WorkOrder)), request.IncludeDeleted, request.AssetId, request.View);
        return new ListWorkOrdersResponse { WorkOrders = { page.Records.Cast<WorkOrder>() }, NextPageToken = page.NextPageToken };
    }

    public override async Task<GetWorkOrderResponse> GetWorkOrder(GetWorkOrderRequest request, ServerCallContext context) =>
        new() { WorkOrder = await reads.GetAsync<WorkOrder>(context, EntityShape.WorkOrder, request.Id, request.View) };
}
