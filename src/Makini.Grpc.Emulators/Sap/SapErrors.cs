using System.Globalization;
using System.Text.Json.Nodes;
using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.Sap;

/// <summary>The error answers of SAP Gateway and of the ICF logon handler.</summary>
internal static class SapErrors
{
    /// <summary>401 from the ICF logon: an HTML page, not JSON, and the realm names system and client.
    /// The page layout is UNVERIFIED against a live system; clients must not parse it.</summary>
    public static Task WriteLogonErrorAsync(HttpContext context, SapInstance instance)
    {
        context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{instance.Realm}\"";
        var serverTime = instance.Time.GetUtcNow().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var html = $"""
            <!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">
            <html>
            <head>
            <meta http-equiv="Content-Type" content="text/html; charset=utf-8">
            <title>Logon Error Message</title>
            </head>
            <body>
            <table><tr><td>
            <p class="errorTextHeader"><span>401 Unauthorized</span></p>
            <p><span>Logon failed</span></p>
            <p>Note</p>
            <ul><li>Logon with the user name and password failed.</li></ul>
            <p>Server time: {serverTime} UTC</p>
            <p>Server: {SapInstance.SystemId}</p>
            </td></tr></table>
            </body>
            </html>
            """;
        return context.Response.WriteTextAsync(401, html, "text/html; charset=utf-8");
    }

    /// <summary>403 when a modifying request lacks a valid CSRF token and session cookies.</summary>
    public static Task WriteCsrfRequiredAsync(HttpContext context)
    {
        context.Response.Headers["x-csrf-token"] = "Required";
        return context.Response.WriteTextAsync(403, "CSRF token validation failed", "text/plain; charset=utf-8");
    }

    /// <summary>404 for a path that no ICF node handles: an HTML page.</summary>
    public static Task WriteIcfNotFoundAsync(HttpContext context) =>
        context.Response.WriteTextAsync(404,
            "<html><head><title>Service cannot be reached</title></head><body><h1>404 Not Found</h1><p>Service cannot be reached</p></body></html>",
            "text/html; charset=utf-8");

    /// <summary>SAP Gateway's OData v2 error envelope.</summary>
    public static Task WriteODataErrorAsync(HttpContext context, int status, string code, string message, string serviceId = "",
        IReadOnlyList<SapErrorDetail>? details = null)
    {
        var now = DateTime.UtcNow;
        var body = new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = code,
                ["message"] = new JsonObject { ["lang"] = "en", ["value"] = message },
                ["innererror"] = new JsonObject
                {
                    ["application"] = new JsonObject
                    {
                        ["component_id"] = "",
                        ["service_namespace"] = "/SAP/",
                        ["service_id"] = serviceId,
                        ["service_version"] = "0001",
                    },
                    ["transactionid"] = Ids.Hex(16),
                    ["timestamp"] = now.ToString("yyyyMMddHHmmss.fffffff", CultureInfo.InvariantCulture),
                    ["Error_Resolution"] = new JsonObject
                    {
                        ["SAP_Transaction"] = "For backend administrators: use ADT feed reader \"SAP Gateway Error Log\" or run transaction /IWFND/ERROR_LOG on SAP Gateway hub system and search for entries with the timestamp above for more details",
                        ["SAP_Note"] = "See SAP Note 1797736 for error analysis (https://service.sap.com/sap/support/notes/1797736)",
                    },
                    ["errordetails"] = Details(details),
                },
            },
        };
        context.Response.Headers["dataserviceversion"] = "1.0";
        return context.Response.WriteJsonAsync(status, body);
    }

    /// <summary>A refused write: the first message is the error; every message is listed in errordetails.</summary>
    public static Task WriteWriteErrorAsync(HttpContext context, SapWriteException error, string serviceId) =>
        WriteODataErrorAsync(context, error.Status, error.Details[0].Code, error.Details[0].Message, serviceId, error.Details);

    private static JsonArray Details(IReadOnlyList<SapErrorDetail>? details) =>
        new((details ?? []).Select(d => (JsonNode)new JsonObject
        {
            ["code"] = d.Code,
            ["message"] = d.Message,
            ["propertyref"] = d.PropertyRef,
            ["severity"] = d.Severity,
            ["target"] = d.Target,
        }).ToArray());

    /// <summary>An injected fault: the Gateway error envelope; the code and text are generic, not a specific SAP message.</summary>
    public static Task WriteFaultAsync(HttpContext context, int status) =>
        WriteODataErrorAsync(context, status, "/IWFND/CM_BEC/026",
            $"{status} {ReasonPhrase(status)}: the request could not be processed at this time");

    /// <summary>Behaviour the emulator does not offer yet answers 501 plainly instead of pretending success.</summary>
    public static Task WriteNotEmulatedAsync(HttpContext context, string what, string serviceId) =>
        WriteODataErrorAsync(context, 501, "/MAKINI/EMULATOR", $"The Makini emulator does not emulate {what} yet", serviceId);

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";
}
