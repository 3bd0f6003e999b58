using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.NetSuite;

/// <summary>One emulated NetSuite account with one integration record and one access token (TBA).</summary>
internal sealed class NetSuiteInstance(string segment, TimeProvider time)
    : EmulatorInstance(segment, time, DemoCredentials, ["consumer_secret", "token_secret"])
{
    public static readonly IReadOnlyDictionary<string, string> DemoCredentials = new Dictionary<string, string>
    {
        ["account_id"] = "1234567_SB1",
        ["consumer_key"] = "63b7d7694ef07f37d20459fadb5ebf1fd2b58c90fa34b34015865498522b93b9",
        ["consumer_secret"] = "cbc39d6933ff1d907130e8329f11427f34dd4100224a4753a9cff367ce902f7b",
        ["token_id"] = "97471d1ab7a2c9eee4e5158802e52be51df36434f9efaa81155e1e8db4372f09",
        ["token_secret"] = "e9338a021fd082c617dd44cc8c44520dc773c8779bf9bc5693ca7fcf7bc9c5d0",
    };

    public NonceRegistry Nonces { get; } = new(TimeSpan.FromSeconds(2 * NetSuiteTokenAuth.TimestampToleranceSeconds));

    /// <summary>The OAuth realm is the account ID upper-cased with '-' as '_' (1234567-sb1 → 1234567_SB1).</summary>
    public string Realm => Credential("account_id").ToUpperInvariant().Replace('-', '_');
}
