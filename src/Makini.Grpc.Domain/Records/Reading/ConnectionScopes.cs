using Makini.Grpc.Domain.Common;
using Makini.Grpc.Domain.Connections;
using Makini.Grpc.Domain.Security;
using Makini.Grpc.Domain.Security.Tokens;
using Marten;

namespace Makini.Grpc.Domain.Records.Reading;

public sealed class ConnectionScopes(IDocumentStore store)
{
    public const string Header = "x-connection-id";

    /// <summary>The connection of a connection token (from the token cache, no query), or the account's connection
    /// named in <c>x-connection-id</c>; another account's connection is NOT_FOUND, like a missing one.</summary>
    public async Task<ConnectionScope> ResolveAsync(Principal principal, string? connectionIdHeader, CancellationToken ct)
    {
        if (principal.Kind == TokenKind.Connection)
        {
            var c = principal.Connection!;
            return new ConnectionScope(c.Id, c.AccountId, c.SystemId, c.Status);
        }
        if (string.IsNullOrEmpty(connectionIdHeader))
        {
            throw new ValidationException([new FieldViolation(Header,
                "an account key reads a connection's data only with the metadata header x-connection-id: conn_…")]);
        }
        await using var session = store.QuerySession();
        var connection = await OwnedConnections.LoadAsync(session, principal.AccountId, connectionIdHeader, ct);
        return new ConnectionScope(connection.Id, connection.AccountId, connection.SystemId, connection.Status);
    }
}
