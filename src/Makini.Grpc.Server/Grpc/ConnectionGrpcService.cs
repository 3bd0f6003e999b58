using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Makini.Grpc.Domain.Accounts.GettingCredits;
using Makini.Grpc.Domain.Connections;
using Makini.Grpc.Domain.Connections.CheckingConnection;
using Makini.Grpc.Domain.Connections.DeletingData;
using Makini.Grpc.Domain.Connections.Disconnecting;
using Makini.Grpc.Domain.Connections.ListingConnections;
using Makini.Grpc.Domain.Connections.ListingEvents;
using Makini.Grpc.Domain.Connections.RotatingToken;
using Makini.Grpc.Domain.Connections.UpdatingSettings;
using Makini.Grpc.Domain.Security;
using Makini.Grpc.Server.Auth;
using Makini.Grpc.V1;
using Marten;

namespace Makini.Grpc.Server.Grpc;

[RequiresKey(TokenKind.Account)]
public sealed class ConnectionGrpcService(
    IDocumentStore store,
    ListConnectionsHandler listConnections,
    CheckConnectionHandler checkConnection,
    RotateConnectionTokenHandler rotateToken,
    DisconnectConnectionHandler disconnect,
    DeleteConnectionDataHandler deleteData,
    ListConnectionEventsHandler listEvents,
    GetAccountHandler getAccount,
    UpdateConnectionSettingsHandler updateSettings) : ConnectionService.ConnectionServiceBase
{
    public override async Task<UpdateConnectionSettingsResponse> UpdateConnectionSettings(UpdateConnectionSettingsRequest request, ServerCallContext context) =>
        new() { Connection = (await updateSettings.HandleAsync(new UpdateConnectionSettings(context.Principal().AccountId, request.ConnectionId,
            SettingsMapping.FromProto(request.Settings)), context.CancellationToken)).ToProto() };

    public override async Task<ListConnectionsResponse> ListConnections(ListConnectionsRequest request, ServerCallContext context)
    {
        var page = await listConnections.HandleAsync(new ListConnections(context.Principal().AccountId, request.PageSize,
            request.PageToken, request.Status.FromProto(), request.SystemId, request.EndUserId), context.CancellationToken);
        return new ListConnectionsResponse { Connections = { page.Connections.Select(c => c.ToProto()) }, NextPageToken = page.NextPageToken };
    }

    public override async Task<GetConnectionResponse> GetConnection(GetConnectionRequest request, ServerCallContext context)
    {
        await using var session = store.QuerySession();
        var connection = await OwnedConnections.LoadAsync(session, context.Principal().AccountId, request.ConnectionId, context.CancellationToken);
        return new GetConnectionResponse { Connection = connection.ToProto() };
    }

    public override async Task<CheckConnectionResponse> CheckConnection(CheckConnectionRequest request, ServerCallContext context) =>
        new() { Connection = (await checkConnection.HandleAsync(new CheckConnection(context.Principal().AccountId, request.ConnectionId), context.CancellationToken)).ToProto() };

    public override async Task<RotateConnectionTokenResponse> RotateConnectionToken(RotateConnectionTokenRequest request, ServerCallContext context) =>
        new() { ApiToken = await rotateToken.HandleAsync(new RotateConnectionToken(context.Principal().AccountId, request.ConnectionId), context.CancellationToken) };

    public override async Task<DisconnectConnectionResponse> DisconnectConnection(DisconnectConnectionRequest request, ServerCallContext context) =>
        new() { Connection = (await disconnect.HandleAsync(new DisconnectConnection(context.Principal().AccountId, request.ConnectionId), context.CancellationToken)).ToProto() };

    public override async Task<DeleteConnectionDataResponse> DeleteConnectionData(DeleteConnectionDataRequest request, ServerCallContext context) =>
        new() { Connection = (await deleteData.HandleAsync(new DeleteConnectionData(context.Principal().AccountId, request.ConnectionId), context.CancellationToken)).ToProto() };

    public override async Task<ListConnectionEventsResponse> ListConnectionEvents(ListConnectionEventsRequest request, ServerCallContext context)
    {
        var page = await listEvents.HandleAsync(new ListConnectionEvents(context.Principal().AccountId, request.ConnectionId,
            request.PageSize, request.PageToken), context.CancellationToken);
        var response = new ListConnectionEventsResponse { NextPageToken = page.NextPageToken };
        response.Events.Add(page.Events.Select(e => new ConnectionEvent
        {
            Version = e.Version,
            Type = e.Type,
            Time = Timestamp.FromDateTimeOffset(e.Time),
            Details = { e.Details.ToDictionary() },
        }));
        return response;
    }

    public override async Task<GetCreditsResponse> GetCredits(GetCreditsRequest request, ServerCallContext context)
    {
        var account = await getAccount.HandleAsync(context.Principal().AccountId, context.CancellationToken);
        return new GetCreditsResponse { Total = account.TotalCredits, Used = account.UsedCredits, Available = account.AvailableCredits };
    }
}
