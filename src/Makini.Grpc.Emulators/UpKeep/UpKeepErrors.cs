using System.Text.Json.Nodes;
using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.UpKeep;

/// <summary>UpKeep API errors: <c>{"success":false,"message":"..."}</c>.</summary>
internal static class UpKeepErrors
{
    public static Task WriteInvalidLoginAsync(HttpContext context) => WriteAsync(context, 400, "Invalid email or password.");

    /// <summary>UNVERIFIED wording for a missing, unknown or expired Session-Token.</summary>
    public static Task WriteInvalidSessionAsync(HttpContext context) => WriteAsync(context, 401, "Invalid session token");

    /// <summary>UpKeep's not-found message names the resource, e.g. "work order not found".</summary>
    public static Task WriteNotFoundAsync(HttpContext context, string resource) => WriteAsync(context, 404, $"{resource} not found");

    /// <summary>UNVERIFIED wording: a list page with no results is sometimes a 404 rather than an empty list.</summary>
    public static Task WriteEmptyListAsync(HttpContext context, string resource) => WriteAsync(context, 404, $"No {resource}s found");

    /// <summary>UNVERIFIED wording for a query parameter UpKeep cannot use.</summary>
    public static Task WriteBadRequestAsync(HttpContext context, string message) => WriteAsync(context, 400, message);

    public static Task WriteRefusalAsync(HttpContext context, UpKeepWriteException refusal) => WriteAsync(context, refusal.Status, refusal.Message);

    public static Task WriteNotEmulatedAsync(HttpContext context) =>
        WriteAsync(context, 501, $"The Makini emulator does not emulate {context.Request.Method} {context.Request.Path} yet.");

    public static Task WriteFaultAsync(HttpContext context, int status) =>
        WriteAsync(context, status, status is 429 ? "Too many requests, please try again later." : "Something went wrong. Please try again later.");

    private static Task WriteAsync(HttpContext context, int status, string message) =>
        context.Response.WriteJsonAsync(status, new JsonObject { ["success"] = false, ["message"] = message });
}
