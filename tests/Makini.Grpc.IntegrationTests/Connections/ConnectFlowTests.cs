using Grpc.Core;
using Makini.Grpc.IntegrationTests.Infrastructure;
using Makini.Grpc.V1;

namespace Makini.Grpc.IntegrationTests.Connections;

public sealed class ConnectFlowTests
{
    public static TheoryData<string, Deployment, long> SystemsAndCosts => new()
    {
        { "upkeep", Deployment.Cloud, 1 }, { "upkeep", Deployment.OnPrem, 2 },
        { "netsuite", Deployment.Cloud, 2 }, { "netsuite", Deployment.OnPrem, 4 },
        { "dynamics_bc", Deployment.Cloud, 2 }, { "dynamics_bc", Deployment.OnPrem, 4 },
        { "ibm_maximo", Deployment.Cloud, 2 }, { "ibm_maximo", Deployment.OnPrem, 4 },
        { "sap_s4hana", Deployment.Cloud, 4 }, { "sap_s4hana", Deployment.OnPrem, 8 },
    };

    [Theory]
    [MemberData(nameof(SystemsAndCosts))]
    public async Task Full_flow_connects_and_consumes_the_systems_credits(string systemId, Deployment deployment, long cost)
    {
        var stack = await Stack.GetAsync();
        var api = new Api(stack.Server.Channel);
        var (account, key) = await api.CreateAccountAsync(credits: 10);
        var emulator = stack.Emulators.NewInstance(Api.EmulatorPaths[systemId]);

        var link = await api.OpenLinkAsync(key, "plant-42");
        link.LinkToken.ShouldStartWith("mk_link_");
        link.Systems.Select(s => s.SystemId).ShouldContain(systemId);
        var session = (await api.Links.GetLinkSessionAsync(new GetLinkSessionRequest(), Api.Bearer(link.LinkToken))).LinkSession;
        session.Status.ShouldBe(LinkSessionStatus.Open);
        session.LinkToken.ShouldBeEmpty();
        session.Systems.Single(s => s.SystemId == systemId).CredentialFields.ShouldNotBeEmpty();

        var completed = await api.CompleteAsync(link.LinkToken, systemId, emulator, deployment);
        completed.PublicToken.ShouldStartWith("mk_pub_");
        var exchanged = await api.Links.ExchangePublicTokenAsync(new ExchangePublicTokenRequest { PublicToken = completed.PublicToken }, Api.Bearer(key));
        exchanged.ApiToken.ShouldStartWith("mk_conn_");

        var connection = exchanged.Connection;
        connection.ConnectionId.ShouldBe(completed.ConnectionId);
        connection.AccountId.ShouldBe(account.AccountId);
        connection.EndUserId.ShouldBe("plant-42");
        connection.SystemId.ShouldBe(systemId);
        connection.Deployment.ShouldBe(deployment);
        connection.Status.ShouldBe(ConnectionStatus.Active);
        connection.Credits.ShouldBe(cost);
        connection.BaseUrl.ShouldBe(emulator.BaseUrl);

        var credits = await api.Connections.GetCreditsAsync(new GetCreditsRequest(), Api.Bearer(key));
        (credits.Total, credits.Used, credits.Available).ShouldBe((10L, cost, 10 - cost));

        var info = await api.Info.GetConnectionInfoAsync(new GetConnectionInfoRequest(), Api.Bearer(exchanged.ApiToken));
        info.Connection.ConnectionId.ShouldBe(connection.ConnectionId);
        info.System.SystemId.ShouldBe(systemId);
        info.System.Capabilities.ShouldNotBeEmpty();

        // The emulator saw the system's own credential check.
        (await emulator.RequestsAsync()).Count.ShouldBeGreaterThan(0);

        var events = await api.Connections.ListConnectionEventsAsync(new ListConnectionEventsRequest { ConnectionId = connection.ConnectionId }, Api.Bearer(key));
        events.Events.Select(e => e.Type).ShouldBe(["connection.created", "connection.token_issued"]);
        events.Events[0].Details["credits"].ShouldBe(cost.ToString());
    }

    [Theory]
    [InlineData("sap_s4hana", "password")]
    [InlineData("netsuite", "token_secret")]
    [InlineData("dynamics_bc", "client_secret")]
    [InlineData("ibm_maximo", "api_key")]
    [InlineData("upkeep", "password")]
    public async Task Credentials_the_source_rejects_create_nothing(string systemId, string secretField)
    {
        var stack = await Stack.GetAsync();
        var api = new Api(stack.Server.Channel);
        var (_, key) = await api.CreateAccountAsync(credits: 10);
        var emulator = stack.Emulators.NewInstance(Api.EmulatorPaths[systemId]);
        var credentials = await emulator.CredentialsAsync();
        credentials[secretField] = "wrong-" + credentials[secretField];
        var link = await api.OpenLinkAsync(key);

        var e = await api.CompleteAsync(link.LinkToken, systemId, emulator, credentials: credentials)
            .ShouldFail(StatusCode.InvalidArgument, "SOURCE_CREDENTIALS_REJECTED");
        e.ErrorMetadata()["source_message"].ShouldNotBeNullOrWhiteSpace();
        e.Status.Detail.ShouldNotContain(credentials[secretField]);

        (await api.Connections.GetCreditsAsync(new GetCreditsRequest(), Api.Bearer(key))).Used.ShouldBe(0);
        (await api.Connections.ListConnectionsAsync(new ListConnectionsRequest(), Api.Bearer(key))).Connections.ShouldBeEmpty();

        // The session is still open: the end customer can correct the credentials.
        await api.CompleteAsync(link.LinkToken, systemId, emulator);
    }

    [Fact]
    public async Task An_unreachable_source_is_unavailable()
    {
        var stack = await Stack.GetAsync();
        var api = new Api(stack.Server.Channel);
        var (_, key) = await api.CreateAccountAsync();
        var emulator = stack.Emulators.NewInstance("upkeep");
        var credentials = await emulator.CredentialsAsync();
        var link = await api.OpenLinkAsync(key);
        var request = new CompleteLinkRequest
        {
            SystemId = "upkeep", Deployment = Deployment.OnPrem, BaseUrl = $"http://127.0.0.1:{TestEnvironment.FreePort()}",
            Credentials = { credentials },
        };
        await api.Links.CompleteLinkAsync(request, Api.Bearer(link.LinkToken)).ShouldFail(StatusCode.Unavailable, "SOURCE_UNAVAILABLE");
    }

    [Fact]
    public async Task Insufficient_credits_are_refused_with_required_and_available()
    {
        var stack = await Stack.GetAsync();
        var api = new Api(stack.Server.Channel);
        var (_, key) = await api.CreateAccountAsync(credits: 3);
        var link = await api.OpenLinkAsync(key);
        var e = await api.CompleteAsync(link.LinkToken, "sap_s4hana", stack.Emulators.NewInstance("sap"))
            .ShouldFail(StatusCode.FailedPrecondition, "INSUFFICIENT_CREDITS");
        e.ErrorMetadata()["required"].ShouldBe("4");
        e.ErrorMetadata()["available"].ShouldBe("3");
    }

    [Fact]
    public async Task Racing_completions_succeed_exactly_as_often_as_the_pool_pays_for()
    {
        var stack = await Stack.GetAsync();
        var api = new Api(stack.Server.Channel);
        var (_, key) = await api.CreateAccountAsync(credits: 11); // Maximo costs 2: five fit, one credit is left
        var emulator = stack.Emulators.NewInstance("maximo");
        var credentials = await emulator.CredentialsAsync();
        var links = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => api.OpenLinkAsync(key, $"site-{i}")));

        var outcomes = await Task.WhenAll(links.Select(async link =>
        {
            try
            {
                await api.CompleteAsync(link.LinkToken, "ibm_maximo", emulator, credentials: credentials);
                return "ok";
            }
            catch (RpcException e) { return e.Reason(); }
        }));

        outcomes.Count(o => o == "ok").ShouldBe(5, string.Join(",", outcomes));
        outcomes.Count(o => o == "INSUFFICIENT_CREDITS").ShouldBe(15, string.Join(",", outcomes));
        var credits = await api.Connections.GetCreditsAsync(new GetCreditsRequest(), Api.Bearer(key));
        (credits.Used, credits.Available).ShouldBe((10L, 1L));
        (await api.Connections.ListConnectionsAsync(new ListConnectionsRequest(), Api.Bearer(key))).Connections.Count.ShouldBe(5);
    }

    [Fact]
    public async Task A_public_token_is_single_use_and_bound_to_its_account()
    {
        var stack = await Stack.GetAsync();
        var api = new Api(stack.Server.Channel);
        var (_, key) = await api.CreateAccountAsync();
        var (_, otherKey) = await api.CreateAccountAsync();
        var link = await api.OpenLinkAsync(key);
        var completed = await api.CompleteAsync(link.LinkToken, "upkeep", stack.Emulators.NewInstance("upkeep"));
        var exchange = new ExchangePublicTokenRequest { PublicToken = completed.PublicToken };

        await api.Links.ExchangePublicTokenAsync(exchange, Api.Bearer(otherKey)).ShouldFail(StatusCode.Unauthenticated, "TOKEN_INVALID");
        await api.Links.ExchangePublicTokenAsync(exchange, Api.Bearer(key));
        await api.Links.ExchangePublicTokenAsync(exchange, Api.Bearer(key)).ShouldFail(StatusCode.Unauthenticated, "TOKEN_INVALID");

        // The link session is spent too.
        await api.CompleteAsync(link.LinkToken, "upkeep", stack.Emulators.NewInstance("upkeep"))
            .ShouldFail(StatusCode.FailedPrecondition, "LINK_SESSION_COMPLETED");
        (await api.Links.GetLinkSessionAsync(new GetLinkSessionRequest(), Api.Bearer(link.LinkToken))).LinkSession.Status
            .ShouldBe(LinkSessionStatus.Exchanged);
    }

    [Fact]
    public async Task Link_and_public_tokens_expire()
    {
        var stack = await Stack.GetAsync();
        var api = new Api(stack.Server.Channel);
        var (_, key) = await api.CreateAccountAsync();
        var unused = await api.OpenLinkAsync(key);
        var used = await api.OpenLinkAsync(key);
        var completed = await api.CompleteAsync(used.LinkToken, "upkeep", stack.Emulators.NewInstance("upkeep"));

        await Task.Delay(TimeSpan.Parse(Stack.ServerSettings["Makini__Links__LinkTokenLifetime"]) + TimeSpan.FromSeconds(1));

        await api.Links.GetLinkSessionAsync(new GetLinkSessionRequest(), Api.Bearer(unused.LinkToken))
            .ShouldFail(StatusCode.Unauthenticated, "TOKEN_EXPIRED");
        await api.Links.ExchangePublicTokenAsync(new ExchangePublicTokenRequest { PublicToken = completed.PublicToken }, Api.Bearer(key))
            .ShouldFail(StatusCode.Unauthenticated, "TOKEN_EXPIRED");
    }
}
