using System.Security.Cryptography;
using System.Text;

namespace Makini.Grpc.Connectors.Http;

/// <summary>A one-way fingerprint of a secret, so caches can be keyed by it without holding the secret as a key.</summary>
internal static class SecretFingerprint
{
    public static string Of(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
