using JasperFx.Events;
using Makini.Grpc.Domain.Security;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Makini.Grpc.Domain.Accounts.SeedingDemoAccount;

/// <summary>For the local stack only (scripts/run): makes sure an account exists for the key in
/// <c>Makini:Demo:AccountKey</c>, so a newcomer has a working account key from the first start.</summary>
public sealed partial class DemoAccountSeeder(IConfiguration configuration, IDocumentStore store, TimeProvider clock, ILogger<DemoAccountSeeder> log)
    : IHostedService
{
    public const long DemoCredits = 100;

    public async Task StartAsync(CancellationToken ct)
    {
        var key = configuration["Makini:Demo:AccountKey"];
        if (string.IsNullOrEmpty(key)) return;
        if (!ApiTokens.IsWellFormed(key, ApiTokens.AccountPrefix))
        {
            LogBadKey();
            return;
        }

        var hash = ApiTokens.Hash(key);
        var id = "acct_" + hash[..32]; // stable for the key, so every node and every restart agree
        await using var session = store.LightweightSession();
        if (await session.Events.FetchStreamStateAsync(id, ct) is not null) return;
        session.Events.StartStream<Account>(id, new AccountCreated(id, "Demo account", DemoCredits, hash, clock.GetUtcNow()));
        try
        {
            await session.SaveChangesAsync(ct);
            LogSeeded(id);
        }
        catch (Exception e) when (Common.StreamCollision.Is(e))
        {
            // Another node seeded it first.
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    [LoggerMessage(3001, LogLevel.Information, "Seeded the demo account {AccountId}.")]
    private partial void LogSeeded(string accountId);

    [LoggerMessage(3002, LogLevel.Warning, "Makini:Demo:AccountKey is not a well-formed account key (mk_acct_ and 43 letters or digits); no demo account.")]
    private partial void LogBadKey();
}
