using Makini.Grpc.Domain.Connections;

namespace Makini.Grpc.Domain.Security.Tokens;

/// <summary>Who a bearer key belongs to. For connection tokens it carries the connection snapshot, so the
/// hot path ("who am I") needs no database read; every change to the connection invalidates it.</summary>
public sealed record Principal(
    TokenKind Kind,
    string SubjectId,
    string AccountId,
    long Version,
    DateTimeOffset? ExpiresAt = null,
    Connection? Connection = null)
{
    public static readonly Principal Admin = new(TokenKind.Admin, "admin", "", 0);

    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } e && now >= e;
}
