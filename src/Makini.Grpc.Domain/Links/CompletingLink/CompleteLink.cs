using Makini.Grpc.Connectors;
using Makini.Grpc.Domain.Webhooks;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Http;
using Makini.Grpc.Domain.Accounts;
using Makini.Grpc.Domain.Common;
using Makini.Grpc.Domain.Connections;
using Makini.Grpc.Domain.Infrastructure;
using Makini.Grpc.Domain.Security;
using Makini.Grpc.Domain.Sync;
using Marten;
using Microsoft.Extensions.Options;

namespace Makini.Grpc.Domain.Links.CompletingLink;

public sealed record CompleteLink(
    string LinkSessionId, string SystemId, Deployment? Deployment, string BaseUrl, IReadOnlyDictionary<string, string> Credentials,
    SyncScheduleInput? Schedule = null,
    IReadOnlyDictionary<string, System.Text.Json.Nodes.JsonObject>? WriteDefaults = null);

/// <summary>A schedule as the API gives it (validated here, against the request's field paths).</summary>
public sealed record SyncScheduleInput(int IntervalSeconds, string Cron, string TimeZone);

public sealed record CompletedLink(string ConnectionId, string PublicToken, DateTimeOffset PublicTokenExpiresAt);

/// <summary>Checks the credentials against the live system, then, in one transaction: consumes the credits (or
/// re-authorizes the existing connection for free), stores the encrypted credentials and completes the session.</summary>
public sealed class CompleteLinkHandler(
    IDocumentStore store,
    ConnectorRegistry connectors,
    CredentialProtector protector,
    ConnectionCaches caches,
    IOptions<LinkOptions> options,
    IOptions<SyncOptions> syncOptions,
    TimeProvider clock)
{
    public async Task<CompletedLink> HandleAsync(CompleteLink command, CancellationToken ct)
    {
        LinkSession session;
        Connection? reauthorizing = null;
        await using (var query = store.QuerySession())
        {
            session = (await query.LoadAsync<LinkSession>(command.LinkSessionId, ct))!;
            if (session.ReauthorizeConnectionId is { } reauthId) reauthorizing = await query.LoadAsync<Connection>(reauthId, ct);
        }
        LinkDecisions.EnsureCompletable(session, clock.GetUtcNow());

        var (system, deployment, baseUrl, schedule) = Validate(command, session, reauthorizing, syncOptions.Value);
        var settings = command.WriteDefaults is { Count: > 0 } defaults
            ? Connections.UpdatingSettings.UpdateConnectionSettingsHandler.Validate(defaults, "settings.write_defaults")
            : null;
        var credentials = command.Credentials.ToDictionary(kv => kv.Key, kv => kv.Value.Trim());

        if (reauthorizing is not null) ConnectionDecisions.EnsureReauthorizable(reauthorizing);
        try
        {
            // Reauthorizing checks an existing connection's system: within that connection's outbound budget, like its
            // syncs and writes. A new connection has no budget yet; its single check goes straight out.
            using var scope = reauthorizing is null ? null : SourceScope.Enter(reauthorizing.Id, system.SystemId);
            await connectors.Get(system.SystemId)
                .CheckCredentialsAsync(new SourceTarget(system.SystemId, deployment, baseUrl, credentials), ct);
        }
        catch (SourceCredentialsRejectedException e) { throw SourceErrors.CredentialsRejected(e); }
        catch (SourceUnavailableException e) { throw SourceErrors.Unavailable(e); }
        catch (SourceCallRefusedException) { throw ConnectionDecisions.Disconnected(reauthorizing!.Id); }

        var publicToken = ApiTokens.NewPublicToken();
        var fieldNames = credentials.Keys.Order(StringComparer.Ordinal).ToList();

        var (connectionId, expiresAt, tokenBefore, after) = await store.WriteAsync(async tx =>
        {
            var now = clock.GetUtcNow();
            var link = await tx.Events.FetchForWriting<LinkSession>(session.Id, ct);
            LinkDecisions.EnsureCompletable(link.Aggregate!, now);

            string id;
            string? hashBefore = null;
            if (reauthorizing is not null)
            {
                id = reauthorizing.Id;
                var stream = await tx.Events.FetchForWriting<Connection>(id, ct);
                ConnectionDecisions.EnsureReauthorizable(stream.Aggregate!);
                hashBefore = stream.Aggregate!.TokenHash;
                stream.AppendOne(new ConnectionReauthorized(session.Id, baseUrl.ToString(), fieldNames, now));
                ConnectionWebhooks.Enqueue(tx, WebhookEventTypes.ConnectionReauthorized, stream.Aggregate!, ConnectionStatus.Active,
                    "New credentials accepted through a reauthorization link session.", now);
                if (settings is not null) stream.AppendOne(new ConnectionSettingsUpdated(settings, now));
                SyncJobs.QueueResume(tx, id, now);
            }
            else
            {
                id = Ids.Connection();
                var credits = system.CreditCost(deployment);
                var account = await tx.Events.FetchForWriting<Account>(session.AccountId, ct);
                account.AppendOne(AccountDecisions.ConsumeCredits(account.Aggregate!, id, credits, now));
                tx.Events.StartStream<Connection>(id, new ConnectionCreated(id, session.AccountId, session.EndUserId,
                    system.SystemId, deployment, baseUrl.ToString(), credits, fieldNames, session.Id, now, settings));
                ConnectionWebhooks.Enqueue(tx, WebhookEventTypes.ConnectionCreated, session.AccountId, id, system.SystemId, session.EndUserId,
                    ConnectionStatus.Active, "Linked through a link session.", now);
                SyncJobs.QueueCreate(tx, id, system, schedule, now);
            }

            tx.Store(new ConnectionCredentials { Id = id, Ciphertext = protector.Protect(id, credentials) });
            var expires = now + options.Value.PublicTokenLifetime;
            link.AppendOne(new LinkCompleted(id, system.SystemId, ApiTokens.Hash(publicToken), expires, now));
            await tx.SaveChangesAsync(ct);
            return (id, expires, hashBefore, (await tx.Events.FetchLatest<Connection>(id, ct))!);
        }, ct);

        await caches.AfterChangeAsync(tokenBefore, after, ct);
        return new CompletedLink(connectionId, publicToken, expiresAt);
    }

    private static (SystemDescriptor System, Deployment Deployment, Uri BaseUrl, SyncSchedule Schedule) Validate(
        CompleteLink command, LinkSession session, Connection? reauthorizing, SyncOptions sync)
    {
        var v = new Validator();
        var schedule = command.Schedule is { } s
            ? SyncSchedule.Validate(s.IntervalSeconds, s.Cron, s.TimeZone, sync.MinimumIntervalSeconds, v, "sync_schedule.")
            : SyncSchedule.Every(sync.DefaultIntervalSeconds);
        var system = SystemCatalog.Find(command.SystemId);
        if (string.IsNullOrEmpty(command.SystemId)) v.Add("system_id", "is required");
        else if (system is null) v.Add("system_id", $"'{command.SystemId}' is not a supported system");
        else if (!session.AllowedSystemIds.Contains(system.SystemId))
        {
            v.Add("system_id", $"is not allowed in this link session; allowed: {string.Join(", ", session.AllowedSystemIds)}");
            system = null; // its other fields cannot be judged against a system the session does not offer
        }

        var deployment = command.Deployment ?? reauthorizing?.Deployment;
        if (deployment is null) v.Add("deployment", "is required: DEPLOYMENT_CLOUD or DEPLOYMENT_ON_PREM");
        else if (reauthorizing is not null && deployment != reauthorizing.Deployment)
            v.Add("deployment", $"must stay {reauthorizing.Deployment} when reauthorizing a connection");

        Uri? baseUrl = null;
        if (system is not null)
        {
            var raw = command.BaseUrl.Trim();
            if (raw.Length == 0) raw = DefaultBaseUrl(system, command.Credentials) ?? "";
            if (raw.Length == 0)
                v.Add("base_url", $"is required for {system.DisplayName} (e.g. {system.DefaultBaseUrl})");
            else if (!Uri.TryCreate(raw, UriKind.Absolute, out baseUrl) || baseUrl.Scheme is not ("http" or "https")
                     || !string.IsNullOrEmpty(baseUrl.Query) || !string.IsNullOrEmpty(baseUrl.Fragment) || raw.Length > 500)
                v.Add("base_url", "must be an absolute http or https URL without query or fragment, at most 500 characters");

            foreach (var field in system.CredentialFields)
            {
                var present = command.Credentials.TryGetValue(field.Name, out var value) && !string.IsNullOrWhiteSpace(value);
                if (field.Required && !present) v.Add($"credentials[{field.Name}]", $"is required ({field.DisplayName})");
                if (present && value!.Length > 4096) v.Add($"credentials[{field.Name}]", "must be at most 4096 characters");
            }
            foreach (var key in command.Credentials.Keys.Where(k => system.CredentialFields.All(f => f.Name != k)))
                v.Add($"credentials[{key}]", $"is not a credential field of {system.DisplayName}; expected: " +
                    string.Join(", ", system.CredentialFields.Select(f => f.Name)));
        }
        v.ThrowIfInvalid();
        return (system!, deployment!.Value, new Uri(baseUrl!.ToString().TrimEnd('/')), schedule);
    }

    /// <summary>Cloud systems with one well-known host need no base URL; NetSuite's host follows from the account id.</summary>
    private static string? DefaultBaseUrl(SystemDescriptor system, IReadOnlyDictionary<string, string> credentials)
    {
        if (!system.DefaultBaseUrl.Contains('{')) return system.DefaultBaseUrl;
        if (system.SystemId == SystemCatalog.NetSuite && credentials.TryGetValue("account_id", out var account) && account.Length > 0
            && account.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            return system.DefaultBaseUrl.Replace("{account}", account.ToLowerInvariant().Replace('_', '-'));
        return null;
    }
}
