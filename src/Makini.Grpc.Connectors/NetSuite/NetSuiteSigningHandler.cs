namespace Makini.Grpc.Connectors.NetSuite;

/// <summary>
/// Signs each attempt of a NetSuite request. It sits inside the retry handler, so a retried request gets a fresh
/// timestamp and nonce instead of being rejected as a replay.
/// </summary>
internal sealed class NetSuiteSigningHandler(OAuth1Signer signer) : DelegatingHandler
{
    /// <summary>What to sign with; set by the caller on the request, never logged.</summary>
    public static readonly HttpRequestOptionsKey<NetSuiteLogin> LoginKey = new("makini.netsuite.login");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(LoginKey, out var login) && request.RequestUri is { } uri)
            request.Headers.Authorization = signer.CreateAuthorizationHeader(request.Method, uri, login.Credentials, login.Realm);
        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>The realm and token credentials of one NetSuite account.</summary>
internal sealed record NetSuiteLogin(string Realm, OAuth1Credentials Credentials)
{
    public static NetSuiteLogin From(SourceTarget target) => new(
        NetSuiteAccount.Realm(target.Credential("account_id")),
        new OAuth1Credentials(
            target.Credential("consumer_key"), target.Credential("consumer_secret"),
            target.Credential("token_id"), target.Credential("token_secret")));

    public override string ToString() => $"NetSuiteLogin {{ Realm = {Realm} }}";
}
