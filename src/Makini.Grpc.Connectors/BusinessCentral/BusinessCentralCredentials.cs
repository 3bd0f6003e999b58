namespace Makini.Grpc.Connectors.BusinessCentral;

/// <summary>An app registration in a Microsoft Entra tenant, used with the client-credentials grant.</summary>
public sealed record BusinessCentralClientCredentials(string TenantId, string ClientId, string ClientSecret)
{
    public override string ToString() => $"BusinessCentralClientCredentials {{ TenantId = {TenantId}, ClientId = {ClientId} }}";
}

/// <summary>A bearer token for the Business Central API and when it stops being valid.</summary>
public sealed record BusinessCentralAccessToken(string Value, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"BusinessCentralAccessToken {{ ExpiresAt = {ExpiresAt:O} }}";
}
