using System.Collections.Concurrent;
using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.UpKeep;

/// <summary>One emulated UpKeep account with one user and the session tokens handed out to it.</summary>
internal sealed class UpKeepInstance(string segment, TimeProvider time)
    : EmulatorInstance(segment, time, DemoCredentials, ["password"])
{
    /// <summary>UNVERIFIED: how long UpKeep sessions last; clients must honour expiresAt rather than assume this.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(24);

    public const string UserId = "Xk3pQ9mZ2a";

    public static readonly IReadOnlyDictionary<string, string> DemoCredentials = new Dictionary<string, string>
    {
        ["email"] = "maintenance.demo@makini.io",
        ["password"] = "UpKeep-Demo-2024!",
    };

    private readonly ConcurrentDictionary<string, DateTimeOffset> _sessions = new(StringComparer.Ordinal);

    /// <summary>Opens a session; tokens look like Parse's revocable session tokens ("r:" + 32 hex digits).</summary>
    public (string Token, DateTimeOffset ExpiresAt) OpenSession()
    {
        var expiresAt = Time.GetUtcNow() + SessionLifetime;
        var token = "r:" + Ids.Hex(16).ToLowerInvariant();
        _sessions[token] = expiresAt;
        return (token, expiresAt);
    }

    public bool IsSessionValid(string token) => _sessions.TryGetValue(token, out var expiry) && expiry > Time.GetUtcNow();

    public bool CloseSession(string token) => _sessions.TryRemove(token, out _);

    /// <summary>A changed password ends every session of the user.</summary>
    protected override void OnCredentialsChanged() => _sessions.Clear();
}
