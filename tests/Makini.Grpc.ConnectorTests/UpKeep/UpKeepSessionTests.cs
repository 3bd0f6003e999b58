using System.Net;
using Makini.Grpc.Connectors.UpKeep;
using Microsoft.Extensions.DependencyInjection;

namespace Makini.Grpc.ConnectorTests.UpKeep;

/// <summary>The session provider and the emulator's session handling, below the credential check.</summary>
public sealed class UpKeepSessionTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private UpKeepSessionProvider Sessions => emulator.Services.GetRequiredService<UpKeepSessionProvider>();

    [Fact]
    public async Task a_login_returns_a_parse_style_session_token_that_is_then_cached()
    {
        var (instance, login) = await NewInstanceAsync();

        var first = await Sessions.GetSessionAsync(instance.BaseUrl, login, CancellationToken.None);
        var second = await Sessions.GetSessionAsync(instance.BaseUrl, login, CancellationToken.None);

        first.Token.ShouldStartWith("r:");
        first.ExpiresAt.ShouldBeGreaterThan(DateTimeOffset.UtcNow);
        second.ShouldBeSameAs(first);
        (await instance.GetRequestsAsync()).Count.ShouldBe(1);
    }

    [Fact]
    public async Task a_session_opened_before_the_password_changed_is_refused()
    {
        var (instance, login) = await NewInstanceAsync();
        var session = await Sessions.GetSessionAsync(instance.BaseUrl, login, CancellationToken.None);
        using (var before = await GetUsersAsync(instance, session.Token))
            before.StatusCode.ShouldBe(HttpStatusCode.OK);

        await instance.SetCredentialsAsync(new Dictionary<string, string> { ["password"] = "Changed-Password-1" });

        using var after = await GetUsersAsync(instance, session.Token);
        after.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await after.Content.ReadAsStringAsync()).ShouldStartWith("""{"success":false,"message":""");
    }

    [Fact]
    public async Task logging_out_ends_the_session()
    {
        var (instance, login) = await NewInstanceAsync();
        var session = await Sessions.GetSessionAsync(instance.BaseUrl, login, CancellationToken.None);

        using var logout = new HttpRequestMessage(HttpMethod.Delete, instance.Url("api/v2/auth"));
        logout.Headers.Add("Session-Token", session.Token);
        using (var response = await instance.Http.SendAsync(logout))
            response.StatusCode.ShouldBe(HttpStatusCode.OK);

        using var after = await GetUsersAsync(instance, session.Token);
        after.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task lists_answer_the_success_envelope()
    {
        var (instance, login) = await NewInstanceAsync();
        var session = await Sessions.GetSessionAsync(instance.BaseUrl, login, CancellationToken.None);
        using var request = new HttpRequestMessage(HttpMethod.Get, instance.Url("api/v2/assets?limit=1"));
        request.Headers.Add("Session-Token", session.Token);

        using var response = await instance.Http.SendAsync(request);

        (await response.Content.ReadAsStringAsync()).ShouldStartWith("""{"success":true,"results":[{"id":""");
    }

    [Fact]
    public async Task a_request_without_a_session_token_is_refused()
    {
        var (instance, _) = await NewInstanceAsync();

        using var response = await instance.Http.GetAsync(instance.Url("api/v2/assets"));

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private async Task<(EmulatedInstance Instance, UpKeepLogin Login)> NewInstanceAsync()
    {
        var instance = emulator.NewInstance("upkeep");
        var credentials = await instance.GetCredentialsAsync();
        return (instance, new UpKeepLogin(credentials["email"], credentials["password"]));
    }

    private static async Task<HttpResponseMessage> GetUsersAsync(EmulatedInstance instance, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, instance.Url("api/v2/users"));
        request.Headers.Add("Session-Token", token);
        return await instance.Http.SendAsync(request);
    }
}
