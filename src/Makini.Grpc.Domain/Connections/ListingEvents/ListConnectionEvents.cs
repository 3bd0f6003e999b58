using System.Globalization;
using Makini.Grpc.Domain.Common;
using Makini.Grpc.Domain.Security;
using Marten;

namespace Makini.Grpc.Domain.Connections.ListingEvents;

public sealed record ListConnectionEvents(string AccountId, string ConnectionId, int PageSize, string PageToken);

public sealed record LifecycleEvent(long Version, string Type, DateTimeOffset Time, IReadOnlyDictionary<string, string> Details);

public sealed record LifecycleEventPage(IReadOnlyList<LifecycleEvent> Events, string NextPageToken);

/// <summary>The connection's stream as recorded, oldest first; secrets and token hashes are never shown.</summary>
public sealed class ListConnectionEventsHandler(IDocumentStore store, PageTokens pageTokens)
{
    private sealed record Position(long After);

    public async Task<LifecycleEventPage> HandleAsync(ListConnectionEvents query, CancellationToken ct)
    {
        var v = new Validator();
        var size = Paging.PageSize(query.PageSize, v);
        v.ThrowIfInvalid();
        await using var session = store.QuerySession();
        await OwnedConnections.LoadAsync(session, query.AccountId, query.ConnectionId, ct);
        var scope = $"connection-events|{query.AccountId}|{query.ConnectionId}";
        var after = pageTokens.Decode<Position>(query.PageToken, scope)?.After ?? 0;

        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamKey == query.ConnectionId && e.Version > after)
            .OrderBy(e => e.Version)
            .Take(size + 1)
            .ToListAsync(ct);
        var page = events.Take(size).Select(e => Describe(e.Data) with { Version = e.Version, Time = e.Timestamp }).ToList();
        var next = events.Count > size ? pageTokens.Encode(scope, new Position(page[^1].Version)) : "";
        return new LifecycleEventPage(page, next);
    }

    public static LifecycleEvent Describe(object data)
    {
        static string S(object? o) => Convert.ToString(o, CultureInfo.InvariantCulture) ?? "";
        var (type, details) = data switch
        {
            ConnectionCreated e => ("connection.created", new Dictionary<string, string>
            {
                ["system_id"] = e.SystemId, ["deployment"] = S(e.Deployment), ["end_user_id"] = e.EndUserId,
                ["credits"] = S(e.Credits), ["base_url"] = e.BaseUrl, ["link_session_id"] = e.LinkSessionId,
                ["credential_fields"] = string.Join(",", e.CredentialFieldNames),
            }),
            ConnectionTokenIssued e => ("connection.token_issued", new() { ["link_session_id"] = e.LinkSessionId }),
            ConnectionTokenRotated => ("connection.token_rotated", new Dictionary<string, string>()),
            ConnectionChecked e => ("connection.checked", new() { ["result"] = S(e.Result), ["message"] = e.Message }),
            ConnectionCredentialsRejected e => ("connection.credentials_rejected", new()
            {
                ["http_status"] = S(e.HttpStatus), ["source_message"] = e.SourceMessage, ["origin"] = e.Origin,
            }),
            ConnectionReauthorized e => ("connection.reauthorized", new()
            {
                ["link_session_id"] = e.LinkSessionId, ["base_url"] = e.BaseUrl, ["credential_fields"] = string.Join(",", e.CredentialFieldNames),
            }),
            ConnectionHealthChanged e => ("connection.health_changed", new()
            {
                ["health"] = ConnectionHealthName(e.Health), ["previous_health"] = ConnectionHealthName(e.Previous), ["reason"] = e.Reason,
                ["consecutive_failures"] = S(e.ConsecutiveFailures),
            }),
            ConnectionDisconnected e => ("connection.disconnected", new() { ["credits_returned"] = S(e.CreditsReturned) }),
            ConnectionDataDeleted => ("connection.data_deleted", new Dictionary<string, string>()),
            _ => ("connection." + data.GetType().Name, new Dictionary<string, string>()),
        };
        return new LifecycleEvent(0, type, default, details);
    }

    /// <summary>The health as the API names it (CONNECTION_HEALTH_OFFLINE), as in GetConnection and the webhook.</summary>
    private static string ConnectionHealthName(SourceHealth health) => "CONNECTION_HEALTH_" + health.ToString().ToUpperInvariant();
}
