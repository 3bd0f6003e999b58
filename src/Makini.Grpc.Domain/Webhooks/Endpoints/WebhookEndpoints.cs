using System.Net;
using Makini.Grpc.Domain.Common;
using Makini.Grpc.Domain.Connections;
using Makini.Grpc.Domain.Infrastructure;
using Makini.Grpc.Domain.Security;
using Makini.Grpc.Domain.Webhooks.Delivery;
using Marten;
using Microsoft.Extensions.Options;
using Npgsql;
using V1 = Makini.Grpc.V1;

namespace Makini.Grpc.Domain.Webhooks.Endpoints;

/// <summary>An account's webhook endpoints: register, change, rotate secrets, delete, send a test event.</summary>
public sealed class WebhookEndpoints(IDocumentStore store, CredentialProtector protector, PageTokens pageTokens, IOptions<WebhookOptions> options, TimeProvider clock)
{
    private const string Table = MartenSetup.Schema + "." + WebhookSchema.Endpoints;
    private const string Deliveries = MartenSetup.Schema + "." + WebhookSchema.Deliveries;
    private const int DefaultPageSize = 50, MaxPageSize = 200;
    private static readonly TimeSpan MaxOverlap = TimeSpan.FromDays(7);
    private const int MaxDecrypted = 4096;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Id, string Stored), IReadOnlyDictionary<string, string>> _decrypted = new();

    public async Task<(WebhookEndpoint Endpoint, string Secret)> CreateAsync(string accountId, string url, IReadOnlyList<string> eventTypes,
        IReadOnlyList<string> connectionIds, CancellationToken ct)
    {
        var v = new Validator();
        WebhookEndpointRules.CheckUrl(v, "url", url, options.Value.AllowPrivateTargets);
        var types = WebhookEndpointRules.CheckEventTypes(v, "event_types", eventTypes);
        var connections = await CheckConnectionsAsync(v, accountId, connectionIds, ct);
        if (!v.HasErrors) await CheckResolvedAsync(v, "url", url, ct);
        v.ThrowIfInvalid();

        var id = Ids.New("whe_");
        var secret = WebhookSignature.NewSecret();
        var now = clock.GetUtcNow();
        await using var connection = await store.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand($"""
            insert into {Table} (id, account_id, url, event_types, connection_ids, disabled, secrets, created_at, updated_at)
            values (@id, @account, @url, @types, @connections, false, @secrets, @now, @now)
            """, connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("url", url);
        command.Parameters.AddWithValue("types", types.ToArray());
        command.Parameters.AddWithValue("connections", connections.ToArray());
        command.Parameters.AddWithValue("secrets", Protect(id, secret, null));
        command.Parameters.AddWithValue("now", now.UtcDateTime);
        await command.ExecuteNonQueryAsync(ct);
        return (new WebhookEndpoint(id, accountId, url, types, connections, false, now, now, null), secret);
    }

    public async Task<WebhookEndpoint> GetAsync(string accountId, string id, CancellationToken ct) =>
        await FindAsync(accountId, id, ct) ?? throw Errors.NotFound("webhook endpoint", id);

    public async Task<(IReadOnlyList<WebhookEndpoint> Endpoints, string NextPageToken)> ListAsync(string accountId, int pageSize, string pageToken, CancellationToken ct)
    {
        var v = new Validator().Check(pageSize >= 0, "page_size", "must not be negative");
        v.ThrowIfInvalid();
        var size = pageSize <= 0 ? DefaultPageSize : Math.Min(pageSize, MaxPageSize);
        var scope = "webhook_endpoints:" + accountId;
        var after = pageTokens.Decode<Position>(pageToken, scope)?.Id ?? "";
        await using var connection = await store.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand($"select * from {Table} where account_id = @account and id > @after order by id limit @limit", connection);
        command.Parameters.AddWithValue("account", accountId);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("limit", size + 1);
        var rows = await ReadAsync(command, options.Value.InitialInFlightPerEndpoint, ct);
        var next = rows.Count > size ? pageTokens.Encode(scope, new Position(rows[size - 1].Id)) : "";
        return (rows.Take(size).ToList(), next);
    }

    public async Task<WebhookEndpoint> UpdateAsync(string accountId, string id, IReadOnlyList<string> mask, WebhookEndpointChanges changes, CancellationToken ct)
    {
        var v = new Validator();
        WebhookEndpointRules.CheckMask(v, mask);
        v.ThrowIfInvalid();
        var existing = await GetAsync(accountId, id, ct);
        var url = mask.Contains("url") ? changes.Url ?? "" : existing.Url;
        if (mask.Contains("url")) WebhookEndpointRules.CheckUrl(v, "webhook_endpoint.url", url, options.Value.AllowPrivateTargets);
        var types = mask.Contains("event_types") ? WebhookEndpointRules.CheckEventTypes(v, "webhook_endpoint.event_types", changes.EventTypes ?? []) : existing.EventTypes;
        var connections = mask.Contains("connection_ids")
            ? await CheckConnectionsAsync(v, accountId, changes.ConnectionIds ?? [], ct, "webhook_endpoint.connection_ids")
            : existing.ConnectionIds;
        var disabled = mask.Contains("disabled") ? changes.Disabled ?? false : existing.Disabled;
        if (!v.HasErrors && mask.Contains("url")) await CheckResolvedAsync(v, "webhook_endpoint.url", url, ct);
        v.ThrowIfInvalid();

        await using var connection = await store.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand($"""
            update {Table} set url = @url, event_types = @types, connection_ids = @connections, disabled = @disabled, updated_at = @now,
              consecutive_failures = case when @reset then 0 else consecutive_failures end,
              paused_until = case when @reset then null else paused_until end
            where id = @id and account_id = @account
            """, connection);
        command.Parameters.AddWithValue("url", url);
        command.Parameters.AddWithValue("types", types.ToArray());
        command.Parameters.AddWithValue("connections", connections.ToArray());
        command.Parameters.AddWithValue("disabled", disabled);
        // A new URL, or enabling the endpoint again, is a reason to try it now rather than wait out a pause.
        command.Parameters.AddWithValue("reset", url != existing.Url || (existing.Disabled && !disabled));
        command.Parameters.AddWithValue("now", clock.GetUtcNow().UtcDateTime);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("account", accountId);
        if (await command.ExecuteNonQueryAsync(ct) == 0) throw Errors.NotFound("webhook endpoint", id);
        return await GetAsync(accountId, id, ct);
    }

    /// <summary>Deletes the endpoint and drops its pending deliveries, in one transaction; delivered history stays listable.</summary>
    public async Task DeleteAsync(string accountId, string id, CancellationToken ct)
    {
        await using var connection = await store.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using var command = new NpgsqlCommand($"delete from {Table} where id = @id and account_id = @account", connection, tx);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("account", accountId);
        if (await command.ExecuteNonQueryAsync(ct) == 0) throw Errors.NotFound("webhook endpoint", id);
        await using var drop = new NpgsqlCommand($"delete from {Deliveries} where endpoint_id = @id and status = 'pending'", connection, tx);
        drop.Parameters.AddWithValue("id", id);
        await drop.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>A new secret; the current one becomes the previous and keeps signing until the overlap ends.</summary>
    public async Task<(WebhookEndpoint Endpoint, string Secret)> RotateSecretAsync(string accountId, string id, TimeSpan? overlap, CancellationToken ct)
    {
        var v = new Validator().Check(overlap is null || (overlap >= TimeSpan.Zero && overlap <= MaxOverlap), "overlap_seconds", "must be between 0 and 604800 (7 days)");
        v.ThrowIfInvalid();
        var keep = overlap ?? options.Value.SecretOverlap;
        var secret = WebhookSignature.NewSecret();
        await using var connection = await store.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using var read = new NpgsqlCommand($"select secrets from {Table} where id = @id and account_id = @account for update", connection, tx);
        read.Parameters.AddWithValue("id", id);
        read.Parameters.AddWithValue("account", accountId);
        if (await read.ExecuteScalarAsync(ct) is not string stored) throw Errors.NotFound("webhook endpoint", id);
        var current = protector.Unprotect(id, stored)["current"];
        var now = clock.GetUtcNow();
        await using var write = new NpgsqlCommand(
            $"update {Table} set secrets = @secrets, previous_secret_expires_at = @until, updated_at = @now where id = @id", connection, tx);
        write.Parameters.AddWithValue("secrets", Protect(id, secret, keep > TimeSpan.Zero ? current : null));
        write.Parameters.AddWithValue("until", keep > TimeSpan.Zero ? (now + keep).UtcDateTime : DBNull.Value);
        write.Parameters.AddWithValue("now", now.UtcDateTime);
        write.Parameters.AddWithValue("id", id);
        await write.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        return (await GetAsync(accountId, id, ct), secret);
    }

    /// <summary>Queues a webhook.test event for this endpoint alone; returns the delivery's id.</summary>
    public async Task<string> SendTestAsync(string accountId, string id, CancellationToken ct)
    {
        var endpoint = await GetAsync(accountId, id, ct);
        if (endpoint.Disabled)
            throw new DomainException(ErrorKind.FailedPrecondition, "WEBHOOK_ENDPOINT_DISABLED", $"Webhook endpoint '{id}' is disabled; enable it first.");
        await using var session = store.LightweightSession();
        var deliveryId = WebhookOutbox.EnqueueFor(session, id, WebhookEventTypes.Test, accountId,
            new V1.WebhookTestData { WebhookEndpointId = id, Message = "A test event from Makini." }, clock.GetUtcNow());
        await session.SaveChangesAsync(ct);
        return deliveryId;
    }

    /// <summary>The secrets that sign now: the current one, and the previous one during its overlap. Decrypted once per
    /// stored value, not once per delivery (7 % of a busy node's webhook work); a rotation stores a new value, so a
    /// cached one is never stale.</summary>
    public IReadOnlyList<string> SigningSecrets(string id, string stored, DateTimeOffset? previousExpiresAt, DateTimeOffset now)
    {
        if (!_decrypted.TryGetValue((id, stored), out var secrets))
        {
            if (_decrypted.Count >= MaxDecrypted) _decrypted.Clear();
            secrets = protector.Unprotect(id, stored);
            _decrypted[(id, stored)] = secrets;
        }
        return previousExpiresAt > now && secrets.TryGetValue("previous", out var previous) ? [secrets["current"], previous] : [secrets["current"]];
    }

    private string Protect(string id, string current, string? previous) =>
        protector.Protect(id, previous is null
            ? new Dictionary<string, string> { ["current"] = current }
            : new Dictionary<string, string> { ["current"] = current, ["previous"] = previous });

    private async Task<IReadOnlyList<string>> CheckConnectionsAsync(Validator v, string accountId, IReadOnlyList<string> ids, CancellationToken ct,
        string field = "connection_ids")
    {
        var distinct = ids.Distinct().ToList();
        if (distinct.Count == 0) return distinct;
        await using var query = store.QuerySession();
        var owned = (await query.Query<Connection>().Where(c => c.AccountId == accountId && distinct.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct)).ToHashSet();
        for (var i = 0; i < ids.Count; i++)
            if (!owned.Contains(ids[i])) v.Add($"{field}[{i}]", $"'{ids[i]}' is not a connection of this account");
        return distinct;
    }

    /// <summary>A host name that resolves to a refused address is refused now, not only at delivery (where it is checked
    /// again, against DNS rebinding). A name that does not resolve yet is accepted: deliveries retry.</summary>
    private async Task CheckResolvedAsync(Validator v, string field, string url, CancellationToken ct)
    {
        if (options.Value.AllowPrivateTargets) return;
        var host = new Uri(url).DnsSafeHost;
        if (IPAddress.TryParse(host, out _)) return;
        IPAddress[] addresses;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            addresses = await Dns.GetHostAddressesAsync(host, timeout.Token);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException) { return; }
        if (addresses.Any(TargetAddressPolicy.IsBlocked)) v.Add(field, "resolves to a loopback, private, link-local or metadata address");
    }

    private async Task<WebhookEndpoint?> FindAsync(string accountId, string id, CancellationToken ct)
    {
        if (!Ids.LooksLike(id, "whe_")) return null;
        await using var connection = await store.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand($"select * from {Table} where id = @id and account_id = @account", connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("account", accountId);
        return (await ReadAsync(command, options.Value.InitialInFlightPerEndpoint, ct)).FirstOrDefault();
    }

    private static async Task<List<WebhookEndpoint>> ReadAsync(NpgsqlCommand command, int initialInFlightLimit, CancellationToken ct)
    {
        var list = new List<WebhookEndpoint>();
        await using var r = await command.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add(new WebhookEndpoint(
                r.GetString(r.GetOrdinal("id")), r.GetString(r.GetOrdinal("account_id")), r.GetString(r.GetOrdinal("url")),
                r.GetFieldValue<string[]>(r.GetOrdinal("event_types")), r.GetFieldValue<string[]>(r.GetOrdinal("connection_ids")),
                r.GetBoolean(r.GetOrdinal("disabled")),
                r.GetFieldValue<DateTimeOffset>(r.GetOrdinal("created_at")), r.GetFieldValue<DateTimeOffset>(r.GetOrdinal("updated_at")),
                r.IsDBNull(r.GetOrdinal("previous_secret_expires_at")) ? null : r.GetFieldValue<DateTimeOffset>(r.GetOrdinal("previous_secret_expires_at")),
                r.GetInt32(r.GetOrdinal("consecutive_failures")),
                r.IsDBNull(r.GetOrdinal("paused_until")) ? null : r.GetFieldValue<DateTimeOffset>(r.GetOrdinal("paused_until")),
                r.IsDBNull(r.GetOrdinal("in_flight_limit")) ? initialInFlightLimit : r.GetInt32(r.GetOrdinal("in_flight_limit"))));
        }
        return list;
    }

    private sealed record Position(string Id);
}
