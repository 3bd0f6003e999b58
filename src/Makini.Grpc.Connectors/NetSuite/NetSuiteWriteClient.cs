using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Http;

namespace Makini.Grpc.Connectors.NetSuite;

/// <summary>What the record service answered to a write: status, the new record's id (from Location) and the error, if any.</summary>
internal sealed record NetSuiteWriteAnswer(HttpStatusCode Status, string? CreatedId, NetSuiteError? Error)
{
    public bool Succeeded => (int)Status is >= 200 and < 300;
}

/// <summary>The first of <c>o:errorDetails</c>: detail, <c>o:errorCode</c> and <c>o:errorPath</c>.</summary>
internal sealed record NetSuiteError(string Detail, string Code, string? Path);

/// <summary>
/// Signed writes against the REST record service (<c>services/rest/record/v1</c>) and the GETs a writer needs
/// (a record by id or <c>eid:</c>, with sublists, and id lookups with <c>q</c>). 401/403 become
/// <see cref="SourceCredentialsRejectedException"/>, 429/5xx after retries and no answer
/// <see cref="SourceUnavailableException"/>; 400 and 404 come back as answers for the writer to judge.
/// </summary>
internal sealed class NetSuiteWriteClient(IHttpClientFactory httpClientFactory)
{
    private const string RecordRoot = "services/rest/record/v1";

    public async Task<NetSuiteWriteAnswer> SendAsync(SourceTarget target, HttpMethod method, string resource, string query, JsonObject? body, CancellationToken ct)
    {
        using var request = NewRequest(target, method, resource, query);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), new MediaTypeHeaderValue("application/json"));
        // Every NetSuite write may be sent again after a timeout: a create carries its key as externalId (a repeat is
        // refused as a duplicate and found by eid:), a PATCH sets the same values again, a DELETE finds nothing left.
        request.Options.Set(SourceHttpClients.RetrySafe, true);
        using var response = await SendAsync(request, ct);
        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound)
            return new NetSuiteWriteAnswer(response.StatusCode, null, ErrorOf(await SourceResponses.ReadBodyAsync(response, ct)));
        await SourceResponses.EnsureSuccessAsync(SystemCatalog.NetSuite, response, NetSuiteConnector.ExtractMessage, ct);
        var created = response.Headers.Location is { } location ? location.OriginalString.TrimEnd('/').Split('/')[^1] : null;
        return new NetSuiteWriteAnswer(response.StatusCode, created, null);
    }

    /// <summary>A record with sublists and subrecords inlined; <paramref name="id"/> may be <c>eid:{externalId}</c>. Null on 404.</summary>
    public async Task<JsonObject?> GetRecordAsync(SourceTarget target, string recordType, string id, CancellationToken ct)
    {
        using var request = NewRequest(target, HttpMethod.Get, $"{recordType}/{EscapeId(id)}", "expandSubResources=true");
        using var response = await SendAsync(request, ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        await SourceResponses.EnsureSuccessAsync(SystemCatalog.NetSuite, response, NetSuiteConnector.ExtractMessage, ct);
        return await ReadObjectAsync(response, ct);
    }

    /// <summary>The internal ids of the records <paramref name="q"/> matches (first page, in id order).</summary>
    public async Task<IReadOnlyList<string>> FindIdsAsync(SourceTarget target, string recordType, string q, CancellationToken ct)
    {
        using var request = NewRequest(target, HttpMethod.Get, recordType, $"limit=10&q={Uri.EscapeDataString(q)}");
        using var response = await SendAsync(request, ct);
        await SourceResponses.EnsureSuccessAsync(SystemCatalog.NetSuite, response, NetSuiteConnector.ExtractMessage, ct);
        var body = await ReadObjectAsync(response, ct);
        return (body["items"] as JsonArray ?? []).Select(i => NetSuiteFields.Text(i?["id"])).Where(id => id.Length > 0).ToList();
    }

    /// <summary>An external id keeps its "eid:" prefix unescaped; the value is escaped like any path segment.</summary>
    private static string EscapeId(string id) =>
        id.StartsWith("eid:", StringComparison.Ordinal) ? "eid:" + Uri.EscapeDataString(id[4..]) : Uri.EscapeDataString(id);

    private static HttpRequestMessage NewRequest(SourceTarget target, HttpMethod method, string resource, string query)
    {
        var request = new HttpRequestMessage(method, SourceUrl.Combine(target.BaseUrl, $"{RecordRoot}/{resource}", query));
        request.Options.Set(NetSuiteSigningHandler.LoginKey, NetSuiteLogin.From(target));
        request.Headers.Accept.ParseAdd("application/json");
        return request;
    }

    private Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) =>
        SourceCall.SendAsync(httpClientFactory.CreateClient(SourceHttpClients.NetSuite), request, SystemCatalog.NetSuite, ct);

    private static async Task<JsonObject> ReadObjectAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            if (JsonNode.Parse(await response.Content.ReadAsStringAsync(ct)) is JsonObject json) return json;
        }
        catch (JsonException)
        {
        }
        throw new SourceUnavailableException(SystemCatalog.NetSuite, "answered with something other than a JSON object", (int)response.StatusCode);
    }

    private static NetSuiteError ErrorOf(string body)
    {
        var json = SourceResponses.TryParseJson(body);
        var detail = SourceResponses.StringAt(json, "o:errorDetails", "0", "detail") ?? SourceResponses.StringAt(json, "title") ?? "";
        var code = SourceResponses.StringAt(json, "o:errorDetails", "0", "o:errorCode") ?? "";
        var path = SourceResponses.StringAt(json, "o:errorDetails", "0", "o:errorPath");
        return new NetSuiteError(detail, code, string.IsNullOrEmpty(path) ? null : path);
    }
}
