using Makini.Grpc.Domain.Common;

namespace Makini.Grpc.Domain.Accounts;

/// <summary>Pure rules of the credit pool.</summary>
public static class AccountDecisions
{
    public static CreditsConsumed ConsumeCredits(Account account, string connectionId, long credits, DateTimeOffset now)
    {
        if (account.AvailableCredits < credits)
        {
            throw new DomainException(ErrorKind.FailedPrecondition, ErrorReasons.InsufficientCredits,
                $"This connection needs {credits} credits and the account has {account.AvailableCredits} available. " +
                "Ask the operator to grant credits, or disconnect an unused connection.",
                new Dictionary<string, string>
                {
                    ["required"] = credits.ToString(),
                    ["available"] = account.AvailableCredits.ToString(),
                });
        }
        return new CreditsConsumed(connectionId, credits, now);
    }

    public static CreditsGranted GrantCredits(Account account, long credits, DateTimeOffset now) =>
        new(credits, now);

    public const int MaxRequestsPerMinute = 1_000_000;

    /// <summary>Each limit is 1 to <see cref="MaxRequestsPerMinute"/>, or 0 for the server's default.</summary>
    public static AccountRateLimitsUpdated UpdateRateLimits(Account account, int connectionRequestsPerMinute, int accountRequestsPerMinute, DateTimeOffset now)
    {
        new Validator()
            .Check(connectionRequestsPerMinute is >= 0 and <= MaxRequestsPerMinute, "connection_requests_per_minute",
                $"must be 1 to {MaxRequestsPerMinute:N0}, or 0 for the default")
            .Check(accountRequestsPerMinute is >= 0 and <= MaxRequestsPerMinute, "account_requests_per_minute",
                $"must be 1 to {MaxRequestsPerMinute:N0}, or 0 for the default")
            .ThrowIfInvalid();
        return new AccountRateLimitsUpdated(connectionRequestsPerMinute, accountRequestsPerMinute, now);
    }
}
