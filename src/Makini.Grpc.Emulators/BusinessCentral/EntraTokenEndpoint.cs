using System.Text.Json.Nodes;
using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.BusinessCentral;

/// <summary><c>POST {tenant}/oauth2/v2.0/token</c>: the OAuth 2 client-credentials grant as Microsoft Entra ID answers it.</summary>
internal static class EntraTokenEndpoint
{
    public const string BusinessCentralScope = "https://api.businesscentral.dynamics.com/.default";

    public static async Task IssueAsync(HttpContext context, BusinessCentralInstance instance, RouteValues route)
    {
        var time = instance.Time;
        var tenant = route["tenant"];
        if (!string.Equals(tenant, instance.Credential("tenant_id"), StringComparison.OrdinalIgnoreCase))
        {
            await EntraErrors.WriteAsync(context, time, 400, "invalid_request", 90002,
                $"Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.");
            return;
        }

        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
        string Field(string name) => form?[name].ToString() ?? "";

        if (Field("grant_type").Length == 0)
        {
            await EntraErrors.WriteAsync(context, time, 400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.");
            return;
        }
        if (Field("grant_type") != "client_credentials")
        {
            await EntraErrors.WriteAsync(context, time, 400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.");
            return;
        }
        var clientId = Field("client_id");
        if (!string.Equals(clientId, instance.Credential("client_id"), StringComparison.OrdinalIgnoreCase))
        {
            await EntraErrors.WriteAsync(context, time, 400, "unauthorized_client", 700016,
                $"Application with identifier '{clientId}' was not found in the directory '{tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.");
            return;
        }
        if (Field("client_secret").Length == 0)
        {
            await EntraErrors.WriteAsync(context, time, 401, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
            return;
        }
        if (Field("client_secret") != instance.Credential("client_secret"))
        {
            await EntraErrors.WriteAsync(context, time, 401, "invalid_client", 7000215,
                $"Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{instance.Credential("client_id")}'.");
            return;
        }
        var scope = Field("scope");
        if (!scope.EndsWith("/.default", StringComparison.Ordinal))
        {
            await EntraErrors.WriteAsync(context, time, 400, "invalid_scope", 1002012,
                $"The provided value for scope {scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).");
            return;
        }
        if (!string.Equals(scope, BusinessCentralScope, StringComparison.OrdinalIgnoreCase))
        {
            await EntraErrors.WriteAsync(context, time, 400, "invalid_resource", 500011,
                $"The resource principal named {scope[..^"/.default".Length]} was not found in the tenant named {tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.");
            return;
        }

        context.Response.Headers.CacheControl = "no-store, no-cache";
        await context.Response.WriteJsonAsync(200, new JsonObject
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = BusinessCentralInstance.TokenLifetimeSeconds,
            ["ext_expires_in"] = BusinessCentralInstance.TokenLifetimeSeconds,
            ["access_token"] = instance.IssueToken(),
        });
    }
}
