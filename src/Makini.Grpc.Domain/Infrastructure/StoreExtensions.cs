using JasperFx;
using Marten;
using Npgsql;

namespace Makini.Grpc.Domain.Infrastructure;

public static class StoreExtensions
{
    private const int MaxAttempts = 50;

    /// <summary>An open connection from Marten's own data source, for the tables beside its documents (change log, jobs,
    /// webhook outbox, health rows).</summary>
    public static async Task<NpgsqlConnection> OpenConnectionAsync(this IDocumentStore store, CancellationToken ct)
    {
        var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        return connection;
    }

    /// <summary>Runs fetch → decide → append → save in a fresh session, again on an optimistic-concurrency
    /// conflict (another writer moved the stream first). Past the attempts the conflict surfaces as ABORTED.</summary>
    public static async Task<T> WriteAsync<T>(this IDocumentStore store, Func<IDocumentSession, Task<T>> work, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            try
            {
                return await work(session);
            }
            catch (ConcurrencyException) when (attempt < MaxAttempts)
            {
                // Jittered, growing pause so racing writers spread out instead of colliding again.
                await Task.Delay(Random.Shared.Next(1, 3 + attempt * 4), ct);
            }
        }
    }
}
