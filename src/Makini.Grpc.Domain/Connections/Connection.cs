using Makini.Grpc.Connectors.Catalog;

namespace Makini.Grpc.Domain.Connections;

public enum ConnectionStatus { Active, ReauthorizationRequired, Disconnected }

public enum HealthCheckResult { Ok, CredentialsRejected, Unreachable }

public sealed record HealthCheck(DateTimeOffset At, HealthCheckResult Result, string Message);

/// <summary>Whether the source answers. Separate from <see cref="ConnectionStatus"/>: an offline source still holds
/// valid credentials, and a rejection of credentials is REAUTHORIZATION_REQUIRED, not a health state.</summary>
public enum SourceHealth { Online, Degraded, Offline }

/// <summary>The source's health moved; appended only on a change, so a healthy connection's stream does not grow.</summary>
public sealed record ConnectionHealthChanged(SourceHealth Health, SourceHealth Previous, string Reason, int ConsecutiveFailures, DateTimeOffset At);

public sealed record ConnectionCreated(
    string ConnectionId, string AccountId, string EndUserId, string SystemId, Deployment Deployment, string BaseUrl,
    long Credits, IReadOnlyList<string> CredentialFieldNames, string LinkSessionId, DateTimeOffset At, ConnectionSettings? Settings = null);

/// <summary>How a connection writes: per entity name, fields in the system's own names merged into every write.</summary>
public sealed record ConnectionSettings(IReadOnlyDictionary<string, System.Text.Json.Nodes.JsonObject> WriteDefaults)
{
    public static readonly ConnectionSettings Empty = new(new Dictionary<string, System.Text.Json.Nodes.JsonObject>());
}

public sealed record ConnectionSettingsUpdated(ConnectionSettings Settings, DateTimeOffset At);

/// <summary>The connection's API token was revealed through the public-token exchange.</summary>
public sealed record ConnectionTokenIssued(string TokenHash, string LinkSessionId, DateTimeOffset At);
public sealed record ConnectionTokenRotated(string TokenHash, DateTimeOffset At);
public sealed record ConnectionChecked(HealthCheckResult Result, string Message, DateTimeOffset At);
/// <summary>The source answered 401/403 to the stored credentials; <see cref="Origin"/> says who noticed.</summary>
public sealed record ConnectionCredentialsRejected(int HttpStatus, string SourceMessage, string Origin, DateTimeOffset At);
/// <summary>New credentials accepted through a reauthorization link session; the old token stops working.</summary>
public sealed record ConnectionReauthorized(string LinkSessionId, string BaseUrl, IReadOnlyList<string> CredentialFieldNames, DateTimeOffset At);
public sealed record ConnectionDisconnected(long CreditsReturned, DateTimeOffset At);
public sealed record ConnectionDataDeleted(DateTimeOffset At);

/// <summary>One end customer's system linked to an account. Event stream; the inline snapshot is the read model
/// and the token lookup (<see cref="TokenHash"/> is the hash of the one live API token, if any).</summary>
public sealed record Connection(
    string Id,
    string AccountId,
    string EndUserId,
    string SystemId,
    Deployment Deployment,
    string BaseUrl,
    ConnectionStatus Status,
    long Credits,
    IReadOnlyList<string> CredentialFieldNames,
    string? TokenHash,
    HealthCheck? LastHealthCheck,
    bool DataDeleted,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DisconnectedAt,
    ConnectionSettings? Settings = null,
    SourceHealth Health = SourceHealth.Online,
    DateTimeOffset? HealthChangedAt = null)
{
    public long Version { get; init; }

    public static Connection Create(ConnectionCreated e) =>
        new(e.ConnectionId, e.AccountId, e.EndUserId, e.SystemId, e.Deployment, e.BaseUrl, ConnectionStatus.Active,
            e.Credits, e.CredentialFieldNames, null, null, false, e.At, e.At, null, e.Settings ?? ConnectionSettings.Empty);

    public Connection Apply(ConnectionSettingsUpdated e) => this with { Settings = e.Settings, UpdatedAt = e.At };

    public Connection Apply(ConnectionTokenIssued e) => this with { TokenHash = e.TokenHash, UpdatedAt = e.At };
    public Connection Apply(ConnectionTokenRotated e) => this with { TokenHash = e.TokenHash, UpdatedAt = e.At };

    // A passing check after a rejection means the source accepts the stored credentials again
    // (the password was restored), so the connection is usable without a new link.
    public Connection Apply(ConnectionChecked e) => this with
    {
        Status = e.Result == HealthCheckResult.Ok && Status == ConnectionStatus.ReauthorizationRequired ? ConnectionStatus.Active : Status,
        LastHealthCheck = new HealthCheck(e.At, e.Result, e.Message),
        UpdatedAt = e.At,
    };

    public Connection Apply(ConnectionCredentialsRejected e) => this with
    {
        Status = ConnectionStatus.ReauthorizationRequired,
        LastHealthCheck = new HealthCheck(e.At, HealthCheckResult.CredentialsRejected, e.SourceMessage),
        UpdatedAt = e.At,
    };

    public Connection Apply(ConnectionReauthorized e) => this with
    {
        Status = ConnectionStatus.Active,
        BaseUrl = e.BaseUrl,
        CredentialFieldNames = e.CredentialFieldNames,
        TokenHash = null,
        LastHealthCheck = new HealthCheck(e.At, HealthCheckResult.Ok, "Credentials accepted on reauthorization."),
        UpdatedAt = e.At,
    };

    public Connection Apply(ConnectionHealthChanged e) => this with { Health = e.Health, HealthChangedAt = e.At, UpdatedAt = e.At };

    public Connection Apply(ConnectionDisconnected e) => this with
    {
        Status = ConnectionStatus.Disconnected,
        Credits = 0,
        TokenHash = null,
        DisconnectedAt = e.At,
        UpdatedAt = e.At,
    };

    public Connection Apply(ConnectionDataDeleted e) => this with
    {
        DataDeleted = true,
        CredentialFieldNames = [],
        UpdatedAt = e.At,
    };
}

/// <summary>A connection's source credentials, encrypted (AES-GCM). Kept out of the event stream so
/// DeleteConnectionData can erase them while the lifecycle history stays.</summary>
public sealed class ConnectionCredentials
{
    public required string Id { get; init; }
    public required string Ciphertext { get; set; }
}
