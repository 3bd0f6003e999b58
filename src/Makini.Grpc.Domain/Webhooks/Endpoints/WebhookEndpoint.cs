namespace Makini.Grpc.Domain.Webhooks.Endpoints;

/// <summary>An account's webhook endpoint (its secrets stay in the table, encrypted, and are never returned).</summary>
public sealed record WebhookEndpoint(
    string Id, string AccountId, string Url, IReadOnlyList<string> EventTypes, IReadOnlyList<string> ConnectionIds, bool Disabled,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? PreviousSecretExpiresAt, int ConsecutiveFailures = 0, DateTimeOffset? PausedUntil = null,
    int InFlightLimit = 0);

/// <summary>The fields an update may change (AIP-134 update_mask paths).</summary>
public sealed record WebhookEndpointChanges(string? Url, IReadOnlyList<string>? EventTypes, IReadOnlyList<string>? ConnectionIds, bool? Disabled);
