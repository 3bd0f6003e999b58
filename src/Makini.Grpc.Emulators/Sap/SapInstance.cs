using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.Sap;

/// <summary>One emulated S/4HANA system: a communication user, its client, the CSRF sessions handed out, and its
/// records (seeded with the same demo data in every instance).</summary>
internal sealed class SapInstance : EmulatorInstance
{
    public const string SystemId = "S4H";
    public const string DefaultClient = "100";

    public static readonly IReadOnlyDictionary<string, string> DemoCredentials = new Dictionary<string, string>
    {
        ["username"] = "MAKINI_COMM",
        ["password"] = "Welcome2Makini!S4",
        ["sap_client"] = DefaultClient,
    };

    private readonly Lock _indexLock = new();
    private readonly Dictionary<string, (SapIndex? Parent, SapIndex Index)> _indexes = new(StringComparer.Ordinal);

    public SapInstance(string segment, TimeProvider time)
        : base(segment, time, DemoCredentials, ["password"])
    {
        foreach (var kind in SapRecordKinds.All(Numbers))
            Records.Define(kind);
        SapDemoData.Seed(Records, time.GetUtcNow());
    }

    public SapCsrfSessions CsrfSessions { get; } = new();

    /// <summary>The number ranges new documents and master records draw from (generation and API creates alike).</summary>
    public SapNumberRanges Numbers { get; } = new();

    /// <summary>Goods movements post one at a time: the stock check and the postings of a document must not interleave.</summary>
    public Lock PostingLock { get; } = new();

    /// <summary>The client this system logs on to: the configured one, else the system default.</summary>
    public string Client => Credential("sap_client") is { Length: > 0 } client ? client : DefaultClient;

    public string Realm => $"SAP NetWeaver Application Server [{SystemId}/{Client}]";

    public string XsrfCookieName => $"sap-XSRF_{SystemId}_{Client}";

    public string SessionCookieName => $"SAP_SESSIONID_{SystemId}_{Client}";

    /// <summary>The current rows of an entity set, rebuilt only when the records behind it changed.</summary>
    public SapIndex IndexOf(SapService service, SapEntitySet set)
    {
        lock (_indexLock)
            return IndexLocked(service, set);
    }

    protected override void OnCredentialsChanged() => CsrfSessions.Clear();

    private SapIndex IndexLocked(SapService service, SapEntitySet set)
    {
        _indexes.TryGetValue(set.Name, out var cached);
        if (set.Entity is { } entity && Records.TryGet(entity, out var records))
        {
            var index = SapIndex.OfRecords(records, set, cached.Index);
            _indexes[set.Name] = (null, index);
            return index;
        }
        if (set.NestedIn is { } nesting && service.FindSet(nesting.ParentSet) is { } parentSet && parentSet.FindNav(nesting.Nav) is { } nav)
        {
            var parent = IndexLocked(service, parentSet);
            if (cached.Index is not null && ReferenceEquals(cached.Parent, parent)) return cached.Index;
            var index = SapIndex.OfNested(parent, nav, set);
            _indexes[set.Name] = (parent, index);
            return index;
        }
        return SapIndex.None;
    }
}
