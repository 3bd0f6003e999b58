using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Makini.Grpc.Domain.Links;
using Makini.Grpc.Domain.Links.CompletingLink;
using Makini.Grpc.Domain.Links.CreatingLinkSession;
using Makini.Grpc.Domain.Links.ExchangingPublicToken;
using Makini.Grpc.Domain.Security;
using Makini.Grpc.Server.Auth;
using Makini.Grpc.V1;
using Marten;

namespace Makini.Grpc.Server.Grpc;

public sealed class LinkGrpcService(
    CreateLinkSessionHandler createSession,
    CompleteLinkHandler completeLink,
    ExchangePublicTokenHandler exchange,
    IDocumentStore store,
    TimeProvider clock) : LinkService.LinkServiceBase
{
    [RequiresKey(TokenKind.Account)]
    public override async Task<CreateLinkSessionResponse> CreateLinkSession(CreateLinkSessionRequest request, ServerCallContext context)
    {
        var created = await createSession.HandleAsync(new CreateLinkSession(context.Principal().AccountId, request.EndUserId,
            request.AllowedSystemIds, request.ReauthorizeConnectionId), context.CancellationToken);
        return new CreateLinkSessionResponse { LinkSession = created.Session.ToProto(clock.GetUtcNow(), created.LinkToken) };
    }

    [RequiresKey(TokenKind.Link)]
    public override async Task<GetLinkSessionResponse> GetLinkSession(GetLinkSessionRequest request, ServerCallContext context)
    {
        await using var session = store.QuerySession();
        var link = await session.LoadAsync<Domain.Links.LinkSession>(context.Principal().SubjectId, context.CancellationToken);
        return new GetLinkSessionResponse { LinkSession = link!.ToProto(clock.GetUtcNow()) };
    }

    [RequiresKey(TokenKind.Link)]
    public override async Task<CompleteLinkResponse> CompleteLink(CompleteLinkRequest request, ServerCallContext context)
    {
        var completed = await completeLink.HandleAsync(new CompleteLink(context.Principal().SubjectId, request.SystemId,
            request.Deployment.FromProto(), request.BaseUrl, request.Credentials,
            request.SyncSchedule is { } s ? new SyncScheduleInput(s.IntervalSeconds, s.Cron, s.TimeZone) : null,
            SettingsMapping.FromProto(request.Settings)), context.CancellationToken);
        return new CompleteLinkResponse
        {
            ConnectionId = completed.ConnectionId,
            PublicToken = completed.PublicToken,
            PublicTokenExpireTime = Timestamp.FromDateTimeOffset(completed.PublicTokenExpiresAt),
        };
    }

    [RequiresKey(TokenKind.Account)]
    public override async Task<ExchangePublicTokenResponse> ExchangePublicToken(ExchangePublicTokenRequest request, ServerCallContext context)
    {
        var result = await exchange.HandleAsync(new ExchangePublicToken(context.Principal().AccountId, request.PublicToken), context.CancellationToken);
        return new ExchangePublicTokenResponse { Connection = result.Connection.ToProto(), ApiToken = result.ApiToken };
    }
}
