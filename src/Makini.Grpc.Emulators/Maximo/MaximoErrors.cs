using System.Globalization;
using System.Text.Json.Nodes;
using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.Maximo;

/// <summary>Maximo REST errors: <c>{"Error":{...,"reasonCode","message","statusCode"}}</c>, statusCode being a string.</summary>
internal static class MaximoErrors
{
    public static Task WriteInvalidApiKeyAsync(HttpContext context) =>
        WriteAsync(context, 401, "BMXAA9549E", "The API key token is invalid. Either the API key token has expired or it does not exist.");

    /// <summary>UNVERIFIED reason code and wording for an object structure that does not exist.</summary>
    public static Task WriteUnknownObjectStructureAsync(HttpContext context, string objectStructure) =>
        WriteAsync(context, 404, "BMXAA8727E", $"The OSLC resource {objectStructure.ToUpperInvariant()} was not found. Make sure the resource exists.");

    /// <summary>UNVERIFIED reason code and wording for a resource ID that points at no record.</summary>
    public static Task WriteRecordNotFoundAsync(HttpContext context) =>
        WriteAsync(context, 404, "BMXAA8763E", "The resource was not found.");

    /// <summary>UNVERIFIED reason code for an oslc.where, oslc.select or oslc.orderBy Maximo cannot parse.</summary>
    public static Task WriteBadQueryAsync(HttpContext context, string detail) =>
        WriteAsync(context, 400, "BMXAA8721E", $"The query is not valid. {detail}");

    /// <summary>UNVERIFIED reason code and wording for a page larger than mxe.oslc.maxpagesize.</summary>
    public static Task WritePageSizeTooLargeAsync(HttpContext context, int requested, int maximum) =>
        WriteAsync(context, 400, "BMXAA9402E",
            $"The page size {requested} exceeds the maximum page size {maximum} that is set in the mxe.oslc.maxpagesize system property.");

    public static Task WriteUnknownPathAsync(HttpContext context) =>
        WriteAsync(context, 404, "BMXAA8725E", $"The resource {context.Request.Path} was not found.");

    public static Task WriteNotEmulatedAsync(HttpContext context) =>
        WriteAsync(context, 501, "MAKINI0501E", $"The Makini emulator does not emulate {context.Request.Method} {context.Request.Path} yet.");

    /// <summary>An injected fault; the reason code is generic, not taken from a specific Maximo message.</summary>
    public static Task WriteFaultAsync(HttpContext context, int status) =>
        WriteAsync(context, status, "BMXAA0000E", status is 429 or >= 500
            ? "The server is temporarily unable to process the request. Try again later."
            : "The request could not be processed.");

    /// <summary>A refused write: the business rule's reason code, and the attribute (and child object) it is about.</summary>
    public static Task WriteRefusalAsync(HttpContext context, MaximoWriteException refusal) =>
        WriteAsync(context, refusal.Status, refusal.ReasonCode, refusal.Message, refusal.Attribute, refusal.ObjectPath);

    private static Task WriteAsync(HttpContext context, int status, string reasonCode, string message, string? attribute = null, string? objectPath = null)
    {
        var error = new JsonObject
        {
            ["extendedError"] = new JsonObject
            {
                ["moreInfo"] = new JsonObject { ["href"] = $"{context.Request.InstanceBase()}/maximo/api/error/messages/{reasonCode}" },
            },
            ["reasonCode"] = reasonCode,
            ["message"] = $"{reasonCode} - {message}",
            ["statusCode"] = status.ToString(CultureInfo.InvariantCulture),
        };
        if (attribute is not null) error["errorattrname"] = attribute;
        if (objectPath is not null) error["errorobjpath"] = objectPath;
        return context.Response.WriteJsonAsync(status, new JsonObject { ["Error"] = error });
    }
}
