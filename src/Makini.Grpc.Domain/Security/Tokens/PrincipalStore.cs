using Makini.Grpc.Domain.Accounts;
using Makini.Grpc.Domain.Connections;
using Makini.Grpc.Domain.Links;
using Marten;

namespace Makini.Grpc.Domain.Security.Tokens;

/// <summary>Token lookups in PostgreSQL, the source of truth: a token resolves only while its hash is the
/// current one of its account, connection or link session.</summary>
public sealed class PrincipalStore(IDocumentStore store)
{
    public async Task<Principal?> FindAsync(TokenKind kind, string hash, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        switch (kind)
        {
            case TokenKind.Account:
            {
                var account = await session.Query<Account>().FirstOrDefaultAsync(a => a.ApiKeyHash == hash, ct);
                return account is null ? null : new Principal(TokenKind.Account, account.Id, account.Id, account.Version);
            }
            case TokenKind.Connection:
            {
                var connection = await session.Query<Connection>().FirstOrDefaultAsync(c => c.TokenHash == hash, ct);
                return connection is null ? null : ForConnection(connection);
            }
            case TokenKind.Link:
            {
                var link = await session.Query<LinkSession>().FirstOrDefaultAsync(l => l.LinkTokenHash == hash, ct);
                return link is null ? null : new Principal(TokenKind.Link, link.Id, link.AccountId, link.Version, link.ExpiresAt);
            }
            case TokenKind.Public:
            {
                var link = await session.Query<LinkSession>().FirstOrDefaultAsync(l => l.PublicTokenHash == hash, ct);
                return link is null ? null : new Principal(TokenKind.Public, link.Id, link.AccountId, link.Version, link.PublicTokenExpiresAt);
            }
            default:
                return null;
        }
    }

    public static Principal ForConnection(Connection c) =>
        new(TokenKind.Connection, c.Id, c.AccountId, c.Version, Connection: c);
}
