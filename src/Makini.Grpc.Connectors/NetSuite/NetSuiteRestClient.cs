using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Http;

namespace Makini.Grpc.Connectors.NetSuite;

/// <summary>One page of a record collection: internal ids only, as the REST record service lists them.</summary>
internal sealed record NetSuiteIdPage(IReadOnlyList<string> Ids, bool HasMore, int TotalResults);

/// <summary>
/// Signed GETs against the REST record service (<c>services/rest/record/v1</c>). Every attempt is signed anew by
/// the NetSuite client's signing handler; 401/403 become <see cref="SourceCredentialsRejectedException"/>, 429/5xx
/// after retries <see cref="SourceUnavailableException"/>.
/// </summary>
internal sealed class NetSuiteRestClient(IHttpClientFactory httpClientFactory)
{
    /// <summary>Record GETs in flight at once for one page: fast enough, and well under NetSuite's concurrency limits.</summary>
    public const int FetchParallelism = 8;

    private const string RecordRoot = "services/rest/record/v1";

    public async Task<NetSuiteIdPage> ListAsync(SourceTarget target, string recordType, int limit, int offset, string? q, CancellationToken ct)
    {
        var query = $"limit={limit.ToString(CultureInfo.InvariantCulture)}&offset={offset.ToString(CultureInfo.InvariantCulture)}"
            + (q is null ? "" : $"&q={Uri.EscapeDataString(q)}");
        var body = await GetJsonAsync(target, $"{RecordRoot}/{recordType}", query, allowNotFound: false, ct)
            ?? throw new SourceUnavailableException(SystemCatalog.NetSuite, $"the {recordType} collection answered without a body");
        var ids = (body["items"] as JsonArray ?? [])
            .Select(item => item?["id"] is JsonValue id ? id.ToString() : null)
            .OfType<string>()
            .ToList();
        var hasMore = body["hasMore"] is JsonValue more && more.TryGetValue<bool>(out var b) && b;
        var total = body["totalResults"] is JsonValue t && t.TryGetValue<int>(out var n) ? n : ids.Count;
        return new NetSuiteIdPage(ids, hasMore, total);
    }

    /// <summary>One record with its sublists and subrecords inlined; null when it no longer exists (deleted meanwhile).</summary>
    public Task<JsonObject?> GetRecordAsync(SourceTarget target, string recordType, string id, CancellationToken ct) =>
        GetJsonAsync(target, $"{RecordRoot}/{recordType}/{Uri.EscapeDataString(id)}", "expandSubResources=true", allowNotFound: true, ct);

    /// <summary>The records of <paramref name="ids"/> in that order, fetched a few at a time; vanished ones are left out.</summary>
    public async Task<IReadOnlyList<JsonObject>> GetRecordsAsync(SourceTarget target, string recordType, IReadOnlyList<string> ids, CancellationToken ct)
    {
        var fetched = new JsonObject?[ids.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, ids.Count),
            new ParallelOptions { MaxDegreeOfParallelism = FetchParallelism, CancellationToken = ct },
            async (index, token) => fetched[index] = await GetRecordAsync(target, recordType, ids[index], token));
        return fetched.OfType<JsonObject>().ToList();
    }

    private async Task<JsonObject?> GetJsonAsync(SourceTarget target, string path, string query, bool allowNotFound, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, SourceUrl.Combine(target.BaseUrl, path, query));
        request.Options.Set(NetSuiteSigningHandler.LoginKey, NetSuiteLogin.From(target));
        request.Headers.Accept.ParseAdd("application/json");
        var client = httpClientFactory.CreateClient(SourceHttpClients.NetSuite);
        using var response = await SourceCall.SendAsync(client, request, SystemCatalog.NetSuite, ct);
        if (allowNotFound && response.StatusCode == HttpStatusCode.NotFound) return null;
        await SourceResponses.EnsureSuccessAsync(SystemCatalog.NetSuite, response, NetSuiteConnector.ExtractMessage, ct);
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        try
        {
            if (await JsonNode.ParseAsync(stream, cancellationToken: ct) is JsonObject json) return json;
        }
        catch (JsonException)
        {
        }
        throw new SourceUnavailableException(SystemCatalog.NetSuite, "answered with something other than a JSON object", (int)response.StatusCode);
    }
}
