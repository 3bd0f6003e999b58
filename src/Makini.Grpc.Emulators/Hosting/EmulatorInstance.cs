namespace Makini.Grpc.Emulators.Hosting;

/// <summary>
/// The state of one isolated instance of an emulated system: its credentials, pending faults and request log.
/// Each system derives its own instance class and adds sessions, tokens and (later) records to it.
/// </summary>
internal abstract class EmulatorInstance
{
    private readonly Lock _credentialsLock = new();
    private readonly HashSet<string> _secretFields;
    private Dictionary<string, string> _credentials;

    protected EmulatorInstance(
        string segment, TimeProvider time, IReadOnlyDictionary<string, string> demoCredentials, IEnumerable<string> secretFields)
    {
        Segment = segment;
        Time = time;
        _credentials = new Dictionary<string, string>(demoCredentials, StringComparer.Ordinal);
        _secretFields = new HashSet<string>(secretFields, StringComparer.Ordinal);
    }

    /// <summary>The first path segment that addresses this instance, e.g. <c>sap</c> or <c>sap-t42</c>.</summary>
    public string Segment { get; }

    public TimeProvider Time { get; }

    public FaultInjector Faults { get; } = new();

    public RequestLog Requests { get; } = new();

    /// <summary>The native records this instance serves, per unified entity name.</summary>
    public RecordBook Records { get; } = new();

    public IReadOnlyDictionary<string, string> Credentials
    {
        get
        {
            lock (_credentialsLock)
                return new Dictionary<string, string>(_credentials, StringComparer.Ordinal);
        }
    }

    public string Credential(string name)
    {
        lock (_credentialsLock)
            return _credentials.GetValueOrDefault(name, "");
    }

    /// <summary>Current values of the secret fields, so the request log can be kept free of them.</summary>
    public IReadOnlyList<string> SecretValues
    {
        get
        {
            lock (_credentialsLock)
                return _credentials.Where(c => _secretFields.Contains(c.Key) && c.Value.Length > 0).Select(c => c.Value).ToList();
        }
    }

    /// <summary>Applies the given values (missing keys keep theirs) and revokes everything issued under the old ones.</summary>
    /// <returns>The names that are not credential fields of this system; nothing is changed when there are any.</returns>
    public IReadOnlyList<string> UpdateCredentials(IReadOnlyDictionary<string, string> changes)
    {
        lock (_credentialsLock)
        {
            var unknown = changes.Keys.Where(k => !_credentials.ContainsKey(k)).ToList();
            if (unknown.Count > 0)
                return unknown;
            var updated = new Dictionary<string, string>(_credentials, StringComparer.Ordinal);
            foreach (var (name, value) in changes)
                updated[name] = value;
            _credentials = updated;
        }
        OnCredentialsChanged();
        return [];
    }

    /// <summary>Revokes sessions and tokens: the real systems stop honouring them when a secret is rotated.</summary>
    protected virtual void OnCredentialsChanged()
    {
    }
}
