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
}
