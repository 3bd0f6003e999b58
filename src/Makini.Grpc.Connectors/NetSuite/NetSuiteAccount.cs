namespace Makini.Grpc.Connectors.NetSuite;

/// <summary>The two spellings of a NetSuite account ID: 1234567_SB1 as OAuth realm, 1234567-sb1 in host names.</summary>
public static class NetSuiteAccount
{
    public static string Realm(string accountId) => accountId.Trim().ToUpperInvariant().Replace('-', '_');

    /// <summary>The account's REST host, e.g. https://1234567-sb1.suitetalk.api.netsuite.com.</summary>
    public static Uri DefaultBaseUrl(string accountId) =>
        new($"https://{accountId.Trim().ToLowerInvariant().Replace('_', '-')}.suitetalk.api.netsuite.com");
}
