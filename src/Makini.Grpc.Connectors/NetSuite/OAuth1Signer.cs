using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Makini.Grpc.Connectors.NetSuite;

/// <summary>
/// Signs HTTP requests with OAuth 1.0a (RFC 5849) as NetSuite's token-based authentication expects:
/// <c>Authorization: OAuth realm="1234567_SB1", oauth_consumer_key=..., oauth_token=..., oauth_signature_method="HMAC-SHA256", ...</c>.
/// Every attempt needs a fresh signature: NetSuite rejects a reused nonce and a timestamp more than five minutes off.
/// </summary>
public sealed class OAuth1Signer(TimeProvider timeProvider)
{
    private const string NonceAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public OAuth1Signer() : this(TimeProvider.System)
    {
    }

    /// <summary>Signs with the current time and a new random nonce.</summary>
    public AuthenticationHeaderValue CreateAuthorizationHeader(HttpMethod method, Uri requestUri, OAuth1Credentials credentials, string realm) =>
        CreateAuthorizationHeader(method, requestUri, credentials, realm,
            timeProvider.GetUtcNow().ToUnixTimeSeconds(), RandomNumberGenerator.GetString(NonceAlphabet, 24));

    /// <summary>Signs deterministically, for tests and for replaying a known request.</summary>
    /// <param name="realm">Sent as-is; NetSuite wants the account ID upper-cased with '_' (see <see cref="NetSuiteAccount.Realm"/>).</param>
    public static AuthenticationHeaderValue CreateAuthorizationHeader(
        HttpMethod method, Uri requestUri, OAuth1Credentials credentials, string realm, long timestamp, string nonce,
        OAuth1SignatureMethod signatureMethod = OAuth1SignatureMethod.HmacSha256)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var protocol = new List<KeyValuePair<string, string>>
        {
            new("oauth_consumer_key", credentials.ConsumerKey),
            new("oauth_token", credentials.TokenId),
            new("oauth_signature_method", SignatureMethodName(signatureMethod)),
            new("oauth_timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("oauth_nonce", nonce),
            new("oauth_version", "1.0"),
        };
        var baseString = BuildSignatureBaseString(method.Method, requestUri, protocol);
        var signature = ComputeSignature(baseString, credentials.ConsumerSecret, credentials.TokenSecret, signatureMethod);

        var header = new StringBuilder($"realm=\"{realm}\"");
        foreach (var (name, value) in protocol.Append(new("oauth_signature", signature)))
            header.Append($", {name}=\"{PercentEncode(value)}\"");
        return new AuthenticationHeaderValue("OAuth", header.ToString());
    }

    /// <summary>RFC 5849 §3.4.1: METHOD &amp; encoded base URI &amp; encoded sorted parameters.</summary>
    /// <param name="protocolParameters">The oauth_* parameters, without oauth_signature and realm.</param>
    /// <param name="bodyParameters">Form-encoded body parameters, if the body is application/x-www-form-urlencoded.</param>
    public static string BuildSignatureBaseString(
        string httpMethod, Uri requestUri, IEnumerable<KeyValuePair<string, string>> protocolParameters,
        IEnumerable<KeyValuePair<string, string>>? bodyParameters = null)
    {
        var parameters = ParseQuery(requestUri.Query)
            .Concat(protocolParameters)
            .Concat(bodyParameters ?? [])
            .Select(p => (Name: PercentEncode(p.Key), Value: PercentEncode(p.Value)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}");
        return $"{httpMethod.ToUpperInvariant()}&{PercentEncode(BaseStringUri(requestUri))}&{PercentEncode(string.Join('&', parameters))}";
    }

    /// <summary>RFC 5849 §3.4.2: base64 of the HMAC keyed by encode(consumer secret) &amp; encode(token secret).</summary>
    public static string ComputeSignature(string baseString, string consumerSecret, string tokenSecret, OAuth1SignatureMethod method)
    {
        var key = Encoding.ASCII.GetBytes($"{PercentEncode(consumerSecret)}&{PercentEncode(tokenSecret)}");
        var data = Encoding.ASCII.GetBytes(baseString);
        var hash = method == OAuth1SignatureMethod.HmacSha1 ? HMACSHA1.HashData(key, data) : HMACSHA256.HashData(key, data);
        return Convert.ToBase64String(hash);
    }

    /// <summary>RFC 5849 §3.6 (RFC 3986): every byte but ALPHA, DIGIT, '-', '.', '_', '~' as %XX with upper-case hex.</summary>
    public static string PercentEncode(string value) => Uri.EscapeDataString(value);

    /// <summary>RFC 5849 §3.4.1.2: lower-case scheme and host, port only if not the default, path as sent, no query.</summary>
    public static string BaseStringUri(Uri uri)
    {
        var port = uri.IsDefaultPort ? "" : $":{uri.Port}";
        return $"{uri.Scheme.ToLowerInvariant()}://{uri.Host.ToLowerInvariant()}{port}{uri.AbsolutePath}";
    }

    private static string SignatureMethodName(OAuth1SignatureMethod method) =>
        method == OAuth1SignatureMethod.HmacSha1 ? "HMAC-SHA1" : "HMAC-SHA256";

    /// <summary>Query parameters decoded as application/x-www-form-urlencoded ('+' is a space), per §3.4.1.3.1.</summary>
    private static IEnumerable<KeyValuePair<string, string>> ParseQuery(string query)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? "" : pair[(equals + 1)..];
            yield return new(FormDecode(name), FormDecode(value));
        }
    }

    private static string FormDecode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}
