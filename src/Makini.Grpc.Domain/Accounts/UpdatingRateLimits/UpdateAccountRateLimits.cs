using Makini.Grpc.Domain.Common;
using Makini.Grpc.Domain.Infrastructure;
using Makini.Grpc.Domain.RateLimits;
using Marten;

namespace Makini.Grpc.Domain.Accounts.UpdatingRateLimits;

/// <summary>0 for a limit restores the server's default.</summary>
public sealed record UpdateAccountRateLimits(string AccountId, int ConnectionRequestsPerMinute, int AccountRequestsPerMinute);

public sealed class UpdateAccountRateLimitsHandler(IDocumentStore store, AccountRateLimits limits, TimeProvider clock)
{
    /// <summary>This node applies the new limits at once; the others when their cached copy expires
    /// (<see cref="RateLimitOptions.LimitsCacheLifetime"/>).</summary>
    public async Task<Account> HandleAsync(UpdateAccountRateLimits command, CancellationToken ct)
    {
        new Validator().Check(!string.IsNullOrEmpty(command.AccountId), "account_id", "is required").ThrowIfInvalid();

        var account = await store.WriteAsync(async session =>
        {
            var stream = await session.Events.FetchForWriting<Account>(command.AccountId, ct);
            var current = stream.Aggregate ?? throw Errors.NotFound("account", command.AccountId);
            stream.AppendOne(AccountDecisions.UpdateRateLimits(current, command.ConnectionRequestsPerMinute, command.AccountRequestsPerMinute, clock.GetUtcNow()));
            await session.SaveChangesAsync(ct);
            return (await session.Events.FetchLatest<Account>(command.AccountId, ct))!;
        }, ct);
        limits.Evict(account.Id);
        return account;
    }
}
