using Grpc.Core;
using Makini.Grpc.Domain.Records;
using Makini.Grpc.Domain.Security;
using Makini.Grpc.Server.Auth;
using Makini.Grpc.V1;

namespace Makini.Grpc.Server.Grpc.Records;

[RequiresKey(TokenKind.Connection, TokenKind.Account)]
public sealed class InventoryGrpcService(RecordReads reads) : InventoryService.InventoryServiceBase
{
    public override async Task<ListInventoryItemsResponse> ListInventoryItems(ListInventoryItemsRequest request, ServerCallContext context)
    {
        var page = await reads.ListAsync(context, EntityShape.InventoryItem, request.PageSize, request.PageToken, request.ModifiedAfter,
            null, request.IncludeDeleted, request.Location, request.View);
        return new ListInventoryItemsResponse { InventoryItems = { page.Records.Cast<InventoryItem>() }, NextPageToken = page.NextPageToken };
    }

    public override async Task<GetInventoryItemResponse> GetInventoryItem(GetInventoryItemRequest request, ServerCallContext context) =>
        new() { InventoryItem = await reads.GetAsync<InventoryItem>(context, EntityShape.InventoryItem, request.Id, request.View) };
}
