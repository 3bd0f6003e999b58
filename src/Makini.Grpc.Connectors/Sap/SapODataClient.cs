using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Http;

namespace Makini.Grpc.Connectors.Sap;

/// <summary>One page of an OData v2 collection: its entities, <c>__count</c> when asked for, and <c>__next</c>
/// when Gateway cut the page short (server-side paging). The entities and their raw bytes are views into the page's
/// pooled buffer, valid until the page is disposed.</summary>
internal sealed class SapFeedPage(PooledJson body, IReadOnlyList<JsonElement> results, long? count, string? next) : IDisposable
{
    public IReadOnlyList<JsonElement> Results { get; } = results;
    public long? Count { get; } = count;
    public string? Next { get; } = next;

    /// <summary>An entity's JSON as Gateway sent it.</summary>
    public ReadOnlyMemory<byte> RawOf(JsonElement entity) => body.RawOf(entity);

    public void Dispose() => body.Dispose();
}

/// <summary>GETs a collection of an S/4HANA OData v2 service as the communication user, in JSON.</summary>
/// <param name="bodyTimeout">How long a collection's body may take to arrive once its headers did.</param>
internal sealed class SapODataClient(IHttpClientFactory httpClientFactory, TimeSpan bodyTimeout)
{
    /// <summary>One entity (<c>{"d":{...}}</c>) by its resource path, e.g. <c>A_PurchaseOrder('4500000001')</c>; null on 404.</summary>
    public async Task<JsonObject?> GetEntityAsync(SourceTarget target, string service, string resource, string? expand, CancellationToken ct)
    {
        CredentialGuard.Require(target, SystemCatalog.Sap);
        var query = (expand is null ? "" : $"$expand={Uri.EscapeDataString(expand)}&") + "$format=json";
        var uri = SourceUrl.Combine(target.BaseUrl, $"sap/opu/odata/sap/{service}/{resource}", SapConnector.WithClient(query, target));
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = SapConnector.BasicAuthorization(target.Credential("username"), target.Credential("password"));
        request.Headers.Accept.ParseAdd("application/json");

        var client = httpClientFactory.CreateClient(SourceHttpClients.Sap);
        using var response = await SourceCall.SendAsync(client, request, SystemCatalog.Sap, ct);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return null;
        await SourceResponses.EnsureSuccessAsync(SystemCatalog.Sap, response, SapErrorMessages.Extract, ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var document = await JsonNode.ParseAsync(body, cancellationToken: ct);
        if (document?["d"] is not JsonObject entity)
            throw new SourceUnavailableException(SystemCatalog.Sap, $"answered {resource} without an OData v2 entity (d)");
        document.AsObject().Remove("d"); // detach, so the entity can be kept as the raw record
        return entity;
    }

    public async Task<SapFeedPage> GetFeedAsync(SourceTarget target, string service, string entitySet,
        IEnumerable<(string Name, string Value)> options, CancellationToken ct)
    {
        CredentialGuard.Require(target, SystemCatalog.Sap);
        var query = new StringBuilder();
        foreach (var (name, value) in options.Append(("$format", "json")))
            query.Append(query.Length == 0 ? "" : "&").Append(name).Append('=').Append(Uri.EscapeDataString(value));
        var uri = SourceUrl.Combine(target.BaseUrl, $"sap/opu/odata/sap/{service}/{entitySet}", SapConnector.WithClient(query.ToString(), target));
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = SapConnector.BasicAuthorization(target.Credential("username"), target.Credential("password"));
        request.Headers.Accept.ParseAdd("application/json");

        var client = httpClientFactory.CreateClient(SourceHttpClients.Sap);
        // The body is read once, into the pooled buffer: buffered by HttpClient first, a 2.6 MB page went through a
        // stream that grew by doubling (each step a large-object allocation and a copy) and was then copied again.
        using var response = await SourceCall.SendAsync(client, request, SystemCatalog.Sap, ct, HttpCompletionOption.ResponseHeadersRead);
        await SourceResponses.EnsureSuccessAsync(SystemCatalog.Sap, response, SapErrorMessages.Extract, ct);
        // A document, not nodes: a page of 500 orders is 4 MB, and mapping reads a few fields of each entity where
        // nodes would build a dictionary of every property (and re-serialize the whole entity as its raw record).
        var body = await PooledJson.ReadAsync(response.Content, SystemCatalog.Sap, bodyTimeout, ct);
        try
        {
            var d = body.Root.Field("d");
            if (d.Field("results") is not { ValueKind: JsonValueKind.Array } results)
                throw new SourceUnavailableException(SystemCatalog.Sap, $"answered {entitySet} without an OData v2 collection (d.results)");
            var entities = results.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).ToList();
            var count = long.TryParse(SapWire.Text(d.Field("__count")), NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : (long?)null;
            return new SapFeedPage(body, entities, count, SapWire.Text(d.Field("__next")) is { Length: > 0 } next ? next : null);
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }
}
