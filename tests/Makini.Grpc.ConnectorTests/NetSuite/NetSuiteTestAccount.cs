using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.NetSuite;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.Connectors.Writing;
using Microsoft.Extensions.DependencyInjection;

namespace Makini.Grpc.ConnectorTests.NetSuite;

/// <summary>A fresh emulated NetSuite account: its target, its reader, signed raw requests and the record control API.</summary>
public sealed class NetSuiteTestAccount
{
    private NetSuiteTestAccount(EmulatorFixture emulator, EmulatedInstance instance, Dictionary<string, string> credentials)
    {
        Emulator = emulator;
        Instance = instance;
        Credentials = credentials;
    }

    public EmulatorFixture Emulator { get; }

    public EmulatedInstance Instance { get; }

    public Dictionary<string, string> Credentials { get; }

    public SourceTarget Target => new(SystemCatalog.NetSuite, Deployment.Cloud, Instance.BaseUrl, Credentials);

    public IEntityReader Reader => Emulator.Services.GetRequiredService<ReaderRegistry>().Get(SystemCatalog.NetSuite);

    public IEntityWriter Writer => Emulator.Services.GetRequiredService<WriterRegistry>().Get(SystemCatalog.NetSuite);

    /// <summary>The next request is served, but its answer is held back for <paramref name="delayAfterMs"/> (a lost answer).</summary>
    public async Task PlanLostAnswerAsync(int delayAfterMs)
    {
        using var response = await Instance.Http.PostAsJsonAsync(Instance.Url("_emulator/faults"), new { status = 0, count = 1, delay_after_ms = delayAfterMs });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The one record a read returns for <paramref name="remoteId"/> (read through the reader's own paging).</summary>
    public async Task<SourceRecord> ReadOneAsync(EntityKind entity, string remoteId, DateTimeOffset changedSince) =>
        (await ReadAllAsync(entity, changedSince)).Single(r => r.RemoteId == remoteId);

    public static async Task<NetSuiteTestAccount> CreateAsync(EmulatorFixture emulator)
    {
        var instance = emulator.NewInstance("netsuite");
        return new NetSuiteTestAccount(emulator, instance, await instance.GetCredentialsAsync());
    }

    /// <summary>A GET signed like the connector signs it (fresh nonce), below services/rest/record/v1.</summary>
    public async Task<HttpResponseMessage> GetAsync(string relative)
    {
        var uri = Instance.Url($"services/rest/record/v1/{relative}");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = OAuth1Signer.CreateAuthorizationHeader(HttpMethod.Get, uri,
            new OAuth1Credentials(Credentials["consumer_key"], Credentials["consumer_secret"], Credentials["token_id"], Credentials["token_secret"]),
            NetSuiteAccount.Realm(Credentials["account_id"]), DateTimeOffset.UtcNow.ToUnixTimeSeconds(), Convert.ToHexString(RandomNumberGenerator.GetBytes(12)));
        return await Instance.Http.SendAsync(request);
    }

    public async Task<JsonObject> GetJsonAsync(string relative)
    {
        using var response = await GetAsync(relative);
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue(body);
        return JsonNode.Parse(body)!.AsObject();
    }

    public async Task<int> CountAsync(string entity) =>
        (await Instance.Http.GetFromJsonAsync<JsonObject>(Instance.Url($"_emulator/records/{entity}?limit=1")))!["total"]!.GetValue<int>();

    public async Task<IReadOnlyList<JsonObject>> AllAsync(string entity)
    {
        var body = await Instance.Http.GetFromJsonAsync<JsonObject>(Instance.Url($"_emulator/records/{entity}?limit=10000"));
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

    /// <summary>Changes the account's preferences (emulator) and the connection's credential fields alike.</summary>
    public async Task SetPreferencesAsync(string timeZone, string dateFormat)
    {
        var changes = new Dictionary<string, string> { ["time_zone"] = timeZone, ["date_format"] = dateFormat };
        await Instance.SetCredentialsAsync(changes);
        foreach (var (name, value) in changes) Credentials[name] = value;
    }

    /// <summary>Every page of a read, following the cursor.</summary>
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

    public async Task<List<string>> ReadAllKeysAsync(EntityKind entity)
    {
        var keys = new List<string>();
        string? cursor = null;
        do
        {
            var page = await Reader.ReadKeysAsync(Target, entity, cursor, CancellationToken.None);
            keys.AddRange(page.RemoteIds);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return keys;
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
