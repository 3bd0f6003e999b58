using Makini.Grpc.Domain.Common;
using Makini.Grpc.Domain.Security;
using Makini.Grpc.Domain.Security.Tokens;

namespace Makini.Grpc.Domain.RateLimits;

/// <summary>Whose allowance a call spends.</summary>
public sealed record RateLimitTarget(RateLimitScope Scope, string SubjectId, string AccountId);

/// <summary>Admits an authenticated call within its caller's limit, or refuses it with RESOURCE_EXHAUSTED.</summary>
public sealed class RequestRateLimits(RateLimiter limiter, AccountRateLimits limits)
{
    /// <summary>The admin key is not limited. Connection tokens spend their connection's allowance; the account key,
    /// link tokens and public tokens spend the account's (link and public tokens act for the account during a link).</summary>
    public static RateLimitTarget? TargetOf(Principal principal) => principal.Kind switch
    {
        TokenKind.Admin => null,
        TokenKind.Connection => new RateLimitTarget(RateLimitScope.Connection, principal.SubjectId, principal.AccountId),
        _ => new RateLimitTarget(RateLimitScope.Account, principal.AccountId, principal.AccountId),
    };

    public async ValueTask EnsureAllowedAsync(Principal principal, CancellationToken ct)
    {
        if (TargetOf(principal) is not { } target) return;
        var (perConnection, perAccount) = await limits.ForAsync(target.AccountId, ct);
        var limit = target.Scope == RateLimitScope.Connection ? perConnection : perAccount;
        var verdict = await limiter.TakeAsync(target.Scope, target.SubjectId, limit);
        if (!verdict.Allowed) throw Errors.RateLimitExceeded(target.Scope == RateLimitScope.Connection ? "connection" : "account", verdict.Limit, verdict.RetryAfter);
    }
}
