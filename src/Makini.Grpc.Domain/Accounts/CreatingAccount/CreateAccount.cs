using Makini.Grpc.Domain.Common;
using Makini.Grpc.Domain.Security;
using Marten;

namespace Makini.Grpc.Domain.Accounts.CreatingAccount;

public sealed record CreateAccount(string DisplayName, long Credits);

public sealed record AccountWithKey(Account Account, string ApiKey);

public sealed class CreateAccountHandler(IDocumentStore store, TimeProvider clock)
{
    public async Task<AccountWithKey> HandleAsync(CreateAccount command, CancellationToken ct)
    {
        new Validator()
            .Check(!string.IsNullOrWhiteSpace(command.DisplayName), "display_name", "is required")
            .Check(command.DisplayName.Length <= 200, "display_name", "must be at most 200 characters")
            .Check(command.Credits >= 0, "credits", "must not be negative")
            .ThrowIfInvalid();

        var apiKey = ApiTokens.NewAccountKey();
        var id = Ids.Account();
        await using var session = store.LightweightSession();
        session.Events.StartStream<Account>(id,
            new AccountCreated(id, command.DisplayName.Trim(), command.Credits, ApiTokens.Hash(apiKey), clock.GetUtcNow()));
        await session.SaveChangesAsync(ct);
        var account = await session.Events.FetchLatest<Account>(id, ct);
        return new AccountWithKey(account!, apiKey);
    }
}
