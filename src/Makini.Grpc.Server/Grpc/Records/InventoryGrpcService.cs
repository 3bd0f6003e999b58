using Grpc.Core;
using Makini.Grpc.Domain.Records;
using Makini.Grpc.Domain.Security;
using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.Domain.Writes;
using Makini.Grpc.Server.Auth;
using Makini.Grpc.Server.Grpc.Writes;
using Makini.Grpc.V1;

namespace Makini.Grpc.Server.Grpc.Records;

[RequiresKey(TokenKind.Connection, TokenKind.Account)]
public sealed class InventoryGrpcService(RecordReads reads, RecordWrites writes) : InventoryService.InventoryServiceBase
{
    public override async Task<AdjustInventoryLevelResponse> AdjustInventoryLevel(AdjustInventoryLevelRequest request, ServerCallContext context)
    {
        var adjustment = new InventoryAdjustment(request.Location,
            request.ChangeCase == AdjustInventoryLevelRequest.ChangeOneofCase.QuantityDelta ? request.QuantityDelta : null,
            request.ChangeCase == AdjustInventoryLevelRequest.ChangeOneofCase.NewQuantity ? request.NewQuantity : null, request.Reason);
        var (record, operation) = await writes.WriteAsync(context, EntityShape.InventoryItem, WriteOp.Adjust, request.RequestId,
            null, request.InventoryItemId, null, request.RemoteFields, null, adjustment);
        return new AdjustInventoryLevelResponse { InventoryItem = (InventoryItem?)record, WriteOperation = operation };
    }

    public override async Task<ListInventoryItemsResponse> ListInventoryItems(ListInventoryItemsRequest request, ServerCallContext context)
    {
        var page = await reads.ListAsync(context, EntityShape.InventoryItem, request.PageSize, request.PageToken, request.ModifiedAfter,
            null, request.IncludeDeleted, request.Location, request.View);
        return new ListInventoryItemsResponse { InventoryItems = { page.Records.Cast<InventoryItem>() }, NextPageToken = page.NextPageToken };
    }

    public override async Task<GetInventoryItemResponse> GetInventoryItem(GetInventoryItemRequest request, ServerCallContext context) =>
        new() { InventoryItem = await reads.GetAsync<InventoryItem>(context, EntityShape.InventoryItem, request.Id, request.View) };
}
