using System.Security.Cryptography;
using System.Text;
using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.NetSuite;

/// <summary>
/// The server side of RFC 5849 §3.4: rebuilds the signature base string from the request as received and
/// computes the HMAC-SHA256 signature. Written independently of the connector's signer so each checks the other.
/// </summary>
internal static class OAuthSignatureBase
{
    public static string Build(HttpContext context, IReadOnlyDictionary<string, string> protocolParameters)
    {
        var request = context.Request;
        var rawTarget = context.RawTarget();
        var queryStart = rawTarget.IndexOf('?');
        var rawPath = queryStart < 0 ? rawTarget : rawTarget[..queryStart];
        var rawQuery = queryStart < 0 ? "" : rawTarget[(queryStart + 1)..];

        // §3.4.1.2: lower-case scheme and host; the port only when it is not the scheme's default.
        var scheme = request.Scheme.ToLowerInvariant();
        var host = request.Host.Host.ToLowerInvariant();
        var port = request.Host.Port;
        var includePort = port is not null && !(scheme == "http" && port == 80) && !(scheme == "https" && port == 443);
        var baseUri = $"{scheme}://{host}{(includePort ? ":" + port : "")}{rawPath}";

        // §3.4.1.3: query parameters plus the protocol parameters except realm and the signature itself.
        var parameters = ParseQuery(rawQuery)
            .Concat(protocolParameters.Where(p => p.Key is not ("realm" or "oauth_signature")))
            .Select(p => (Name: Encode(p.Key), Value: Encode(p.Value)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}");

        return $"{request.Method.ToUpperInvariant()}&{Encode(baseUri)}&{Encode(string.Join('&', parameters))}";
    }

    public static string SignHmacSha256(string baseString, string consumerSecret, string tokenSecret)
    {
        var key = Encoding.ASCII.GetBytes($"{Encode(consumerSecret)}&{Encode(tokenSecret)}");
        return Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(baseString)));
    }

    /// <summary>RFC 3986 percent-encoding: everything but ALPHA, DIGIT and -._~ (upper-case hex).</summary>
    public static string Encode(string value) => Uri.EscapeDataString(value);

    private static IEnumerable<KeyValuePair<string, string>> ParseQuery(string rawQuery)
    {
        foreach (var pair in rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? "" : pair[(equals + 1)..];
            yield return new(FormDecode(name), FormDecode(value));
        }
    }

    private static string FormDecode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}
