using Makini.Grpc.Domain.Accounts;
using Makini.Grpc.Domain.Connections;
using Makini.Grpc.Domain.Links;
using Marten;

namespace Makini.Grpc.Domain.Security.Tokens;

/// <summary>Token lookups in PostgreSQL, the source of truth: a token resolves only while its hash is the
/// current one of its account, connection or link session. Plain SQL on the indexed hash columns: this is the
/// cold path of every first call with a token.</summary>
public sealed class PrincipalStore(IDocumentStore store)
{
    public async Task<Principal?> FindAsync(TokenKind kind, string hash, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        switch (kind)
        {
            case TokenKind.Account:
            {
                var account = (await session.QueryAsync<Account>("where api_key_hash = ? limit 1", ct, hash)).FirstOrDefault();
                return account is null ? null : new Principal(TokenKind.Account, account.Id, account.Id, account.Version);
            }
            case TokenKind.Connection:
            {
                var connection = (await session.QueryAsync<Connection>("where token_hash = ? limit 1", ct, hash)).FirstOrDefault();
                return connection is null ? null : ForConnection(connection);
            }
            case TokenKind.Link:
            {
                var link = (await session.QueryAsync<LinkSession>("where link_token_hash = ? limit 1", ct, hash)).FirstOrDefault();
                return link is null ? null : new Principal(TokenKind.Link, link.Id, link.AccountId, link.Version, link.ExpiresAt);
            }
            case TokenKind.Public:
            {
                var link = (await session.QueryAsync<LinkSession>("where public_token_hash = ? limit 1", ct, hash)).FirstOrDefault();
                return link is null ? null : new Principal(TokenKind.Public, link.Id, link.AccountId, link.Version, link.PublicTokenExpiresAt);
            }
            default:
                return null;
        }
    }

    public static Principal ForConnection(Connection c) =>
        new(TokenKind.Connection, c.Id, c.AccountId, c.Version, Connection: c);
}
