namespace Makini.Grpc.Connectors.Catalog;

public enum SystemCategory { Erp, Cmms, Eam }

public enum Deployment { Cloud, OnPrem }

public enum EntityKind { PurchaseOrder, WorkOrder, InventoryItem, Vendor, Asset }

[Flags]
public enum Operations
{
    None = 0,
    Read = 1,
    Create = 2,
    Update = 4,
    Delete = 8,
    Adjust = 16,
}

/// <summary>One input of a system's credential form. Secret values are never logged or returned.</summary>
public sealed record CredentialField(string Name, string DisplayName, bool Secret, bool Required, string HelpText);

/// <summary>The facts about one source system that the rest of the product needs.</summary>
public sealed record SystemDescriptor(
    string SystemId,
    string DisplayName,
    SystemCategory Category,
    int Tier,
    string AuthScheme,
    string DefaultBaseUrl,
    IReadOnlyList<CredentialField> CredentialFields,
    IReadOnlyDictionary<EntityKind, Operations> Capabilities)
{
    /// <summary>Tier 1 costs 1 credit, tier 2 costs 2, tier 3 costs 4; on-premises doubles it.</summary>
    public int CreditCost(Deployment deployment)
    {
        var cloud = 1 << (Tier - 1);
        return deployment == Deployment.OnPrem ? cloud * 2 : cloud;
    }

    public bool Supports(EntityKind entity, Operations operation) =>
        Capabilities.TryGetValue(entity, out var ops) && (ops & operation) == operation;
}
