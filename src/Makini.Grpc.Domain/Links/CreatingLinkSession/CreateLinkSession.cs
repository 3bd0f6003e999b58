using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Domain.Common;
using Makini.Grpc.Domain.Connections;
using Makini.Grpc.Domain.Security;
using Marten;
using Microsoft.Extensions.Options;

namespace Makini.Grpc.Domain.Links.CreatingLinkSession;

public sealed record CreateLinkSession(string AccountId, string EndUserId, IReadOnlyList<string> AllowedSystemIds, string ReauthorizeConnectionId);

public sealed record LinkSessionWithToken(LinkSession Session, string LinkToken);

public sealed class CreateLinkSessionHandler(IDocumentStore store, IOptions<LinkOptions> options, TimeProvider clock)
{
    public async Task<LinkSessionWithToken> HandleAsync(CreateLinkSession command, CancellationToken ct)
    {
        var reauthorizing = !string.IsNullOrEmpty(command.ReauthorizeConnectionId);
        var v = new Validator()
            .Check(reauthorizing || !string.IsNullOrWhiteSpace(command.EndUserId), "end_user_id", "is required")
            .Check(command.EndUserId.Length <= 200, "end_user_id", "must be at most 200 characters");
        for (var i = 0; i < command.AllowedSystemIds.Count; i++)
        {
            v.Check(SystemCatalog.Find(command.AllowedSystemIds[i]) is not null, $"allowed_system_ids[{i}]",
                $"'{command.AllowedSystemIds[i]}' is not a supported system; see SystemService.ListSystems");
        }
        v.ThrowIfInvalid();

        await using var session = store.LightweightSession();
        var endUserId = command.EndUserId.Trim();
        IReadOnlyList<string> allowed = command.AllowedSystemIds.Count > 0
            ? command.AllowedSystemIds.Distinct().ToList()
            : SystemCatalog.All.Select(s => s.SystemId).ToList();

        if (reauthorizing)
        {
            var connection = await OwnedConnections.LoadAsync(session, command.AccountId, command.ReauthorizeConnectionId, ct);
            ConnectionDecisions.EnsureReauthorizable(connection);
            new Validator()
                .Check(endUserId.Length == 0 || endUserId == connection.EndUserId, "end_user_id",
                    $"must be empty or '{connection.EndUserId}', the end user of the connection being reauthorized")
                .Check(command.AllowedSystemIds.Count == 0 || command.AllowedSystemIds.Contains(connection.SystemId), "allowed_system_ids",
                    $"must include '{connection.SystemId}', the system of the connection being reauthorized")
                .ThrowIfInvalid();
            endUserId = connection.EndUserId;
            allowed = [connection.SystemId];
        }

        var linkToken = ApiTokens.NewLinkToken();
        var id = Ids.LinkSession();
        var now = clock.GetUtcNow();
        session.Events.StartStream<LinkSession>(id, new LinkSessionCreated(id, command.AccountId, endUserId, allowed,
            reauthorizing ? command.ReauthorizeConnectionId : null, ApiTokens.Hash(linkToken), now + options.Value.LinkTokenLifetime, now));
        await session.SaveChangesAsync(ct);
        return new LinkSessionWithToken((await session.Events.FetchLatest<LinkSession>(id, ct))!, linkToken);
    }
}
