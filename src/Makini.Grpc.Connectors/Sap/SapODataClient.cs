using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Http;

namespace Makini.Grpc.Connectors.Sap;

/// <summary>One page of an OData v2 collection: its entities, <c>__count</c> when asked for, and <c>__next</c>
/// when Gateway cut the page short (server-side paging).</summary>
internal sealed record SapFeedPage(IReadOnlyList<JsonObject> Results, long? Count, string? Next);

/// <summary>GETs a collection of an S/4HANA OData v2 service as the communication user, in JSON.</summary>
internal sealed class SapODataClient(IHttpClientFactory httpClientFactory)
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
        using var response = await SourceCall.SendAsync(client, request, SystemCatalog.Sap, ct);
        await SourceResponses.EnsureSuccessAsync(SystemCatalog.Sap, response, SapErrorMessages.Extract, ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var document = await JsonNode.ParseAsync(body, cancellationToken: ct);
        if (document?["d"] is not JsonObject d || d["results"] is not JsonArray results)
            throw new SourceUnavailableException(SystemCatalog.Sap, $"answered {entitySet} without an OData v2 collection (d.results)");

        var entities = results.OfType<JsonObject>().ToList();
        results.Clear(); // detach, so each entity can be kept as the raw record on its own
        var count = long.TryParse(SapWire.Text(d["__count"]), NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : (long?)null;
        return new SapFeedPage(entities, count, SapWire.Text(d["__next"]) is { Length: > 0 } next ? next : null);
    }
}
