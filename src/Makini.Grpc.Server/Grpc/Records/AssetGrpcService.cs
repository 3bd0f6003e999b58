using Grpc.Core;
using Makini.Grpc.Domain.Records;
using Makini.Grpc.Domain.Security;
using Makini.Grpc.Domain.Writes;
using Makini.Grpc.Server.Auth;
using Makini.Grpc.Server.Grpc.Writes;
using Makini.Grpc.V1;

namespace Makini.Grpc.Server.Grpc.Records;

[RequiresKey(TokenKind.Connection, TokenKind.Account)]
public sealed class AssetGrpcService(RecordReads reads, RecordWrites writes) : AssetService.AssetServiceBase
{
    public override async Task<CreateAssetResponse> CreateAsset(CreateAssetRequest request, ServerCallContext context)
    {
        var (record, operation) = await writes.WriteAsync(context, EntityShape.Asset, WriteOp.Create, request.RequestId,
            request.Asset, null, null, request.RemoteFields, null);
        return new CreateAssetResponse { Asset = (Asset?)record, WriteOperation = operation };
    }

    public override async Task<UpdateAssetResponse> UpdateAsset(UpdateAssetRequest request, ServerCallContext context)
    {
        var (record, operation) = await writes.WriteAsync(context, EntityShape.Asset, WriteOp.Update, request.RequestId,
            request.Asset, request.Asset?.Id, request.UpdateMask, request.RemoteFields, request.Asset?.Etag);
        return new UpdateAssetResponse { Asset = (Asset?)record, WriteOperation = operation };
    }

    public override async Task<ListAssetsResponse> ListAssets(ListAssetsRequest request, ServerCallContext context)
    {
        var page = await reads.ListAsync(context, EntityShape.Asset, request.PageSize, request.PageToken, request.ModifiedAfter,
            RecordReads.StatusName(request.Status, nameof(Asset)), request.IncludeDeleted, null, request.View);
        return new ListAssetsResponse { Assets = { page.Records.Cast<Asset>() }, NextPageToken = page.NextPageToken };
    }

    public override async Task<GetAssetResponse> GetAsset(GetAssetRequest request, ServerCallContext context) =>
        new() { Asset = await reads.GetAsync<Asset>(context, EntityShape.Asset, request.Id, request.View) };
}
