using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Makini.Grpc.Domain.Common;

namespace Makini.Grpc.Domain.Security;

/// <summary>Opaque page tokens (AIP-158): the keyset position, bound by HMAC to the caller's scope and
/// filters, so a tampered token or one from another scope is refused.</summary>
public sealed class PageTokens(SecretKeys keys)
{
    public string Encode<T>(string scope, T position)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(position);
        var mac = Mac(scope, payload);
        return Base64Url(payload) + "." + Base64Url(mac);
    }

    /// <summary>Null for an empty token; a field violation for one that was not issued for this scope.</summary>
    public T? Decode<T>(string? token, string scope, string field = "page_token") where T : class
    {
        if (string.IsNullOrEmpty(token)) return null;
        var invalid = new ValidationException([new FieldViolation(field,
            "is not a page token issued for this request; pass next_page_token unchanged, with the same filters")]);
        var dot = token.IndexOf('.');
        if (dot <= 0) throw invalid;
        byte[] payload, mac;
        try
        {
            payload = FromBase64Url(token[..dot]);
            mac = FromBase64Url(token[(dot + 1)..]);
        }
        catch (FormatException) { throw invalid; }
        if (!CryptographicOperations.FixedTimeEquals(mac, Mac(scope, payload))) throw invalid;
        try { return JsonSerializer.Deserialize<T>(payload) ?? throw invalid; }
        catch (JsonException) { throw invalid; }
    }

    private byte[] Mac(string scope, byte[] payload)
    {
        using var hmac = new HMACSHA256(keys.PageTokenKey);
        var scopeBytes = Encoding.UTF8.GetBytes(scope + "\n");
        hmac.TransformBlock(scopeBytes, 0, scopeBytes.Length, null, 0);
        hmac.TransformFinalBlock(payload, 0, payload.Length);
        return hmac.Hash![..16];
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string s)
    {
        var b64 = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '='));
    }
}
