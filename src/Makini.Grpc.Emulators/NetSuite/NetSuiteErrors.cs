using System.Text.Json.Nodes;
using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.NetSuite;

/// <summary>NetSuite REST errors: an RFC 7807-like body with <c>o:errorDetails</c>, typed as an Oracle error resource.</summary>
internal static class NetSuiteErrors
{
    public const string ErrorContentType = "application/vnd.oracle.resource+json; type=error";

    public static Task WriteInvalidLoginAsync(HttpContext context) =>
        WriteAsync(context, 401, "Unauthorized",
            "Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.",
            "INVALID_LOGIN");

    /// <summary>A bad query parameter (q, limit, offset). UNVERIFIED wording; the code and o:errorQueryParam are NetSuite's.</summary>
    public static Task WriteInvalidParameterAsync(HttpContext context, string parameter, string detail) =>
        WriteAsync(context, 400, "Bad Request", $"Invalid query parameter value '{parameter}'. {detail}", "INVALID_PARAMETER", parameter);

    public static Task WriteNonexistentIdAsync(HttpContext context) =>
        WriteAsync(context, 404, "Not Found", "The record instance does not exist. Provide a valid record instance ID.", "NONEXISTENT_ID");

    /// <summary>UNVERIFIED wording: what the REST API says for a record type it does not know.</summary>
    public static Task WriteUnknownRecordTypeAsync(HttpContext context, string recordType) =>
        WriteAsync(context, 404, "Not Found", $"Record type '{recordType}' does not exist.", "NONEXISTENT_ID");

    public static Task WriteUnknownPathAsync(HttpContext context) =>
        WriteAsync(context, 404, "Not Found", "The requested resource could not be found.", "NONEXISTENT_ID");

    public static Task WriteNotEmulatedAsync(HttpContext context, string what) =>
        WriteAsync(context, 501, "Not Implemented", $"The Makini emulator does not emulate {what} yet.", "MAKINI_NOT_EMULATED");

    /// <summary>A write NetSuite refused (content or a business rule), with <c>o:errorPath</c> when a field is to blame.</summary>
    public static Task WriteRefusalAsync(HttpContext context, NetSuiteWriteException refusal) =>
        WriteAsync(context, refusal.Status, TitleOf(refusal.Status), refusal.Detail, refusal.Code, errorPath: refusal.Path);

    public static Task WriteFaultAsync(HttpContext context, int status) => status switch
    {
        429 => WriteAsync(context, 429, "Too Many Requests", "Concurrent request limit exceeded. Request blocked.", "CONCURRENCY_LIMIT_EXCEEDED"),
        >= 500 => WriteAsync(context, status, TitleOf(status), $"An unexpected error occurred. Error ID: {Ids.Alphanumeric(20).ToLowerInvariant()}", "UNEXPECTED_ERROR"),
        _ => WriteAsync(context, status, TitleOf(status), "The request could not be processed.", "USER_ERROR"),
    };

    private static Task WriteAsync(
        HttpContext context, int status, string title, string detail, string code, string? queryParameter = null, string? errorPath = null)
    {
        var error = new JsonObject { ["detail"] = detail };
        if (queryParameter is not null) error["o:errorQueryParam"] = queryParameter;
        error["o:errorCode"] = code;
        if (errorPath is not null) error["o:errorPath"] = errorPath;
        var body = new JsonObject
        {
            ["type"] = TypeOf(status),
            ["title"] = title,
            ["status"] = status,
            ["o:errorDetails"] = new JsonArray(error),
        };
        return context.Response.WriteJsonAsync(status, body, ErrorContentType);
    }

    // NetSuite points "type" at the RFC 2616 section of the status code.
    private static string TypeOf(int status) => status switch
    {
        400 => "https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.1",
        401 => "https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.2",
        403 => "https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.4",
        404 => "https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.5",
        405 => "https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.6",
        429 => "https://tools.ietf.org/html/rfc6585#section-4",
        500 => "https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.5.1",
        501 => "https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.5.2",
        502 => "https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.5.3",
        503 => "https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.5.4",
        504 => "https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.5.5",
        _ => "https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html",
    };

    private static string TitleOf(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";
}
