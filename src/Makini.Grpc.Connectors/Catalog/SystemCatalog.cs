namespace Makini.Grpc.Connectors.Catalog;

/// <summary>The five supported systems. Credential field names are the keys of CompleteLink's credentials map
/// and of each emulator's <c>_emulator/credentials</c> document.</summary>
public static class SystemCatalog
{
    public const string Sap = "sap_s4hana";
    public const string NetSuite = "netsuite";
    public const string BusinessCentral = "dynamics_bc";
    public const string Maximo = "ibm_maximo";
    public const string UpKeep = "upkeep";

    private const Operations Crud = Operations.Read | Operations.Create | Operations.Update | Operations.Delete;
    private const Operations Cru = Operations.Read | Operations.Create | Operations.Update;

    public static readonly IReadOnlyList<SystemDescriptor> All =
    [
        new(Sap, "SAP S/4HANA", SystemCategory.Erp, Tier: 3,
            AuthScheme: "HTTP Basic with a communication user (OData v2)",
            DefaultBaseUrl: "https://my{NNNNNN}-api.s4hana.cloud.sap",
            [
                new("username", "Communication user", false, true, "The user of a communication arrangement, e.g. MAKINI_COMM."),
                new("password", "Password", true, true, "The communication user's password."),
                new("sap_client", "Client", false, false, "The SAP client (sap-client), e.g. 100. On-premises systems usually need it."),
            ],
            new Dictionary<EntityKind, Operations>
            {
                [EntityKind.PurchaseOrder] = Crud,
                [EntityKind.WorkOrder] = Cru,
                [EntityKind.InventoryItem] = Operations.Read | Operations.Adjust,
                [EntityKind.Vendor] = Cru,
                [EntityKind.Asset] = Cru,
            }),
        new(NetSuite, "Oracle NetSuite", SystemCategory.Erp, Tier: 2,
            AuthScheme: "OAuth 1.0a token-based authentication, HMAC-SHA256 (REST record v1)",
            DefaultBaseUrl: "https://{account}.suitetalk.api.netsuite.com",
            [
                new("account_id", "Account ID", false, true, "Your NetSuite account ID, e.g. 1234567 or 1234567_SB1 for a sandbox."),
                new("consumer_key", "Consumer key", false, true, "From the integration record."),
                new("consumer_secret", "Consumer secret", true, true, "From the integration record."),
                new("token_id", "Token ID", false, true, "From the access token created for the integration and role."),
                new("token_secret", "Token secret", true, true, "From the access token."),
                new("time_zone", "Account time zone", false, false,
                    "The IANA time zone of the account's preferences (Setup > Company > General Preferences), e.g. America/Los_Angeles; the default."),
                new("date_format", "Account date format", false, false,
                    "The account's date format (Home > Set Preferences), e.g. M/d/yyyy (the default) or dd.MM.yyyy; change filters are written in it."),
            ],
            new Dictionary<EntityKind, Operations>
            {
                [EntityKind.PurchaseOrder] = Crud,
                [EntityKind.InventoryItem] = Operations.Read | Operations.Adjust,
                [EntityKind.Vendor] = Cru,
            }),
        new(BusinessCentral, "Microsoft Dynamics 365 Business Central", SystemCategory.Erp, Tier: 2,
            AuthScheme: "OAuth 2.0 client credentials (Microsoft Entra ID), bearer tokens (API v2.0)",
            DefaultBaseUrl: "https://api.businesscentral.dynamics.com",
            [
                new("tenant_id", "Tenant ID", false, true, "The Microsoft Entra tenant (directory) ID or domain."),
                new("environment", "Environment", false, true, "The Business Central environment name, e.g. Production."),
                new("client_id", "Client ID", false, true, "The application (client) ID of the Entra app registration."),
                new("client_secret", "Client secret", true, true, "A client secret of that app registration."),
                new("company_id", "Company ID", false, false, "The company to connect; the first company when empty."),
            ],
            new Dictionary<EntityKind, Operations>
            {
                [EntityKind.PurchaseOrder] = Crud,
                [EntityKind.InventoryItem] = Operations.Read,
                [EntityKind.Vendor] = Crud,
            }),
        new(Maximo, "IBM Maximo Manage", SystemCategory.Eam, Tier: 2,
            AuthScheme: "API key in the apikey header (REST/JSON API)",
            DefaultBaseUrl: "https://{host}",
            [
                new("api_key", "API key", true, true, "An API key created in Administration > API Keys."),
                new("site_id", "Site", false, false, "The default site, e.g. BEDFORD."),
            ],
            new Dictionary<EntityKind, Operations>
            {
                [EntityKind.PurchaseOrder] = Cru,
                [EntityKind.WorkOrder] = Crud,
                [EntityKind.InventoryItem] = Operations.Read | Operations.Adjust,
                [EntityKind.Vendor] = Cru,
                [EntityKind.Asset] = Cru,
            }),
        new(UpKeep, "UpKeep", SystemCategory.Cmms, Tier: 1,
            AuthScheme: "Email and password exchanged for a session token (API v2)",
            DefaultBaseUrl: "https://api.onupkeep.com",
            [
                new("email", "Email", false, true, "The UpKeep user's email address."),
                new("password", "Password", true, true, "The UpKeep user's password."),
            ],
            new Dictionary<EntityKind, Operations>
            {
                [EntityKind.PurchaseOrder] = Crud,
                [EntityKind.WorkOrder] = Crud,
                [EntityKind.InventoryItem] = Operations.Read | Operations.Adjust,
                [EntityKind.Vendor] = Cru,
                [EntityKind.Asset] = Crud,
            }),
    ];

    private static readonly Dictionary<string, SystemDescriptor> ById = All.ToDictionary(s => s.SystemId);

    public static SystemDescriptor? Find(string systemId) => ById.GetValueOrDefault(systemId);
}
