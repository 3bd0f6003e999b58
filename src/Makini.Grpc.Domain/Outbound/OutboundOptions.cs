namespace Makini.Grpc.Domain.Outbound;

/// <summary>How hard we may press one customer's system (configuration section <c>Makini:Outbound</c>): requests per
/// minute and requests at once, per connection, for every caller together (syncs, writes, checks), across nodes.</summary>
public sealed class OutboundOptions
{
    public Dictionary<string, SystemBudget> Systems { get; set; } = new()
    {
        ["sap_s4hana"] = new() { RequestsPerMinute = 1200, MaxConcurrent = 4 },
        // NetSuite counts concurrent requests per account strictly (CONCURRENCY_LIMIT_EXCEEDED).
        ["netsuite"] = new() { RequestsPerMinute = 1200, MaxConcurrent = 4 },
        ["dynamics_bc"] = new() { RequestsPerMinute = 1200, MaxConcurrent = 5 },
        ["ibm_maximo"] = new() { RequestsPerMinute = 1200, MaxConcurrent = 4 },
        ["upkeep"] = new() { RequestsPerMinute = 600, MaxConcurrent = 3 },
    };

    /// <summary>When Redis is down each node enforces its share: the budget divided by this many nodes.</summary>
    public int ExpectedNodes { get; set; } = 2;

    public SystemBudget For(string systemId) => Systems.GetValueOrDefault(systemId) ?? new SystemBudget();
}

public sealed class SystemBudget
{
    public int RequestsPerMinute { get; set; } = 600;
    public int MaxConcurrent { get; set; } = 4;
}
