using Grpc.Core;
using Makini.Grpc.Domain.Security;
using Makini.Grpc.Server.Auth;
using Makini.Grpc.V1;

namespace Makini.Grpc.Server.Grpc;

[RequiresKey(TokenKind.Connection)]
public sealed class ConnectionInfoGrpcService : ConnectionInfoService.ConnectionInfoServiceBase
{
    /// <summary>Served from the token cache: the principal carries the connection snapshot.</summary>
    public override Task<GetConnectionInfoResponse> GetConnectionInfo(GetConnectionInfoRequest request, ServerCallContext context)
    {
        var connection = context.Principal().Connection!;
        return Task.FromResult(new GetConnectionInfoResponse
        {
            Connection = connection.ToProto(),
            System = Mapping.SystemProto(connection.SystemId),
        });
    }
}
