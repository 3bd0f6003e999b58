using System.Security.Cryptography;
using System.Text;

namespace Makini.Grpc.Domain.Webhooks.Delivery;

/// <summary>The Makini-Signature header: <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "t.body"&gt;</c>, one v1 per
/// secret that is valid (two during a rotation's overlap). The key is the secret's UTF-8 text.</summary>
public static class WebhookSignature
{
    public const string Header = "Makini-Signature";

    public static string Sign(long unixSeconds, string body, IEnumerable<string> secrets)
    {
        var signed = Encoding.UTF8.GetBytes($"{unixSeconds}.{body}");
        var parts = new List<string> { "t=" + unixSeconds };
        foreach (var secret in secrets)
            parts.Add("v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed)));
        return string.Join(',', parts);
    }

    /// <summary>"whsec_" and 32 random bytes, base64url.</summary>
    public static string NewSecret() =>
        "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
