using System.Collections.Concurrent;
using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.Sap;

/// <summary>A logon session opened by a CSRF token fetch: the token and the two cookies that must come back with it.</summary>
internal sealed record SapCsrfSession(string SessionId, string XsrfCookie, string Token);

/// <summary>The CSRF sessions of one SAP instance; a write is accepted only with a matching token and cookies.</summary>
internal sealed class SapCsrfSessions
{
    private readonly ConcurrentDictionary<string, SapCsrfSession> _bySessionId = new(StringComparer.Ordinal);

    public SapCsrfSession Open()
    {
        var session = new SapCsrfSession(Ids.Base64Url(24), Ids.Base64Url(24), Ids.Base64Url(16) + "==");
        _bySessionId[session.SessionId] = session;
        return session;
    }

    public bool IsValid(string? sessionId, string? xsrfCookie, string? token) =>
        sessionId is not null
        && _bySessionId.TryGetValue(sessionId, out var session)
        && string.Equals(session.XsrfCookie, xsrfCookie, StringComparison.Ordinal)
        && string.Equals(session.Token, token, StringComparison.Ordinal);

    public void Clear() => _bySessionId.Clear();
}
