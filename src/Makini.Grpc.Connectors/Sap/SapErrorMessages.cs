using System.Net;
using Makini.Grpc.Connectors.Http;

namespace Makini.Grpc.Connectors.Sap;

/// <summary>What SAP said: the logon realm for a 401 (its body is an HTML page), else Gateway's OData error message.</summary>
internal static class SapErrorMessages
{
    public static string? Extract(HttpResponseMessage response, string body)
    {
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            var realm = response.Headers.WwwAuthenticate
                .Where(h => h.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
                .Select(h => Realm(h.Parameter))
                .FirstOrDefault(r => r is not null);
            return realm is null
                ? "SAP rejected the logon (user name, password or client)"
                : $"SAP rejected the logon (user name, password or client) for {realm}";
        }
        // Gateway errors are OData JSON; ICF and CSRF errors are HTML or plain text.
        var json = SourceResponses.TryParseJson(body);
        return SourceResponses.StringAt(json, "error", "message", "value")
            ?? (response.Headers.TryGetValues("x-csrf-token", out var csrf) && csrf.Contains("Required", StringComparer.OrdinalIgnoreCase)
                ? "CSRF token validation failed"
                : null);
    }

    private static string? Realm(string? parameter)
    {
        const string prefix = "realm=\"";
        if (parameter is null)
            return null;
        var start = parameter.IndexOf(prefix, StringComparison.OrdinalIgnoreCase);
        if (start < 0)
            return null;
        start += prefix.Length;
        var end = parameter.IndexOf('"', start);
        return end < 0 ? null : parameter[start..end];
    }
}
