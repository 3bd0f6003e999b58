namespace Makini.Grpc.Domain.RateLimits;

/// <summary>How many calls per minute the API accepts (configuration section <c>Makini:RateLimits</c>); the operator
/// sets other limits per account with AccountService.UpdateAccountRateLimits.</summary>
public sealed class RateLimitOptions
{
    public const int DefaultConnectionRequestsPerMinute = 600;
    public const int DefaultAccountRequestsPerMinute = 6000;

    /// <summary>Per connection token, for accounts without a limit of their own.</summary>
    public int ConnectionRequestsPerMinute { get; set; } = DefaultConnectionRequestsPerMinute;

    /// <summary>Per account (its API key, link and public tokens together), for accounts without a limit of their own.</summary>
    public int AccountRequestsPerMinute { get; set; } = DefaultAccountRequestsPerMinute;

    /// <summary>When Redis is down each node enforces its share: the limit divided by this many nodes.</summary>
    public int ExpectedNodes { get; set; } = 2;

    /// <summary>How long a node keeps an account's limits before reading them again, so a changed limit applies on
    /// every node within this time.</summary>
    public TimeSpan LimitsCacheLifetime { get; set; } = TimeSpan.FromSeconds(2);

    public (int Connection, int Account) EffectiveFor(Accounts.Account account) => (
        account.ConnectionRequestsPerMinute > 0 ? account.ConnectionRequestsPerMinute : ConnectionRequestsPerMinute,
        account.AccountRequestsPerMinute > 0 ? account.AccountRequestsPerMinute : AccountRequestsPerMinute);
}
