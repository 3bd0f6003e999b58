using System.Security.Cryptography;
using System.Text;
using Makini.Grpc.Connectors.Catalog;

namespace Makini.Grpc.Domain.Records;

/// <summary>Our record ids: a per-entity prefix and a hash of (connection, entity, remote key). Stable for a remote
/// record in one connection, computable without a lookup (so references get ids before the referenced record is
/// synced), and opaque: they reveal nothing about the source.</summary>
public static class RecordIds
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz"; // Crockford base32, lower case

    public static string For(string connectionId, EntityKind entity, string remoteId)
    {
        var shape = EntityShape.Of(entity);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{connectionId}\n{shape.Name}\n{remoteId}"), hash);
        var sb = new StringBuilder(shape.IdPrefix.Length + 1 + 26);
        sb.Append(shape.IdPrefix).Append('_');
        // 26 base32 characters carry 130 bits of the hash.
        ulong buffer = 0;
        var bits = 0;
        var i = 0;
        while (sb.Length < shape.IdPrefix.Length + 1 + 26)
        {
            if (bits < 5)
            {
                buffer = (buffer << 8) | hash[i++];
                bits += 8;
            }
            sb.Append(Alphabet[(int)((buffer >> (bits - 5)) & 31)]);
            bits -= 5;
        }
        return sb.ToString();
    }

    /// <summary>Cheap shape check, so garbage ids are NOT_FOUND without a query.</summary>
    public static bool LooksLike(string id, EntityShape shape) =>
        id.Length == shape.IdPrefix.Length + 27 && id.StartsWith(shape.IdPrefix + "_", StringComparison.Ordinal)
        && id.AsSpan(shape.IdPrefix.Length + 1).IndexOfAnyExcept(Alphabet) < 0;
}
