using Makini.Grpc.Domain.Common;
using Makini.Grpc.Domain.Security;
using Marten;
using Marten.Linq.MatchesSql;

namespace Makini.Grpc.Domain.Connections.ListingConnections;

public sealed record ListConnections(
    string AccountId, int PageSize, string PageToken, ConnectionStatus? Status, string SystemId, string EndUserId);

public sealed record ConnectionPage(IReadOnlyList<Connection> Connections, string NextPageToken);

/// <summary>Newest first. Keyset pagination on the time-ordered id, so paging never skips or repeats.</summary>
public sealed class ListConnectionsHandler(IDocumentStore store, PageTokens pageTokens)
{
    private sealed record Position(string After);

    public async Task<ConnectionPage> HandleAsync(ListConnections query, CancellationToken ct)
    {
        var v = new Validator();
        var size = Paging.PageSize(query.PageSize, v);
        v.Check(query.EndUserId.Length <= 200, "end_user_id", "must be at most 200 characters");
        v.ThrowIfInvalid();
        var scope = $"connections|{query.AccountId}|{query.Status}|{query.SystemId}|{query.EndUserId}";
        var position = pageTokens.Decode<Position>(query.PageToken, scope);

        await using var session = store.QuerySession();
        IQueryable<Connection> q = session.Query<Connection>().Where(c => c.AccountId == query.AccountId);
        if (query.Status is { } status) q = q.Where(c => c.Status == status);
        if (query.SystemId.Length > 0) q = q.Where(c => c.SystemId == query.SystemId);
        if (query.EndUserId.Length > 0) q = q.Where(c => c.EndUserId == query.EndUserId);
        if (position is not null) q = q.Where(c => c.MatchesSql("d.id < ?", position.After));
        var rows = await q.OrderByDescending(c => c.Id).Take(size + 1).ToListAsync(ct);

        var next = rows.Count > size ? pageTokens.Encode(scope, new Position(rows[size - 1].Id)) : "";
        return new ConnectionPage(rows.Take(size).ToList(), next);
    }
}
