using Makini.Grpc.Domain.Infrastructure;
using Makini.Grpc.Domain.Records;
using Marten;
using Npgsql;

namespace Makini.Grpc.Domain.Sync;

/// <summary>Claims and leases of sync jobs, through PostgreSQL so two nodes never run the same job: a node claims due
/// jobs with FOR UPDATE SKIP LOCKED and holds a lease it renews; a job whose lease ran out is anyone's, and its run
/// resumes from the cursor of its last committed page. Every write is fenced by the lease owner.</summary>
public sealed class SyncJobStore(IDocumentStore store)
{
    private const string Table = MartenSetup.Schema + "." + RecordSchema.Jobs;

    public Task<NpgsqlConnection> OpenAsync(CancellationToken ct) => store.OpenConnectionAsync(ct);

    /// <summary>Claims up to <paramref name="max"/> jobs that are due, triggered, or left unfinished by a lost node.</summary>
    public async Task<IReadOnlyList<SyncJob>> ClaimDueAsync(string node, int max, TimeSpan lease, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand($"""
            update {Table} j set lease_owner = @node, lease_until = now() + @lease
            from (
              select connection_id, entity from {Table}
              where state = 'active'
                and (lease_until is null or lease_until < now())
                and (next_run_at <= now() or requested_kind is not null or run_id is not null or next_key_scan_at <= now())
              -- Triggered runs and runs left by a lost node first, then whatever has waited longest.
              order by (requested_kind is null), (run_id is null), next_run_at
              for update skip locked
              limit @max
            ) due
            where j.connection_id = due.connection_id and j.entity = due.entity
            returning j.*
            """, connection);
        command.Parameters.AddWithValue("node", node);
        command.Parameters.AddWithValue("lease", lease);
        command.Parameters.AddWithValue("max", max);
        return await ReadJobsAsync(command, ct);
    }

    public async Task<SyncJob?> GetAsync(string connectionId, string entity, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand($"select * from {Table} where connection_id = @c and entity = @e", connection);
        command.Parameters.AddWithValue("c", connectionId);
        command.Parameters.AddWithValue("e", entity);
        return (await ReadJobsAsync(command, ct)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<SyncJob>> ListAsync(string connectionId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand($"select * from {Table} where connection_id = @c order by entity", connection);
        command.Parameters.AddWithValue("c", connectionId);
        return await ReadJobsAsync(command, ct);
    }

    /// <summary>Renews the lease while the job is still ours and active; false means stop: another node has it, or
    /// the connection was paused or stopped.</summary>
    public async Task<bool> RenewAsync(string connectionId, string entity, string node, TimeSpan lease, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"update {Table} set lease_until = now() + @lease where connection_id = @c and entity = @e and lease_owner = @node and state = 'active'", connection);
        command.Parameters.AddWithValue("lease", lease);
        command.Parameters.AddWithValue("c", connectionId);
        command.Parameters.AddWithValue("e", entity);
        command.Parameters.AddWithValue("node", node);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Runs a fenced update: affects the row only while this node holds the job. Returns rows affected.</summary>
    public async Task<int> UpdateFencedAsync(string connectionId, string entity, string node, string set, CancellationToken ct,
        params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"update {Table} set {set} where connection_id = @c and entity = @e and lease_owner = @node", connection);
        command.Parameters.AddWithValue("c", connectionId);
        command.Parameters.AddWithValue("e", entity);
        command.Parameters.AddWithValue("node", node);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Runs an unfenced update of a connection's jobs (schedules, triggers). Returns rows affected.</summary>
    public async Task<int> UpdateAsync(string connectionId, string? entity, string set, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"update {Table} set {set} where connection_id = @c" + (entity is null ? "" : " and entity = @e"), connection);
        command.Parameters.AddWithValue("c", connectionId);
        if (entity is not null) command.Parameters.AddWithValue("e", entity);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<IReadOnlyList<SyncJob>> ReadJobsAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var jobs = new List<SyncJob>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) jobs.Add(SyncJob.Read(reader));
        return jobs;
    }
}
