using Makini.Grpc.Domain.Common;
using Marten;

namespace Makini.Grpc.Domain.Accounts.GettingCredits;

public sealed class GetAccountHandler(IDocumentStore store)
{
    public async Task<Account> HandleAsync(string accountId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<Account>(accountId, ct) ?? throw Errors.NotFound("account", accountId);
    }
}
