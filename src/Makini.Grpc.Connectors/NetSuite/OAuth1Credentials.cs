namespace Makini.Grpc.Connectors.NetSuite;

/// <summary>The four values of an OAuth 1.0a token-based login: integration record (consumer) and access token.</summary>
public sealed record OAuth1Credentials(string ConsumerKey, string ConsumerSecret, string TokenId, string TokenSecret)
{
    // Never print the secrets, even by accident.
    public override string ToString() => $"OAuth1Credentials {{ ConsumerKey = {ConsumerKey}, TokenId = {TokenId} }}";
}

public enum OAuth1SignatureMethod
{
    /// <summary>What NetSuite requires.</summary>
    HmacSha256,

    /// <summary>RFC 5849's original method; NetSuite no longer accepts it. Kept to check against the RFC's examples.</summary>
    HmacSha1,
}
