using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace Makini.Grpc.Domain.Security;

/// <summary>Keys derived (HKDF-SHA256) from one configured master key: <c>Makini:MasterKey</c>, 32 bytes in base64.
/// Every node of a cluster must share it.</summary>
public sealed class SecretKeys
{
    public SecretKeys(IConfiguration configuration)
    {
        var encoded = configuration["Makini:MasterKey"]
            ?? throw new InvalidOperationException("Makini:MasterKey is not configured (32 random bytes, base64).");
        byte[] master;
        try { master = Convert.FromBase64String(encoded); }
        catch (FormatException) { throw new InvalidOperationException("Makini:MasterKey is not valid base64."); }
        if (master.Length < 32) throw new InvalidOperationException("Makini:MasterKey must hold at least 32 bytes.");

        CredentialKey = Derive(master, "makini/credentials/v1");
        PageTokenKey = Derive(master, "makini/page-tokens/v1");
    }

    public byte[] CredentialKey { get; }
    public byte[] PageTokenKey { get; }

    private static byte[] Derive(byte[] master, string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32, info: Encoding.UTF8.GetBytes(purpose));
}
