using Makini.Grpc.Domain.Common;
using Marten;

namespace Makini.Grpc.Domain.Connections;

public static class OwnedConnections
{
    /// <summary>Another account's connection is answered exactly like one that does not exist.</summary>
    public static void EnsureOwned(Connection? connection, string accountId, string connectionId)
    {
        if (connection is null || connection.AccountId != accountId) throw Errors.NotFound("connection", connectionId);
    }

    public static void ValidateId(string connectionId, string field = "connection_id")
    {
        var v = new Validator().Check(!string.IsNullOrEmpty(connectionId), field, "is required");
        v.ThrowIfInvalid();
        if (!Ids.LooksLike(connectionId, "conn_")) throw Errors.NotFound("connection", connectionId);
    }

    public static async Task<Connection> LoadAsync(IQuerySession session, string accountId, string connectionId, CancellationToken ct)
    {
        ValidateId(connectionId);
        var connection = await session.LoadAsync<Connection>(connectionId, ct);
        EnsureOwned(connection, accountId, connectionId);
        return connection!;
    }
}
