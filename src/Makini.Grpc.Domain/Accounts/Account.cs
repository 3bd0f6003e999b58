namespace Makini.Grpc.Domain.Accounts;

public sealed record AccountCreated(string AccountId, string DisplayName, long Credits, string ApiKeyHash, DateTimeOffset At);
public sealed record CreditsGranted(long Credits, DateTimeOffset At);
public sealed record CreditsConsumed(string ConnectionId, long Credits, DateTimeOffset At);
public sealed record CreditsReturned(string ConnectionId, long Credits, DateTimeOffset At);
public sealed record AccountApiKeyRotated(string ApiKeyHash, DateTimeOffset At);
/// <summary>0 for a limit means the server's default.</summary>
public sealed record AccountRateLimitsUpdated(int ConnectionRequestsPerMinute, int AccountRequestsPerMinute, DateTimeOffset At);

/// <summary>An integrator account and its credit pool; an event stream, kept as an inline snapshot (the read model).</summary>
public sealed record Account(
    string Id,
    string DisplayName,
    long TotalCredits,
    long UsedCredits,
    string ApiKeyHash,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public long Version { get; init; }

    /// <summary>Calls per minute per connection token; 0 is the server's default (accounts created before limits had none).</summary>
    public int ConnectionRequestsPerMinute { get; init; }

    /// <summary>Calls per minute with the account key, link and public tokens; 0 is the server's default.</summary>
    public int AccountRequestsPerMinute { get; init; }

    public long AvailableCredits => TotalCredits - UsedCredits;

    public static Account Create(AccountCreated e) =>
        new(e.AccountId, e.DisplayName, e.Credits, 0, e.ApiKeyHash, e.At, e.At);

    public Account Apply(CreditsGranted e) => this with { TotalCredits = TotalCredits + e.Credits, UpdatedAt = e.At };
    public Account Apply(CreditsConsumed e) => this with { UsedCredits = UsedCredits + e.Credits, UpdatedAt = e.At };
    public Account Apply(CreditsReturned e) => this with { UsedCredits = UsedCredits - e.Credits, UpdatedAt = e.At };
    public Account Apply(AccountApiKeyRotated e) => this with { ApiKeyHash = e.ApiKeyHash, UpdatedAt = e.At };
    public Account Apply(AccountRateLimitsUpdated e) => this with
    {
        ConnectionRequestsPerMinute = e.ConnectionRequestsPerMinute,
        AccountRequestsPerMinute = e.AccountRequestsPerMinute,
        UpdatedAt = e.At,
    };
}
