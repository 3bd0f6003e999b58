using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Makini.Grpc.Emulators.NetSuite;

/// <summary>Token-based authentication as NetSuite checks it: realm, consumer, token, HMAC-SHA256 signature, timestamp, nonce.</summary>
internal static class NetSuiteTokenAuth
{
    public const int TimestampToleranceSeconds = 300;

    public static bool IsAuthorized(HttpContext context, NetSuiteInstance instance)
    {
        if (!OAuthAuthorizationHeader.TryParse(context.Request.Headers.Authorization, out var oauth))
            return false;
        if (oauth.GetValueOrDefault("realm") != instance.Realm
            || oauth.GetValueOrDefault("oauth_signature_method") != "HMAC-SHA256"
            || oauth.GetValueOrDefault("oauth_version", "1.0") != "1.0"
            || oauth.GetValueOrDefault("oauth_consumer_key") != instance.Credential("consumer_key")
            || oauth.GetValueOrDefault("oauth_token") != instance.Credential("token_id"))
            return false;

        var now = instance.Time.GetUtcNow();
        if (!long.TryParse(oauth.GetValueOrDefault("oauth_timestamp"), NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp)
            || Math.Abs(now.ToUnixTimeSeconds() - timestamp) > TimestampToleranceSeconds)
            return false;

        var expected = OAuthSignatureBase.SignHmacSha256(
            OAuthSignatureBase.Build(context, oauth), instance.Credential("consumer_secret"), instance.Credential("token_secret"));
        var given = oauth.GetValueOrDefault("oauth_signature", "");
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(given)))
            return false;

        // Only a request that is otherwise valid uses up its nonce.
        return oauth.GetValueOrDefault("oauth_nonce") is { Length: > 0 } nonce && instance.Nonces.TryUse(nonce, now);
    }
}
