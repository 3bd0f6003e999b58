using Grpc.Core;
using Makini.Grpc.IntegrationTests.Infrastructure;
using Makini.Grpc.V1;

namespace Makini.Grpc.IntegrationTests.CrossCutting;

/// <summary>Bad input to every method gets a precise status with the offending fields named, never INTERNAL
/// or UNKNOWN, and leaves nothing half-written.</summary>
public sealed class MalformedInputTests
{
    private static async Task Expect(Task call, StatusCode code, params string[] fields)
    {
        var e = await call.ShouldFail(code);
        e.StatusCode.ShouldNotBe(StatusCode.Internal);
        e.StatusCode.ShouldNotBe(StatusCode.Unknown);
        if (fields.Length > 0) e.Fields().ShouldBe(fields, ignoreOrder: true);
    }

    [Fact]
    public async Task Account_methods()
    {
        var stack = await Stack.GetAsync();
        var api = new Api(stack.Server.Channel);
        var admin = Api.Admin;

        await Expect(api.Accounts.CreateAccountAsync(new CreateAccountRequest { DisplayName = "", Credits = -1 }, admin).ResponseAsync,
            StatusCode.InvalidArgument, "display_name", "credits");
        await Expect(api.Accounts.CreateAccountAsync(new CreateAccountRequest { DisplayName = new string('a', 201) }, admin).ResponseAsync,
            StatusCode.InvalidArgument, "display_name");
        await Expect(api.Accounts.GrantCreditsAsync(new GrantCreditsRequest { AccountId = "", Credits = 0 }, admin).ResponseAsync,
            StatusCode.InvalidArgument, "account_id", "credits");
        await Expect(api.Accounts.GrantCreditsAsync(new GrantCreditsRequest { AccountId = "acct_missing", Credits = 5 }, admin).ResponseAsync,
            StatusCode.NotFound);
        await Expect(api.Accounts.RotateAccountApiKeyAsync(new RotateAccountApiKeyRequest(), admin).ResponseAsync,
            StatusCode.InvalidArgument, "account_id");
        await Expect(api.Accounts.RotateAccountApiKeyAsync(new RotateAccountApiKeyRequest { AccountId = "acct_" + new string('0', 32) }, admin).ResponseAsync,
            StatusCode.NotFound);
    }

    [Fact]
    public async Task Link_methods()
    {
        var stack = await Stack.GetAsync();
        var api = new Api(stack.Server.Channel);
        var (_, key) = await api.CreateAccountAsync(credits: 10);
        var account = Api.Bearer(key);

        var noUser = new CreateLinkSessionRequest { EndUserId = " ", AllowedSystemIds = { "upkeep", "oracle_ebs" } };
        await Expect(api.Links.CreateLinkSessionAsync(noUser, account).ResponseAsync, StatusCode.InvalidArgument, "end_user_id", "allowed_system_ids[1]");
        await Expect(api.Links.CreateLinkSessionAsync(new CreateLinkSessionRequest { EndUserId = "x", ReauthorizeConnectionId = "conn_x" }, account).ResponseAsync,
            StatusCode.NotFound);

        var link = await api.OpenLinkAsync(key, systems: ["upkeep", "sap_s4hana"]);
        var token = Api.Bearer(link.LinkToken);
        await Expect(api.Links.CompleteLinkAsync(new CompleteLinkRequest(), token).ResponseAsync,
            StatusCode.InvalidArgument, "system_id", "deployment");
        await Expect(api.Links.CompleteLinkAsync(new CompleteLinkRequest { SystemId = "netsuite", Deployment = Deployment.Cloud }, token).ResponseAsync,
            StatusCode.InvalidArgument, "system_id");
        await Expect(api.Links.CompleteLinkAsync(new CompleteLinkRequest
            {
                SystemId = "sap_s4hana", Deployment = Deployment.OnPrem, BaseUrl = "ftp://erp.example.com",
                Credentials = { ["username"] = "", ["favourite_colour"] = "blue" },
            }, token).ResponseAsync,
            StatusCode.InvalidArgument, "base_url", "credentials[username]", "credentials[password]", "credentials[favourite_colour]");
        await Expect(api.Links.CompleteLinkAsync(new CompleteLinkRequest
            {
                SystemId = "sap_s4hana", Deployment = Deployment.Cloud, BaseUrl = "",
                Credentials = { ["username"] = "u", ["password"] = "p" },
            }, token).ResponseAsync,
            StatusCode.InvalidArgument, "base_url");
        await Expect(api.Links.CompleteLinkAsync(new CompleteLinkRequest
            {
                SystemId = "upkeep", Deployment = Deployment.Cloud, BaseUrl = "not a url",
                Credentials = { ["email"] = "a@b.c", ["password"] = "p" },
            }, token).ResponseAsync,
            StatusCode.InvalidArgument, "base_url");

        await Expect(api.Links.ExchangePublicTokenAsync(new ExchangePublicTokenRequest(), account).ResponseAsync, StatusCode.InvalidArgument, "public_token");
        await Expect(api.Links.ExchangePublicTokenAsync(new ExchangePublicTokenRequest { PublicToken = "mk_pub_garbage" }, account).ResponseAsync,
            StatusCode.Unauthenticated);

        // Nothing was half-written: no connection, no credits used, and the session still completes.
        (await api.Connections.ListConnectionsAsync(new ListConnectionsRequest(), account)).Connections.ShouldBeEmpty();
        (await api.Connections.GetCreditsAsync(new GetCreditsRequest(), account)).Used.ShouldBe(0);
        await api.CompleteAsync(link.LinkToken, "upkeep", stack.Emulators.NewInstance("upkeep"));
    }

    [Fact]
    public async Task Connection_methods()
    {
        var stack = await Stack.GetAsync();
        var api = new Api(stack.Server.Channel);
        var (_, key) = await api.CreateAccountAsync();
        var account = Api.Bearer(key);

        await Expect(api.Connections.ListConnectionsAsync(new ListConnectionsRequest { PageSize = -1 }, account).ResponseAsync, StatusCode.InvalidArgument, "page_size");
        await Expect(api.Connections.ListConnectionsAsync(new ListConnectionsRequest { PageToken = "garbage!" }, account).ResponseAsync, StatusCode.InvalidArgument, "page_token");
        await Expect(api.Connections.ListConnectionEventsAsync(new ListConnectionEventsRequest { ConnectionId = "" }, account).ResponseAsync, StatusCode.InvalidArgument, "connection_id");

        foreach (var id in new[] { "", "conn_' OR 1=1 --", "x" })
        {
            var code = id == "" ? StatusCode.InvalidArgument : StatusCode.NotFound;
            var fields = id == "" ? new[] { "connection_id" } : [];
            await Expect(api.Connections.GetConnectionAsync(new GetConnectionRequest { ConnectionId = id }, account).ResponseAsync, code, fields);
            await Expect(api.Connections.CheckConnectionAsync(new CheckConnectionRequest { ConnectionId = id }, account).ResponseAsync, code, fields);
            await Expect(api.Connections.RotateConnectionTokenAsync(new RotateConnectionTokenRequest { ConnectionId = id }, account).ResponseAsync, code, fields);
            await Expect(api.Connections.DisconnectConnectionAsync(new DisconnectConnectionRequest { ConnectionId = id }, account).ResponseAsync, code, fields);
            await Expect(api.Connections.DeleteConnectionDataAsync(new DeleteConnectionDataRequest { ConnectionId = id }, account).ResponseAsync, code, fields);
            await Expect(api.Connections.ListConnectionEventsAsync(new ListConnectionEventsRequest { ConnectionId = id }, account).ResponseAsync, code, fields);
        }

        var linked = await api.ConnectAsync(key, stack.Emulators.NewInstance("upkeep"), "upkeep");
        await Expect(api.Connections.ListConnectionEventsAsync(new ListConnectionEventsRequest { ConnectionId = linked.Id, PageSize = -5 }, account).ResponseAsync,
            StatusCode.InvalidArgument, "page_size");
        var page = await api.Connections.ListConnectionEventsAsync(new ListConnectionEventsRequest { ConnectionId = linked.Id, PageSize = 1 }, account);
        page.Events.Count.ShouldBe(1);
        var rest = await api.Connections.ListConnectionEventsAsync(new ListConnectionEventsRequest { ConnectionId = linked.Id, PageSize = 1, PageToken = page.NextPageToken }, account);
        rest.Events.Single().Version.ShouldBe(2);
        rest.NextPageToken.ShouldBeEmpty();
    }
}
