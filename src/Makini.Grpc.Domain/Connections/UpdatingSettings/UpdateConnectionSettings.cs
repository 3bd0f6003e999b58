using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Domain.Common;
using Makini.Grpc.Domain.Infrastructure;
using Makini.Grpc.Domain.Records;
using Marten;

namespace Makini.Grpc.Domain.Connections.UpdatingSettings;

public sealed record UpdateConnectionSettings(string AccountId, string ConnectionId, IReadOnlyDictionary<string, JsonObject> WriteDefaults);

/// <summary>Replaces the connection's write defaults (fields in the system's own names per entity).</summary>
public sealed class UpdateConnectionSettingsHandler(IDocumentStore store, ConnectionCaches caches, TimeProvider clock)
{
    public async Task<Connection> HandleAsync(UpdateConnectionSettings command, CancellationToken ct)
    {
        OwnedConnections.ValidateId(command.ConnectionId);
        var settings = Validate(command.WriteDefaults, "settings.write_defaults");
        var (hashBefore, after) = await store.WriteAsync(async tx =>
        {
            var stream = await tx.Events.FetchForWriting<Connection>(command.ConnectionId, ct);
            OwnedConnections.EnsureOwned(stream.Aggregate, command.AccountId, command.ConnectionId);
            var before = stream.Aggregate!;
            if (before.Status == ConnectionStatus.Disconnected) throw ConnectionDecisions.Disconnected(before.Id);
            stream.AppendOne(new ConnectionSettingsUpdated(settings, clock.GetUtcNow()));
            await tx.SaveChangesAsync(ct);
            return (before.TokenHash, (await tx.Events.FetchLatest<Connection>(before.Id, ct))!);
        }, ct);
        await caches.AfterChangeAsync(hashBefore, after, ct);
        return after;
    }

    /// <summary>Keys must be entity names; values objects of scalar source fields.</summary>
    public static ConnectionSettings Validate(IReadOnlyDictionary<string, JsonObject> defaults, string field)
    {
        var v = new Validator();
        foreach (var (entity, fields) in defaults)
        {
            if (EntityShape.ByName(entity) is null)
                v.Add($"{field}[{entity}]", "must be an entity name: purchase_order, work_order, inventory_item, vendor or asset");
            if (fields.ToJsonString().Length > 16_384) v.Add($"{field}[{entity}]", "must be at most 16 KB");
        }
        v.ThrowIfInvalid();
        return new ConnectionSettings(defaults.ToDictionary(kv => kv.Key, kv => kv.Value));
    }
}
