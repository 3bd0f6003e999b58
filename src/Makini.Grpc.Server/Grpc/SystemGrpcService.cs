using Grpc.Core;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Domain.Security;
using Makini.Grpc.Server.Auth;
using Makini.Grpc.V1;

namespace Makini.Grpc.Server.Grpc;

[RequiresKey(TokenKind.Admin, TokenKind.Account, TokenKind.Connection, TokenKind.Link)]
public sealed class SystemGrpcService : SystemService.SystemServiceBase
{
    private static readonly ListSystemsResponse Catalogue = new() { Systems = { SystemCatalog.All.Select(s => Mapping.SystemProto(s.SystemId)) } };

    public override Task<ListSystemsResponse> ListSystems(ListSystemsRequest request, ServerCallContext context) =>
        Task.FromResult(Catalogue);
}
