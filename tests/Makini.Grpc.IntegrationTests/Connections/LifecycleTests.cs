using Grpc.Core;
using Makini.Grpc.IntegrationTests.Infrastructure;
using Makini.Grpc.V1;

namespace Makini.Grpc.IntegrationTests.Connections;

public sealed class LifecycleTests
{
    private static async Task<(Api Api, Stack Stack, string Key)> ArrangeAsync(long credits = 20)
    {
        var stack = await Stack.GetAsync();
        var api = new Api(stack.Server.Channel);
        var (_, key) = await api.CreateAccountAsync(credits);
        return (api, stack, key);
    }

    [Fact]
    public async Task Changed_source_password_requires_reauthorization_which_keeps_the_connection()
    {
        var (api, stack, key) = await ArrangeAsync();
        var connectedAfter = DateTimeOffset.UtcNow.AddSeconds(-1);
        var linked = await api.ConnectAsync(key, stack.Emulators.NewInstance("sap"), "sap_s4hana");
        // A still-running initial sync would meet the changed password too and record a second rejection.
        await api.WaitForAllAsync(linked.Token, connectedAfter);
        var credentials = await linked.Emulator.CredentialsAsync();
        credentials["password"] = "Changed-at-the-source-2";
        await linked.Emulator.SetCredentialsAsync(credentials);

        var checkedConnection = (await api.Connections.CheckConnectionAsync(new CheckConnectionRequest { ConnectionId = linked.Id }, Api.Bearer(key))).Connection;
        checkedConnection.Status.ShouldBe(ConnectionStatus.ReauthorizationRequired);
        checkedConnection.LastHealthCheck.Result.ShouldBe(HealthCheckResult.CredentialsRejected);
        (await api.Info.GetConnectionInfoAsync(new GetConnectionInfoRequest(), Api.Bearer(linked.Token))).Connection.Status
            .ShouldBe(ConnectionStatus.ReauthorizationRequired);

        var link = await api.OpenLinkAsync(key, endUserId: "", reauthorize: linked.Id);
        link.ReauthorizeConnectionId.ShouldBe(linked.Id);
        link.Systems.Select(s => s.SystemId).ShouldBe(["sap_s4hana"]);
        var completed = await api.CompleteAsync(link.LinkToken, "sap_s4hana", linked.Emulator, Deployment.Unspecified, credentials);
        completed.ConnectionId.ShouldBe(linked.Id);
        var exchanged = await api.Links.ExchangePublicTokenAsync(new ExchangePublicTokenRequest { PublicToken = completed.PublicToken }, Api.Bearer(key));

        exchanged.Connection.ConnectionId.ShouldBe(linked.Id);
        exchanged.Connection.Status.ShouldBe(ConnectionStatus.Active);
        exchanged.ApiToken.ShouldNotBe(linked.Token);
        await api.Info.GetConnectionInfoAsync(new GetConnectionInfoRequest(), Api.Bearer(linked.Token)).ShouldFail(StatusCode.Unauthenticated, "TOKEN_INVALID");
        (await api.Info.GetConnectionInfoAsync(new GetConnectionInfoRequest(), Api.Bearer(exchanged.ApiToken))).Connection.Status.ShouldBe(ConnectionStatus.Active);
        (await api.Connections.GetCreditsAsync(new GetCreditsRequest(), Api.Bearer(key))).Used.ShouldBe(4); // reauthorization is free

        // One rejection moves the connection, whoever met it first: the check, or a background sync just before it (then
        // the check is recorded as a plain check).
        var types = (await api.Connections.ListConnectionEventsAsync(new ListConnectionEventsRequest { ConnectionId = linked.Id }, Api.Bearer(key)))
            .Events.Select(e => e.Type).Where(t => t != "connection.checked");
        types.ShouldBe(["connection.created", "connection.token_issued", "connection.credentials_rejected", "connection.reauthorized", "connection.token_issued"]);
    }

    [Fact]
    public async Task Disconnect_revokes_the_token_returns_credits_and_keeps_the_history()
    {
        var (api, stack, key) = await ArrangeAsync();
        var linked = await api.ConnectAsync(key, stack.Emulators.NewInstance("netsuite"), "netsuite");
        (await api.Connections.GetCreditsAsync(new GetCreditsRequest(), Api.Bearer(key))).Used.ShouldBe(2);

        var disconnected = (await api.Connections.DisconnectConnectionAsync(new DisconnectConnectionRequest { ConnectionId = linked.Id }, Api.Bearer(key))).Connection;

        disconnected.Status.ShouldBe(ConnectionStatus.Disconnected);
        disconnected.Credits.ShouldBe(0);
        disconnected.DisconnectTime.ShouldNotBeNull();
        await api.Info.GetConnectionInfoAsync(new GetConnectionInfoRequest(), Api.Bearer(linked.Token)).ShouldFail(StatusCode.Unauthenticated, "TOKEN_INVALID");
        var credits = await api.Connections.GetCreditsAsync(new GetCreditsRequest(), Api.Bearer(key));
        (credits.Used, credits.Available).ShouldBe((0L, 20L));
        await api.Connections.DisconnectConnectionAsync(new DisconnectConnectionRequest { ConnectionId = linked.Id }, Api.Bearer(key))
            .ShouldFail(StatusCode.FailedPrecondition, "CONNECTION_DISCONNECTED");
        await api.Connections.RotateConnectionTokenAsync(new RotateConnectionTokenRequest { ConnectionId = linked.Id }, Api.Bearer(key))
            .ShouldFail(StatusCode.FailedPrecondition, "CONNECTION_DISCONNECTED");
        await api.OpenLinkAsync(key, reauthorize: linked.Id).ShouldFail(StatusCode.FailedPrecondition, "CONNECTION_DISCONNECTED");

        var events = (await api.Connections.ListConnectionEventsAsync(new ListConnectionEventsRequest { ConnectionId = linked.Id }, Api.Bearer(key))).Events;
        events.Select(e => e.Type).ShouldBe(["connection.created", "connection.token_issued", "connection.disconnected"]);
        events[^1].Details["credits_returned"].ShouldBe("2");
        events.Select(e => e.Version).ShouldBe([1L, 2L, 3L]);

        var deleted = (await api.Connections.DeleteConnectionDataAsync(new DeleteConnectionDataRequest { ConnectionId = linked.Id }, Api.Bearer(key))).Connection;
        deleted.DataDeleted.ShouldBeTrue();
        deleted.CredentialFieldNames.ShouldBeEmpty();
        (await api.Connections.ListConnectionEventsAsync(new ListConnectionEventsRequest { ConnectionId = linked.Id }, Api.Bearer(key)))
            .Events.Select(e => e.Type).ShouldContain("connection.data_deleted");
    }

    [Fact]
    public async Task Deleting_data_needs_a_disconnected_connection()
    {
        var (api, stack, key) = await ArrangeAsync();
        var linked = await api.ConnectAsync(key, stack.Emulators.NewInstance("upkeep"), "upkeep");
        await api.Connections.DeleteConnectionDataAsync(new DeleteConnectionDataRequest { ConnectionId = linked.Id }, Api.Bearer(key))
            .ShouldFail(StatusCode.FailedPrecondition, "CONNECTION_NOT_DISCONNECTED");
    }

    [Fact]
    public async Task Reconnecting_after_a_disconnect_creates_a_new_connection_and_token()
    {
        var (api, stack, key) = await ArrangeAsync();
        var emulator = stack.Emulators.NewInstance("bc");
        var first = await api.ConnectAsync(key, emulator, "dynamics_bc");
        await api.Connections.DisconnectConnectionAsync(new DisconnectConnectionRequest { ConnectionId = first.Id }, Api.Bearer(key));

        var second = await api.ConnectAsync(key, emulator, "dynamics_bc");

        second.Id.ShouldNotBe(first.Id);
        second.Token.ShouldNotBe(first.Token);
        await api.Info.GetConnectionInfoAsync(new GetConnectionInfoRequest(), Api.Bearer(first.Token)).ShouldFail(StatusCode.Unauthenticated);
        (await api.Info.GetConnectionInfoAsync(new GetConnectionInfoRequest(), Api.Bearer(second.Token))).Connection.ConnectionId.ShouldBe(second.Id);
        (await api.Connections.GetCreditsAsync(new GetCreditsRequest(), Api.Bearer(key))).Used.ShouldBe(2);
    }

    [Fact]
    public async Task Rotation_replaces_connection_tokens_and_account_keys_at_once()
    {
        var (api, stack, key) = await ArrangeAsync();
        var linked = await api.ConnectAsync(key, stack.Emulators.NewInstance("maximo"), "ibm_maximo");

        var rotated = (await api.Connections.RotateConnectionTokenAsync(new RotateConnectionTokenRequest { ConnectionId = linked.Id }, Api.Bearer(key))).ApiToken;
        await api.Info.GetConnectionInfoAsync(new GetConnectionInfoRequest(), Api.Bearer(linked.Token)).ShouldFail(StatusCode.Unauthenticated, "TOKEN_INVALID");
        (await api.Info.GetConnectionInfoAsync(new GetConnectionInfoRequest(), Api.Bearer(rotated))).Connection.ConnectionId.ShouldBe(linked.Id);

        var account = (await api.Connections.GetConnectionAsync(new GetConnectionRequest { ConnectionId = linked.Id }, Api.Bearer(key))).Connection.AccountId;
        var newKey = (await api.Accounts.RotateAccountApiKeyAsync(new RotateAccountApiKeyRequest { AccountId = account }, Api.Admin)).ApiKey;
        await api.Connections.GetCreditsAsync(new GetCreditsRequest(), Api.Bearer(key)).ShouldFail(StatusCode.Unauthenticated, "TOKEN_INVALID");
        (await api.Connections.GetCreditsAsync(new GetCreditsRequest(), Api.Bearer(newKey))).Used.ShouldBe(2);
        // The connection token does not depend on the account key.
        (await api.Info.GetConnectionInfoAsync(new GetConnectionInfoRequest(), Api.Bearer(rotated))).Connection.ConnectionId.ShouldBe(linked.Id);
    }

    [Fact]
    public async Task Another_accounts_connection_is_answered_as_not_found()
    {
        var (api, stack, key) = await ArrangeAsync();
        var (_, intruder) = await api.CreateAccountAsync();
        var linked = await api.ConnectAsync(key, stack.Emulators.NewInstance("upkeep"), "upkeep");
        var missing = "conn_" + Guid.CreateVersion7().ToString("N");

        foreach (var id in new[] { linked.Id, missing })
        {
            var theirs = Api.Bearer(intruder);
            var e1 = await api.Connections.GetConnectionAsync(new GetConnectionRequest { ConnectionId = id }, theirs).ShouldFail(StatusCode.NotFound);
            e1.Status.Detail.ShouldBe($"connection '{id}' was not found.");
            await api.Connections.CheckConnectionAsync(new CheckConnectionRequest { ConnectionId = id }, theirs).ShouldFail(StatusCode.NotFound);
            await api.Connections.RotateConnectionTokenAsync(new RotateConnectionTokenRequest { ConnectionId = id }, theirs).ShouldFail(StatusCode.NotFound);
            await api.Connections.DisconnectConnectionAsync(new DisconnectConnectionRequest { ConnectionId = id }, theirs).ShouldFail(StatusCode.NotFound);
            await api.Connections.DeleteConnectionDataAsync(new DeleteConnectionDataRequest { ConnectionId = id }, theirs).ShouldFail(StatusCode.NotFound);
            await api.Connections.ListConnectionEventsAsync(new ListConnectionEventsRequest { ConnectionId = id }, theirs).ShouldFail(StatusCode.NotFound);
            await api.OpenLinkAsync(intruder, reauthorize: id).ShouldFail(StatusCode.NotFound);
        }
        (await api.Connections.ListConnectionsAsync(new ListConnectionsRequest(), Api.Bearer(intruder))).Connections.ShouldBeEmpty();
        (await api.Info.GetConnectionInfoAsync(new GetConnectionInfoRequest(), Api.Bearer(linked.Token))).Connection.Status.ShouldBe(ConnectionStatus.Active);
    }

    [Fact]
    public async Task Each_key_kind_opens_only_its_own_methods()
    {
        var (api, stack, key) = await ArrangeAsync();
        var linked = await api.ConnectAsync(key, stack.Emulators.NewInstance("upkeep"), "upkeep");

        await api.Connections.GetCreditsAsync(new GetCreditsRequest()).ShouldFail(StatusCode.Unauthenticated, "TOKEN_INVALID");
        await api.Connections.GetCreditsAsync(new GetCreditsRequest(), new Metadata { { "authorization", "Basic abc" } }).ShouldFail(StatusCode.Unauthenticated, "TOKEN_INVALID");
        await api.Connections.GetCreditsAsync(new GetCreditsRequest(), Api.Bearer("mk_acct_" + new string('x', 43))).ShouldFail(StatusCode.Unauthenticated, "TOKEN_INVALID");
        await api.Connections.GetCreditsAsync(new GetCreditsRequest(), Api.Bearer("nonsense")).ShouldFail(StatusCode.Unauthenticated, "TOKEN_INVALID");
        await api.Connections.GetCreditsAsync(new GetCreditsRequest(), Api.Bearer(linked.Token)).ShouldFail(StatusCode.PermissionDenied, "KEY_NOT_ALLOWED");
        await api.Info.GetConnectionInfoAsync(new GetConnectionInfoRequest(), Api.Bearer(key)).ShouldFail(StatusCode.PermissionDenied, "KEY_NOT_ALLOWED");
        await api.Accounts.CreateAccountAsync(new CreateAccountRequest { DisplayName = "x" }, Api.Bearer(key)).ShouldFail(StatusCode.PermissionDenied, "KEY_NOT_ALLOWED");
        await api.Links.GetLinkSessionAsync(new GetLinkSessionRequest(), Api.Bearer(key)).ShouldFail(StatusCode.PermissionDenied, "KEY_NOT_ALLOWED");

        foreach (var anyKey in new[] { Stack.AdminKey, key, linked.Token, (await api.OpenLinkAsync(key)).LinkToken })
            (await api.Systems.ListSystemsAsync(new ListSystemsRequest(), Api.Bearer(anyKey))).Systems.Count.ShouldBe(5);
    }

    [Fact]
    public async Task The_catalogue_lists_costs_fields_and_capabilities()
    {
        var (api, _, key) = await ArrangeAsync();
        var systems = (await api.Systems.ListSystemsAsync(new ListSystemsRequest(), Api.Bearer(key))).Systems.ToDictionary(s => s.SystemId);

        systems.Keys.Order().ShouldBe(["dynamics_bc", "ibm_maximo", "netsuite", "sap_s4hana", "upkeep"]);
        (systems["sap_s4hana"].Tier, systems["sap_s4hana"].CloudCredits, systems["sap_s4hana"].OnPremCredits).ShouldBe((3, 4L, 8L));
        (systems["upkeep"].Tier, systems["upkeep"].CloudCredits, systems["upkeep"].OnPremCredits).ShouldBe((1, 1L, 2L));
        systems["netsuite"].CloudCredits.ShouldBe(2);
        systems["sap_s4hana"].CredentialFields.Single(f => f.Name == "password").Secret.ShouldBeTrue();
        systems["sap_s4hana"].CredentialFields.Single(f => f.Name == "username").Secret.ShouldBeFalse();
        systems["netsuite"].Capabilities.Select(c => c.Entity).ShouldNotContain(Entity.WorkOrder);
        systems["ibm_maximo"].Capabilities.Single(c => c.Entity == Entity.WorkOrder).Operations.ShouldContain(Operation.Delete);
        systems["upkeep"].Category.ShouldBe(SystemCategory.Cmms);
    }

    [Fact]
    public async Task Connections_page_newest_first_with_filters_and_tamper_proof_tokens()
    {
        var (api, stack, key) = await ArrangeAsync(credits: 30);
        var emulator = stack.Emulators.NewInstance("upkeep");
        var ids = new List<string>();
        for (var i = 0; i < 5; i++) ids.Add((await api.ConnectAsync(key, emulator, "upkeep", endUserId: i % 2 == 0 ? "even" : "odd")).Id);
        ids.Add((await api.ConnectAsync(key, stack.Emulators.NewInstance("netsuite"), "netsuite", endUserId: "even")).Id);
        ids.Reverse();

        var seen = new List<string>();
        var request = new ListConnectionsRequest { PageSize = 4 };
        do
        {
            var page = await api.Connections.ListConnectionsAsync(request, Api.Bearer(key));
            seen.AddRange(page.Connections.Select(c => c.ConnectionId));
            request.PageToken = page.NextPageToken;
        } while (request.PageToken.Length > 0);
        seen.ShouldBe(ids);

        var filtered = await api.Connections.ListConnectionsAsync(new ListConnectionsRequest { SystemId = "upkeep", EndUserId = "even" }, Api.Bearer(key));
        filtered.Connections.Count.ShouldBe(3);
        var firstPage = await api.Connections.ListConnectionsAsync(new ListConnectionsRequest { PageSize = 1 }, Api.Bearer(key));
        var tampered = firstPage.NextPageToken[..^2] + (firstPage.NextPageToken[^2] == 'A' ? "BA" : "AA");
        (await api.Connections.ListConnectionsAsync(new ListConnectionsRequest { PageSize = 1, PageToken = tampered }, Api.Bearer(key))
            .ShouldFail(StatusCode.InvalidArgument)).Fields().ShouldBe(["page_token"]);
        // A token is bound to its filters.
        (await api.Connections.ListConnectionsAsync(new ListConnectionsRequest { PageSize = 1, PageToken = firstPage.NextPageToken, SystemId = "upkeep" }, Api.Bearer(key))
            .ShouldFail(StatusCode.InvalidArgument)).Fields().ShouldBe(["page_token"]);
        (await api.Connections.ListConnectionsAsync(new ListConnectionsRequest { Status = ConnectionStatus.Disconnected }, Api.Bearer(key)))
            .Connections.ShouldBeEmpty();
        (await api.Connections.ListConnectionsAsync(new ListConnectionsRequest { PageSize = 10_000 }, Api.Bearer(key))).Connections.Count.ShouldBe(6);
    }
}
