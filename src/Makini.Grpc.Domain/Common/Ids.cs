namespace Makini.Grpc.Domain.Common;

/// <summary>Server-assigned identifiers: a readable prefix and a time-ordered UUID v7, so ids sort by creation.</summary>
public static class Ids
{
    public static string New(string prefix) => prefix + Guid.CreateVersion7().ToString("N");

    public static string Account() => New("acct_");
    public static string Connection() => New("conn_");
    public static string LinkSession() => New("link_");

    /// <summary>Cheap shape check so garbage ids are answered NOT_FOUND without a database round trip.</summary>
    public static bool LooksLike(string? id, string prefix) =>
        id is not null && id.Length == prefix.Length + 32 && id.StartsWith(prefix, StringComparison.Ordinal)
        && id.AsSpan(prefix.Length).IndexOfAnyExcept("0123456789abcdef") < 0;
}
