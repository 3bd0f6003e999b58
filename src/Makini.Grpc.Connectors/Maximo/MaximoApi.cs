using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Http;

namespace Makini.Grpc.Connectors.Maximo;

/// <summary>One page of a collection query: its members and whether responseInfo names a nextPage.</summary>
internal sealed record MaximoCollection(IReadOnlyList<JsonObject> Members, bool HasNextPage);

/// <summary>GETs against Maximo's REST/JSON API with the API key, turning failures into the connector exceptions.</summary>
internal sealed class MaximoApi(IHttpClientFactory httpClientFactory)
{
    /// <summary><c>GET maximo/api/os/{objectStructure}?lean=1&amp;…</c>; <paramref name="parameters"/> are unescaped.</summary>
    public async Task<MaximoCollection> QueryAsync(SourceTarget target, string objectStructure, IEnumerable<(string Name, string Value)> parameters,
        CancellationToken ct)
    {
        var query = string.Join('&', parameters.Prepend((Name: "lean", Value: "1")).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value)}"));
        var body = await GetAsync(target, $"maximo/api/os/{objectStructure}", query, ct);
        var members = body["member"] is JsonArray array ? array.OfType<JsonObject>().ToList() : [];
        var hasNext = body["responseInfo"]?["nextPage"] is JsonObject;
        return new MaximoCollection(members, hasNext);
    }

    public async Task<JsonObject> GetAsync(SourceTarget target, string path, string query, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, SourceUrl.Combine(target.BaseUrl, path, query));
        request.Headers.Add("apikey", target.Credential("api_key"));
        request.Headers.Accept.ParseAdd("application/json");
        var client = httpClientFactory.CreateClient(SourceHttpClients.Maximo);
        using var response = await SourceCall.SendAsync(client, request, SystemCatalog.Maximo, ct);
        await SourceResponses.EnsureSuccessAsync(SystemCatalog.Maximo, response, MaximoConnector.ExtractMessage, ct, MaximoConnector.IsRejection);
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            if (await JsonNode.ParseAsync(stream, cancellationToken: ct) is JsonObject json) return json;
        }
        catch (JsonException)
        {
        }
        throw new SourceUnavailableException(SystemCatalog.Maximo, "answered with a body that is not Maximo JSON", (int)response.StatusCode);
    }
}
