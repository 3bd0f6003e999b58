using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.Sap;

/// <summary>One emulated S/4HANA system: a communication user, its client, and the CSRF sessions handed out.</summary>
internal sealed class SapInstance(string segment, TimeProvider time)
    : EmulatorInstance(segment, time, DemoCredentials, ["password"])
{
    public const string SystemId = "S4H";
    public const string DefaultClient = "100";

    public static readonly IReadOnlyDictionary<string, string> DemoCredentials = new Dictionary<string, string>
    {
        ["username"] = "MAKINI_COMM",
        ["password"] = "Welcome2Makini!S4",
        ["sap_client"] = DefaultClient,
    };

    public SapCsrfSessions CsrfSessions { get; } = new();

    /// <summary>The client this system logs on to: the configured one, else the system default.</summary>
    public string Client => Credential("sap_client") is { Length: > 0 } client ? client : DefaultClient;

    public string Realm => $"SAP NetWeaver Application Server [{SystemId}/{Client}]";

    public string XsrfCookieName => $"sap-XSRF_{SystemId}_{Client}";

    public string SessionCookieName => $"SAP_SESSIONID_{SystemId}_{Client}";

    protected override void OnCredentialsChanged() => CsrfSessions.Clear();
}
