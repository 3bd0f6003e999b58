using System.Security.Cryptography;
using System.Text;

namespace Makini.Grpc.Domain.Security;

/// <summary>The kinds of bearer key, told apart by a readable prefix so secret scanners can find leaked ones.</summary>
public enum TokenKind { Admin, Account, Connection, Link, Public }

/// <summary>Random API tokens (256 bits) and their hashes; only hashes are ever stored.</summary>
public static class ApiTokens
{
    public const string AccountPrefix = "mk_acct_";
    public const string ConnectionPrefix = "mk_conn_";
    public const string LinkPrefix = "mk_link_";
    public const string PublicPrefix = "mk_pub_";

    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    public static string NewAccountKey() => New(AccountPrefix);
    public static string NewConnectionToken() => New(ConnectionPrefix);
    public static string NewLinkToken() => New(LinkPrefix);
    public static string NewPublicToken() => New(PublicPrefix);

    /// <summary>A prefix and 43 base62 characters drawn from 32 random bytes (over 256 bits).</summary>
    public static string New(string prefix)
    {
        Span<byte> bytes = stackalloc byte[43];
        RandomNumberGenerator.Fill(bytes);
        var sb = new StringBuilder(prefix, prefix.Length + bytes.Length);
        // 62^43 > 2^256; taking each byte mod 62 has a small bias that costs under 0.1 bit per character.
        foreach (var b in bytes) sb.Append(Alphabet[b % 62]);
        return sb.ToString();
    }

    /// <summary>SHA-256 hex. Tokens carry 256 random bits, so a fast hash is enough: nothing to brute-force.</summary>
    public static string Hash(string token)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(token), hash);
        return Convert.ToHexStringLower(hash);
    }

    public static TokenKind? KindOf(string token) =>
        token.StartsWith(ConnectionPrefix, StringComparison.Ordinal) ? TokenKind.Connection
        : token.StartsWith(AccountPrefix, StringComparison.Ordinal) ? TokenKind.Account
        : token.StartsWith(LinkPrefix, StringComparison.Ordinal) ? TokenKind.Link
        : token.StartsWith(PublicPrefix, StringComparison.Ordinal) ? TokenKind.Public
        : null;

    /// <summary>Prefix plus exactly 43 base62 characters.</summary>
    public static bool IsWellFormed(string token, string prefix) =>
        token.Length == prefix.Length + 43 && token.StartsWith(prefix, StringComparison.Ordinal)
        && token.AsSpan(prefix.Length).IndexOfAnyExcept(Alphabet) < 0;
}
