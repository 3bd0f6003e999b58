using System.Collections.Concurrent;
using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.BusinessCentral;

/// <summary>One Entra tenant with one app registration and one Business Central environment holding one company.</summary>
internal sealed class BusinessCentralInstance(string segment, TimeProvider time)
    : EmulatorInstance(segment, time, DemoCredentials, ["client_secret"])
{
    /// <summary>Entra hands out client-credential tokens for an hour less a second.</summary>
    public const int TokenLifetimeSeconds = 3599;

    public static readonly IReadOnlyDictionary<string, string> DemoCredentials = new Dictionary<string, string>
    {
        ["tenant_id"] = "17724bb3-af61-5ce4-a504-8e4254662e44",
        ["environment"] = "Production",
        ["client_id"] = "edcf2c95-9e22-53f9-9fc1-c4b569a00edc",
        ["client_secret"] = "Mk48Q~Vd3nR7tLq2Wc9ZpX5yHb1Gf6Js0Ke4Ua8N",
        ["company_id"] = "f6e33b3c-0475-5584-98a1-4390f094d72a",
    };

    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);

    public string IssueToken()
    {
        var now = Time.GetUtcNow();
        foreach (var (token, expiry) in _tokens)
            if (expiry <= now)
                _tokens.TryRemove(token, out _);
        var issued = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9." + Ids.Base64Url(96) + "." + Ids.Base64Url(64);
        _tokens[issued] = now.AddSeconds(TokenLifetimeSeconds);
        return issued;
    }

    public bool IsTokenValid(string token) => _tokens.TryGetValue(token, out var expiry) && expiry > Time.GetUtcNow();

    /// <summary>Rotating the secret here stands for the app's tokens being revoked, so old tokens stop working.</summary>
    protected override void OnCredentialsChanged() => _tokens.Clear();
}
