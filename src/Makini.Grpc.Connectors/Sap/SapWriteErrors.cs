using System.Net;
using System.Text.Json;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Http;
using Makini.Grpc.Connectors.Writing;

namespace Makini.Grpc.Connectors.Sap;

/// <summary>How the properties of one entity's payload map back to unified field paths (for refusals).</summary>
internal sealed class SapFieldMap(string remoteId, IReadOnlyDictionary<string, string> fields, IEnumerable<string>? systemFields = null)
{
    private readonly HashSet<string> _systemFields = (systemFields ?? []).ToHashSet(StringComparer.Ordinal);

    /// <summary>The record the write is about, for "not found".</summary>
    public string RemoteId { get; } = remoteId;

    public string? UnifiedOf(string property) =>
        fields.TryGetValue(property, out var unified) ? unified
        : SapWire.IsCustomField(property) ? $"custom_fields.{property}"
        : _systemFields.Contains(property) ? $"remote_fields.{property}"
        : null;

    public SapFieldMap For(string otherRemoteId) => new(otherRemoteId, fields, _systemFields);
}

/// <summary>
/// Turns SAP's refusals into connector exceptions: 401/403 (rejected logon), 5xx/429 (unavailable) as the shared
/// helper does; 404 → not found; 412 → conflict (stale ETag); other 4xx → validation, with the property of the first
/// message in <c>innererror.errordetails</c> (propertyref, else the last step of its target) mapped to the unified
/// field, and every message's text. Status-management and state messages (06/020 deleted document, BS/013 status
/// active, M7/021 stock deficit) are state rules.
/// </summary>
internal static class SapWriteErrors
{
    private static readonly HashSet<string> StateCodes = new(StringComparer.Ordinal) { "06/020", "BS/013", "M7/021" };

    public static async Task ThrowIfRefusedAsync(HttpResponseMessage response, SapFieldMap fields, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return;
        var status = (int)response.StatusCode;
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests || status >= 500)
            await SourceResponses.EnsureSuccessAsync(SystemCatalog.Sap, response, SapErrorMessages.Extract, ct);
        var body = await SourceResponses.ReadBodyAsync(response, ct);
        var json = SourceResponses.TryParseJson(body);
        var code = SourceResponses.StringAt(json, "error", "code") ?? $"HTTP {status}";
        var message = SourceResponses.StringAt(json, "error", "message", "value") ?? $"HTTP {status} {response.ReasonPhrase}";
        switch (response.StatusCode)
        {
            case HttpStatusCode.NotFound:
                throw new SourceNotFoundException(SystemCatalog.Sap, fields.RemoteId);
            case HttpStatusCode.PreconditionFailed:
                throw new SourceConflictException(SystemCatalog.Sap, message);
        }
        var details = Details(json);
        var first = details.FirstOrDefault(d => d.Severity is "error" or "") ?? details.FirstOrDefault();
        var property = first is null ? null : PropertyOf(first);
        var text = details.Count > 1 ? string.Join("; ", details.Select(d => d.Message).Distinct()) : first?.Message ?? message;
        var sourceCode = first?.Code is { Length: > 0 } detailCode ? detailCode : code;
        throw new SourceValidationException(SystemCatalog.Sap, status, sourceCode, text, property, property is null ? null : fields.UnifiedOf(property),
            StateCodes.Contains(sourceCode) || StateCodes.Contains(code));
    }

    private sealed record Detail(string Code, string Message, string PropertyRef, string Target, string Severity);

    private static List<Detail> Details(JsonElement? json)
    {
        var list = new List<Detail>();
        if (json is not { } root || !root.TryGetProperty("error", out var error) || !error.TryGetProperty("innererror", out var inner)
            || !inner.TryGetProperty("errordetails", out var details) || details.ValueKind != JsonValueKind.Array)
            return list;
        foreach (var d in details.EnumerateArray())
            list.Add(new Detail(Text(d, "code"), Text(d, "message"), Text(d, "propertyref"), Text(d, "target"), Text(d, "severity")));
        return list;
    }

    /// <summary>The property a message is about: its propertyref, else the last step of its target path.</summary>
    private static string? PropertyOf(Detail detail)
    {
        var reference = detail.PropertyRef.Length > 0 ? detail.PropertyRef : detail.Target;
        if (reference.Length == 0) return null;
        var last = reference.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        var paren = last.IndexOf('(');
        return (paren >= 0 ? last[..paren] : last) is { Length: > 0 } property ? property : null;
    }

    private static string Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : "";
}
