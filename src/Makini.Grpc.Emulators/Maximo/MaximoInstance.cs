using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.Maximo;

/// <summary>One emulated Maximo Manage server with one integration user and its API key.</summary>
internal sealed class MaximoInstance(string segment, TimeProvider time)
    : EmulatorInstance(segment, time, DemoCredentials, ["api_key"])
{
    public const string UserId = "MXINTADM";

    public static readonly IReadOnlyDictionary<string, string> DemoCredentials = new Dictionary<string, string>
    {
        ["api_key"] = "a967ceb30bbbb238ea325c84aa3afd95075725e0",
        ["site_id"] = "BEDFORD",
    };

    /// <summary>The user's default site: the configured site, else BEDFORD of the demo data.</summary>
    public string DefaultSite => Credential("site_id") is { Length: > 0 } site ? site : "BEDFORD";
}
