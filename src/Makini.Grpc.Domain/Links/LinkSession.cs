using Makini.Grpc.Domain.Common;

namespace Makini.Grpc.Domain.Links;

public enum LinkSessionStatus { Open, Completed, Exchanged }

public sealed record LinkSessionCreated(
    string LinkSessionId, string AccountId, string EndUserId, IReadOnlyList<string> AllowedSystemIds,
    string? ReauthorizeConnectionId, string LinkTokenHash, DateTimeOffset ExpiresAt, DateTimeOffset At);

public sealed record LinkCompleted(string ConnectionId, string SystemId, string PublicTokenHash, DateTimeOffset PublicTokenExpiresAt, DateTimeOffset At);

public sealed record PublicTokenExchanged(string ConnectionId, DateTimeOffset At);

/// <summary>One run of the authentication flow: a link token for the end customer, then a single-use public token
/// for the account (lifetimes in <see cref="LinkOptions"/>).</summary>
public sealed record LinkSession(
    string Id,
    string AccountId,
    string EndUserId,
    IReadOnlyList<string> AllowedSystemIds,
    string? ReauthorizeConnectionId,
    string LinkTokenHash,
    DateTimeOffset ExpiresAt,
    LinkSessionStatus Status,
    string? ConnectionId,
    string? SystemId,
    string? PublicTokenHash,
    DateTimeOffset? PublicTokenExpiresAt,
    DateTimeOffset CreatedAt)
{
    public long Version { get; init; }

    public bool IsExpired(DateTimeOffset now) => Status == LinkSessionStatus.Open && now >= ExpiresAt;

    public static LinkSession Create(LinkSessionCreated e) =>
        new(e.LinkSessionId, e.AccountId, e.EndUserId, e.AllowedSystemIds, e.ReauthorizeConnectionId, e.LinkTokenHash,
            e.ExpiresAt, LinkSessionStatus.Open, null, null, null, null, e.At);

    public LinkSession Apply(LinkCompleted e) => this with
    {
        Status = LinkSessionStatus.Completed,
        ConnectionId = e.ConnectionId,
        SystemId = e.SystemId,
        PublicTokenHash = e.PublicTokenHash,
        PublicTokenExpiresAt = e.PublicTokenExpiresAt,
    };

    // The public token is single use: once exchanged its hash is gone, so it no longer resolves.
    public LinkSession Apply(PublicTokenExchanged e) => this with { Status = LinkSessionStatus.Exchanged, PublicTokenHash = null };
}

/// <summary>Pure rules of the link flow.</summary>
public static class LinkDecisions
{
    public static void EnsureCompletable(LinkSession session, DateTimeOffset now)
    {
        if (session.IsExpired(now)) throw Errors.TokenExpired("link token");
        if (session.Status != LinkSessionStatus.Open)
        {
            throw new DomainException(ErrorKind.FailedPrecondition, ErrorReasons.LinkSessionCompleted,
                "This link session was already completed; start a new one to connect another system.",
                new Dictionary<string, string> { ["connection_id"] = session.ConnectionId ?? "" });
        }
    }

    public static PublicTokenExchanged Exchange(LinkSession session, DateTimeOffset now)
    {
        // A used or unknown public token is indistinguishable to the caller: both are invalid keys.
        if (session.Status != LinkSessionStatus.Completed || session.PublicTokenHash is null) throw Errors.TokenInvalid();
        if (now >= session.PublicTokenExpiresAt) throw Errors.TokenExpired("public token");
        return new PublicTokenExchanged(session.ConnectionId!, now);
    }
}
