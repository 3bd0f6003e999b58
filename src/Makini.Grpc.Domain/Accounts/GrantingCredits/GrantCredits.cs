using Makini.Grpc.Domain.Common;
using Makini.Grpc.Domain.Infrastructure;
using Marten;

namespace Makini.Grpc.Domain.Accounts.GrantingCredits;

public sealed record GrantCredits(string AccountId, long Credits);

public sealed class GrantCreditsHandler(IDocumentStore store, TimeProvider clock)
{
    public Task<Account> HandleAsync(GrantCredits command, CancellationToken ct)
    {
        new Validator()
            .Check(!string.IsNullOrEmpty(command.AccountId), "account_id", "is required")
            .Check(command.Credits >= 1, "credits", "must be at least 1")
            .Check(command.Credits <= 1_000_000_000, "credits", "must be at most 1,000,000,000")
            .ThrowIfInvalid();

        return store.WriteAsync(async session =>
        {
            var stream = await session.Events.FetchForWriting<Account>(command.AccountId, ct);
            var account = stream.Aggregate ?? throw Errors.NotFound("account", command.AccountId);
            stream.AppendOne(AccountDecisions.GrantCredits(account, command.Credits, clock.GetUtcNow()));
            await session.SaveChangesAsync(ct);
            return (await session.Events.FetchLatest<Account>(command.AccountId, ct))!;
        }, ct);
    }
}
