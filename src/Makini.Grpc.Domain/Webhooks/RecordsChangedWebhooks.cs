using Makini.Grpc.Domain.Changes;
using Makini.Grpc.Domain.Infrastructure;
using Makini.Grpc.Domain.Security;
using Npgsql;
using V1 = Makini.Grpc.V1;

namespace Makini.Grpc.Domain.Webhooks;

/// <summary>One change of a committed batch, as the change log holds it.</summary>
public sealed record LoggedChange(long Seq, string Entity, string RecordId, string ChangeType, byte[] Payload);

/// <summary>
/// records.changed: the changes of one sync page or one write, with the full records, queued in the transaction that
/// writes them to the change log. Opt-in per endpoint, so the common case costs one indexed lookup and builds nothing.
/// </summary>
public sealed class RecordsChangedWebhooks(PageTokens cursors)
{
    /// <summary>Changes per event: a receiver gets bodies of bounded size even from a 1,000-record sync page.</summary>
    public const int ChangesPerEvent = 100;
    private const string Endpoints = MartenSetup.Schema + "." + WebhookSchema.Endpoints;

    /// <summary>The account to notify of this connection's record changes, or null when no endpoint asked for them:
    /// a read, so callers run it before they take the change-log counter (and with other reads).</summary>
    public static NpgsqlBatchCommand SubscriberQuery(string connectionId)
    {
        var command = new NpgsqlBatchCommand($"""
            select e.account_id from {Endpoints} e
            where e.account_id = (select c.account_id from {MartenSetup.Schema}.mt_doc_connection c where c.id = $1)
              and not e.disabled and '{WebhookEventTypes.RecordsChanged}' = any(e.event_types)
              and (cardinality(e.connection_ids) = 0 or $1 = any(e.connection_ids))
            limit 1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = connectionId });
        return command;
    }

    public static async Task<string?> SubscriberAsync(NpgsqlConnection connection, string connectionId, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { SubscriberQuery(connectionId) } };
        return await batch.ExecuteScalarAsync(ct) as string;
    }

    /// <summary>Queues records.changed events of <paramref name="accountId"/> (from <see cref="SubscriberQuery"/>) for
    /// changes just logged, in the caller's transaction.</summary>
    public async Task EnqueueAsync(NpgsqlConnection connection, string accountId, string connectionId, IReadOnlyList<LoggedChange> changes, string origin,
        DateTimeOffset at, CancellationToken ct)
    {
        if (changes.Count == 0) return;
        foreach (var chunk in changes.Chunk(ChangesPerEvent))
        {
            var data = new V1.RecordsChangedData { ConnectionId = connectionId };
            foreach (var c in chunk)
                data.Changes.Add(RecordChangeProtos.Build(c.Entity, c.ChangeType, at, origin, c.RecordId, c.Payload,
                    RecordChangeProtos.EncodeCursor(cursors, connectionId, c.Seq)));
            await WebhookOutbox.EnqueueAsync(connection, WebhookEventTypes.RecordsChanged, accountId, connectionId, data, at, ct);
        }
    }
}
