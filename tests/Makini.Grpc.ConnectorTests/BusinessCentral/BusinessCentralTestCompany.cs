using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.BusinessCentral;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.Connectors.Writing;
using Microsoft.Extensions.DependencyInjection;
using Deployment = Makini.Grpc.Connectors.Catalog.Deployment;

namespace Makini.Grpc.ConnectorTests.BusinessCentral;

/// <summary>A fresh emulated Business Central company: its target, its reader, raw API calls and the record control API.</summary>
public sealed class BusinessCentralTestCompany
{
    private BusinessCentralTestCompany(EmulatorFixture emulator, EmulatedInstance instance, Dictionary<string, string> credentials)
    {
        Emulator = emulator;
        Instance = instance;
        Credentials = credentials;
    }

    public EmulatorFixture Emulator { get; }

    public EmulatedInstance Instance { get; }

    public Dictionary<string, string> Credentials { get; }

    public SourceTarget Target => new(SystemCatalog.BusinessCentral, Deployment.Cloud, Instance.BaseUrl, Credentials);

    public IEntityReader Reader => Emulator.Services.GetRequiredService<ReaderRegistry>().Get(SystemCatalog.BusinessCentral);

    public IEntityWriter Writer => Emulator.Services.GetRequiredService<WriterRegistry>().Get(SystemCatalog.BusinessCentral);

    /// <summary>The next request is served, but its answer is held back for <paramref name="delayAfterMs"/> (a lost answer).</summary>
    public async Task PlanLostAnswerAsync(int delayAfterMs)
    {
        using var response = await Instance.Http.PostAsJsonAsync(Instance.Url("_emulator/faults"), new { status = 0, count = 1, delay_after_ms = delayAfterMs });
        response.EnsureSuccessStatusCode();
    }

    public static async Task<BusinessCentralTestCompany> CreateAsync(EmulatorFixture emulator)
    {
        var instance = emulator.NewInstance("bc");
        return new BusinessCentralTestCompany(emulator, instance, await instance.GetCredentialsAsync());
    }

    /// <summary>A GET below the company (e.g. "vendors?$top=1") with a fresh token; the response is the caller's.</summary>
    public async Task<HttpResponseMessage> GetAsync(string relative, int? maxPageSize = null)
    {
        var tokens = Emulator.Services.GetRequiredService<BusinessCentralTokenProvider>();
        var token = await tokens.GetTokenAsync(Instance.BaseUrl,
            new BusinessCentralClientCredentials(Credentials["tenant_id"], Credentials["client_id"], Credentials["client_secret"]), CancellationToken.None);
        using var request = new HttpRequestMessage(HttpMethod.Get, CompanyUrl(relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        if (maxPageSize is { } size) request.Headers.TryAddWithoutValidation("Prefer", $"odata.maxpagesize={size}");
        return await Instance.Http.SendAsync(request);
    }

    public async Task<JsonObject> GetJsonAsync(string relative, int? maxPageSize = null)
    {
        using var response = await GetAsync(relative, maxPageSize);
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue(body);
        return JsonNode.Parse(body)!.AsObject();
    }

    public Uri CompanyUrl(string relative) =>
        Instance.Url($"v2.0/{Credentials["tenant_id"]}/{Credentials["environment"]}/api/v2.0/companies({Credentials["company_id"]})/{relative}");

    public async Task<int> CountAsync(string entity) =>
        (await Instance.Http.GetFromJsonAsync<JsonObject>(Instance.Url($"_emulator/records/{entity}?limit=1")))!["total"]!.GetValue<int>();

    public async Task<IReadOnlyList<JsonObject>> AllAsync(string entity)
    {
        var body = await Instance.Http.GetFromJsonAsync<JsonObject>(Instance.Url($"_emulator/records/{entity}?limit=100000"));
        return body!["records"]!.AsArray().Select(r => r!["record"]!.AsObject()).ToList();
    }

    public Task<JsonObject> UpsertAsync(string entity, JsonObject record) => SendControlAsync(HttpMethod.Post, $"records/{entity}", record);

    public Task<JsonObject> PatchAsync(string entity, string key, JsonObject fields) =>
        SendControlAsync(HttpMethod.Patch, $"records/{entity}/{Uri.EscapeDataString(key)}", fields);

    public async Task DeleteAsync(string entity, string key)
    {
        using var response = await Instance.Http.DeleteAsync(Instance.Url($"_emulator/records/{entity}/{Uri.EscapeDataString(key)}"));
        response.EnsureSuccessStatusCode();
    }

    public async Task GenerateAsync(string entity, int count, int seed)
    {
        using var response = await Instance.Http.PostAsync(Instance.Url($"_emulator/generate/{entity}?count={count}&seed={seed}"), null);
        response.EnsureSuccessStatusCode();
    }

    public async Task<List<SourceRecord>> ReadAllAsync(EntityKind entity, DateTimeOffset? changedSince = null)
    {
        var records = new List<SourceRecord>();
        string? cursor = null;
        do
        {
            var page = await Reader.ReadPageAsync(Target, entity, changedSince, cursor, CancellationToken.None);
            records.AddRange(page.Records);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return records;
    }

    public async Task<(List<string> Keys, int Pages)> ReadAllKeysAsync(EntityKind entity)
    {
        var keys = new List<string>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var page = await Reader.ReadKeysAsync(Target, entity, cursor, CancellationToken.None);
            keys.AddRange(page.RemoteIds);
            pages++;
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return (keys, pages);
    }

    private async Task<JsonObject> SendControlAsync(HttpMethod method, string resource, JsonObject body)
    {
        using var request = new HttpRequestMessage(method, Instance.Url($"_emulator/{resource}"))
        {
            Content = new StringContent(body.ToJsonString(), new MediaTypeHeaderValue("application/json")),
        };
        using var response = await Instance.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue(text);
        return JsonNode.Parse(text)!.AsObject();
    }
}
