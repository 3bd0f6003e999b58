using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Makini.Grpc.Domain.Security;

/// <summary>Source credentials at rest: AES-256-GCM, bound to their connection id so a ciphertext
/// cannot be moved to another connection.</summary>
public sealed class CredentialProtector(SecretKeys keys)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public string Protect(string connectionId, IReadOnlyDictionary<string, string> credentials)
    {
        var plain = JsonSerializer.SerializeToUtf8Bytes(credentials);
        var output = new byte[NonceSize + TagSize + plain.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(keys.CredentialKey, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize),
            Encoding.UTF8.GetBytes(connectionId));
        CryptographicOperations.ZeroMemory(plain);
        return Convert.ToBase64String(output);
    }

    public IReadOnlyDictionary<string, string> Unprotect(string connectionId, string protectedValue)
    {
        var input = Convert.FromBase64String(protectedValue);
        var plain = new byte[input.Length - NonceSize - TagSize];
        using var aes = new AesGcm(keys.CredentialKey, TagSize);
        aes.Decrypt(input.AsSpan(0, NonceSize), input.AsSpan(NonceSize + TagSize), input.AsSpan(NonceSize, TagSize), plain,
            Encoding.UTF8.GetBytes(connectionId));
        try { return JsonSerializer.Deserialize<Dictionary<string, string>>(plain)!; }
        finally { CryptographicOperations.ZeroMemory(plain); }
    }
}
