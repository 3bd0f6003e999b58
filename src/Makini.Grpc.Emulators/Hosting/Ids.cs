using System.Security.Cryptography;

namespace Makini.Grpc.Emulators.Hosting;

/// <summary>Random identifiers in the shapes the real systems hand out.</summary>
internal static class Ids
{
    private const string AlphanumericChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string Alphanumeric(int length) => RandomNumberGenerator.GetString(AlphanumericChars, length);

    public static string Base64Url(int bytes) =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hex(int bytes) => Convert.ToHexString(RandomNumberGenerator.GetBytes(bytes));

    public static string Guid() => System.Guid.NewGuid().ToString();
}
