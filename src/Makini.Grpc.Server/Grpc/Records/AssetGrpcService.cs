using Grpc.Core;
using Makini.Grpc.Domain.Records;
using Makini.Grpc.Domain.Security;
using Makini.Grpc.Server.Auth;
using Makini.Grpc.V1;

namespace Makini.Grpc.Server.Grpc.Records;

[RequiresKey(TokenKind.Connection, TokenKind.Account)]
public sealed class AssetGrpcService(RecordReads reads) : AssetService.AssetServiceBase
{
    public override async Task<ListAssetsResponse> ListAssets(ListAssetsRequest request, ServerCallContext context)
    {
        var page = await reads.ListAsync(context, EntityShape.Asset, request.PageSize, request.PageToken, request.ModifiedAfter,
            RecordReads.StatusName(request.Status, nameof(Asset)), request.IncludeDeleted, null, request.View);
        return new ListAssetsResponse { Assets = { page.Records.Cast<Asset>() }, NextPageToken = page.NextPageToken };
    }

    public override async Task<GetAssetResponse> GetAsset(GetAssetRequest request, ServerCallContext context) =>
        new() { Asset = await reads.GetAsync<Asset>(context, EntityShape.Asset, request.Id, request.View) };
}
