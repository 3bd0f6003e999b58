using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Http;
using Makini.Grpc.Connectors.Writing;

namespace Makini.Grpc.Connectors.Maximo;

/// <summary>One write request: where it goes, its JSON body, and the headers of Maximo's write protocol.</summary>
internal sealed record MaximoCall(HttpMethod Method, string Path, string Query = "", JsonObject? Body = null)
{
    /// <summary>Maximo applies a transactionid once; a repeat answers 409.</summary>
    public string? TransactionId { get; init; }

    /// <summary>The _rowstamp the client read (sent as <c>if-match</c>).</summary>
    public string? IfMatch { get; init; }

    /// <summary>Updates and actions are POSTs with <c>x-method-override: PATCH</c>.</summary>
    public bool Patch { get; init; }

    /// <summary><c>patchtype: MERGE</c>: child rows not named in the body stay (a plain PATCH drops them).</summary>
    public bool Merge { get; init; }
}

/// <summary>A write's answer: 2xx (with the record when <c>properties</c> returned it), 404 or 409 (a replayed transactionid).</summary>
internal sealed record MaximoAnswer(HttpStatusCode Status, JsonObject? Body, string? Location)
{
    public bool Replayed => Status == HttpStatusCode.Conflict;
    public bool NotFound => Status == HttpStatusCode.NotFound;
}

/// <summary>
/// Sends Maximo writes with the API key, <c>lean=1</c> and <c>properties: *</c> (so the record comes back), and turns
/// refusals into the writer exceptions: 400 with a BMXAA reason code → <see cref="SourceValidationException"/> (the
/// errorattrname translated to the unified path; status and state rules flagged), 412 → <see cref="SourceConflictException"/>,
/// 401/403 and the logon reason codes → credentials rejected, 5xx/429 → unavailable. 404 and 409 are answers: what they
/// mean depends on the write.
/// </summary>
internal sealed class MaximoWriteApi(IHttpClientFactory httpClientFactory)
{
    /// <summary>UNVERIFIED reason codes (the emulator's) of state rules: a status change not allowed, a PO no longer
    /// editable, a record that cannot be deleted in its status, a balance that would turn negative.</summary>
    private static readonly string[] StateReasonCodes = ["BMXAA4590E", "BMXAA4605E", "BMXAA4626E", "BMXAA1861E"];

    public async Task<MaximoAnswer> SendAsync(SourceTarget target, MaximoCall call, Func<string, string?, string?> unifiedFieldOf, CancellationToken ct)
    {
        var query = call.Query.Length == 0 ? "lean=1" : "lean=1&" + call.Query;
        using var request = new HttpRequestMessage(call.Method, SourceUrl.Combine(target.BaseUrl, call.Path, query));
        request.Headers.Add("apikey", target.Credential("api_key"));
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Add("properties", "*");
        if (call.TransactionId is { } transactionId)
        {
            request.Headers.Add("transactionid", transactionId);
            // A replay answers 409 instead of applying again, so a timed-out write may be sent again.
            request.Options.Set(SourceHttpClients.RetrySafe, true);
        }
        if (call.IfMatch is { Length: > 0 } etag) request.Headers.TryAddWithoutValidation("if-match", etag);
        if (call.Patch) request.Headers.Add("x-method-override", "PATCH");
        if (call.Merge) request.Headers.Add("patchtype", "MERGE");
        if (call.Body is not null) request.Content = new StringContent(call.Body.ToJsonString(), Encoding.UTF8, "application/json");

        var client = httpClientFactory.CreateClient(SourceHttpClients.Maximo);
        using var response = await SourceCall.SendAsync(client, request, SystemCatalog.Maximo, ct);
        var text = await SourceResponses.ReadBodyAsync(response, ct);
        var location = response.Headers.Location?.ToString();
        if (response.IsSuccessStatusCode) return new MaximoAnswer(response.StatusCode, Parse(text), location);
        if (MaximoConnector.IsRejection(response, text))
            await SourceResponses.EnsureSuccessAsync(SystemCatalog.Maximo, response, MaximoConnector.ExtractMessage, ct, MaximoConnector.IsRejection);
        var error = Parse(text)?["Error"] as JsonObject;
        var code = Normalize(error?["reasonCode"]);
        var message = Normalize(error?["message"]) is { Length: > 0 } m ? m : $"HTTP {(int)response.StatusCode}";
        switch (response.StatusCode)
        {
            case HttpStatusCode.NotFound or HttpStatusCode.Conflict:
                return new MaximoAnswer(response.StatusCode, null, location);
            case HttpStatusCode.PreconditionFailed:
                throw new SourceConflictException(SystemCatalog.Maximo, message);
            case HttpStatusCode.BadRequest:
                var attribute = Normalize(error?["errorattrname"]) is { Length: > 0 } a ? a.ToLowerInvariant() : null;
                var objectPath = Normalize(error?["errorobjpath"]) is { Length: > 0 } o ? o.ToLowerInvariant() : null;
                throw new SourceValidationException(SystemCatalog.Maximo, 400, code, message, attribute,
                    attribute is null ? null : unifiedFieldOf(attribute, objectPath), StateReasonCodes.Contains(code));
        }
        // 5xx, 429 and anything else unexpected.
        await SourceResponses.EnsureSuccessAsync(SystemCatalog.Maximo, response, MaximoConnector.ExtractMessage, ct, MaximoConnector.IsRejection);
        throw new SourceUnavailableException(SystemCatalog.Maximo, $"answered HTTP {(int)response.StatusCode}", (int)response.StatusCode);
    }

    private static JsonObject? Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Normalize(JsonNode? node) => Reading.Normalize.Text(node);
}
