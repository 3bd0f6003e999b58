using System.Globalization;
using System.Text.Json.Nodes;
using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.BusinessCentral;

/// <summary>Microsoft Entra ID token endpoint errors: OAuth 2 error JSON with AADSTS codes, trace and correlation IDs.</summary>
internal static class EntraErrors
{
    public static Task WriteAsync(HttpContext context, TimeProvider time, int status, string error, int aadstsCode, string message)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var timestamp = now.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var traceId = Ids.Guid();
        var correlationId = Ids.Guid();
        var body = new JsonObject
        {
            ["error"] = error,
            ["error_description"] = $"AADSTS{aadstsCode}: {message}\r\nTrace ID: {traceId}\r\nCorrelation ID: {correlationId}\r\nTimestamp: {timestamp}",
            ["error_codes"] = new JsonArray(aadstsCode),
            ["timestamp"] = timestamp,
            ["trace_id"] = traceId,
            ["correlation_id"] = correlationId,
            ["error_uri"] = $"https://login.microsoftonline.com/error?code={aadstsCode}",
        };
        return context.Response.WriteJsonAsync(status, body);
    }

    public static Task WriteFaultAsync(HttpContext context, TimeProvider time, int status) =>
        status is 429 or >= 500
            ? WriteAsync(context, time, status, "temporarily_unavailable", 90033, "A transient error has occurred. Please try again.")
            : WriteAsync(context, time, status, "invalid_request", 90033, "The request could not be processed.");
}
