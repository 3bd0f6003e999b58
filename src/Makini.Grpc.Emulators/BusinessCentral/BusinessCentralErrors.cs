using System.Text.Json.Nodes;
using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.BusinessCentral;

/// <summary>Business Central API errors: <c>{"error":{"code":"...","message":"..."}}</c>.</summary>
internal static class BusinessCentralErrors
{
    public static Task WriteInvalidCredentialsAsync(HttpContext context) =>
        WriteAsync(context, 401, "Authentication_InvalidCredentials",
            $"The server has rejected the client credentials.  CorrelationId:  {Ids.Guid()}.");

    /// <summary>UNVERIFIED code and wording for an environment name the tenant does not have.</summary>
    public static Task WriteUnknownEnvironmentAsync(HttpContext context, string environment) =>
        WriteAsync(context, 404, "NoEnvironment",
            $"Environment '{environment}' does not exist.  CorrelationId:  {Ids.Guid()}.");

    public static Task WriteNoResourceAsync(HttpContext context) =>
        WriteAsync(context, 404, "BadRequest_NotFound",
            $"No HTTP resource was found that matches the request URI '{context.Request.AbsoluteUrl()}'.  CorrelationId:  {Ids.Guid()}.");

    /// <summary>UNVERIFIED code and wording for a company ID the environment does not have.</summary>
    public static Task WriteUnknownCompanyAsync(HttpContext context) =>
        WriteAsync(context, 404, "Internal_CompanyNotFound",
            $"Cannot process the request because the specified company does not exist.  CorrelationId:  {Ids.Guid()}.");

    /// <summary>A query option the API refuses (bad $filter, unknown property). UNVERIFIED: the exact code per case.</summary>
    public static Task WriteBadRequestAsync(HttpContext context, string message) =>
        WriteAsync(context, 400, "BadRequest", $"{message}  CorrelationId:  {Ids.Guid()}.");

    /// <summary>UNVERIFIED code and wording for an entity key that does not exist.</summary>
    public static Task WriteEntityNotFoundAsync(HttpContext context) =>
        WriteAsync(context, 404, "BadRequest_NotFound",
            $"The Entity instance is not found.  CorrelationId:  {Ids.Guid()}.");

    public static Task WriteNotEmulatedAsync(HttpContext context) =>
        WriteAsync(context, 501, "Makini_NotEmulated",
            $"The Makini emulator does not emulate {context.Request.Method} {context.Request.Path} yet.");

    /// <summary>A write Business Central refused (validation, a business rule, a stale or missing If-Match).</summary>
    public static Task WriteRefusalAsync(HttpContext context, BusinessCentralWriteException refusal) =>
        WriteAsync(context, refusal.Status, refusal.Code, $"{refusal.Message}  CorrelationId:  {Ids.Guid()}.");

    /// <summary>An injected fault; the codes are generic, not taken from a specific Business Central message.</summary>
    public static Task WriteFaultAsync(HttpContext context, int status) => status switch
    {
        429 => WriteAsync(context, 429, "Application_TooManyRequests", "Too many requests reached. Please try again later."),
        >= 500 => WriteAsync(context, status, "Application_ServiceUnavailable", $"The service is temporarily unavailable.  CorrelationId:  {Ids.Guid()}."),
        _ => WriteAsync(context, status, "BadRequest", $"The request could not be processed.  CorrelationId:  {Ids.Guid()}."),
    };

    private static Task WriteAsync(HttpContext context, int status, string code, string message) =>
        context.Response.WriteJsonAsync(status, new JsonObject
        {
            ["error"] = new JsonObject { ["code"] = code, ["message"] = message },
        });
}
