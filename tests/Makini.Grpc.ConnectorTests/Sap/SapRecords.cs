using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Reading;
using Microsoft.Extensions.DependencyInjection;

namespace Makini.Grpc.ConnectorTests.Sap;

/// <summary>An SAP emulator instance with its reader and control API, for reader tests.</summary>
internal sealed class SapRecords(EmulatorFixture emulator, EmulatedInstance instance, SourceTarget target)
{
    public EmulatedInstance Instance { get; } = instance;

    public SourceTarget Target { get; } = target;

    public IEntityReader Reader { get; } = emulator.Services.GetRequiredService<ReaderRegistry>().Get(SystemCatalog.Sap);

    public static async Task<SapRecords> NewAsync(EmulatorFixture emulator)
    {
        var instance = emulator.NewInstance("sap");
        var credentials = await instance.GetCredentialsAsync();
        return new SapRecords(emulator, instance, new SourceTarget(SystemCatalog.Sap, Deployment.Cloud, instance.BaseUrl, credentials));
    }

    public async Task<int> CountAsync(string entity) =>
        (await Instance.Http.GetFromJsonAsync<JsonObject>(Instance.Url($"_emulator/records/{entity}?limit=1")))!["total"]!.GetValue<int>();

    public async Task<JsonObject> GetAsync(string entity, string key) =>
        (await Instance.Http.GetFromJsonAsync<JsonObject>(Instance.Url($"_emulator/records/{entity}/{Uri.EscapeDataString(key)}")))!;

    public async Task<JsonObject> PatchAsync(string entity, string key, JsonObject fields)
    {
        using var response = await Instance.Http.PatchAsJsonAsync(Instance.Url($"_emulator/records/{entity}/{Uri.EscapeDataString(key)}"), fields);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public async Task<JsonObject> CreateAsync(string entity, JsonObject record)
    {
        using var response = await Instance.Http.PostAsJsonAsync(Instance.Url($"_emulator/records/{entity}"), record);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

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

    /// <summary>Every page of a read; <paramref name="betweenPages"/> runs after each page but the last.</summary>
    public async Task<List<SourceRecord>> ReadAllAsync(EntityKind entity, DateTimeOffset? changedSince = null, Func<int, Task>? betweenPages = null)
    {
        var records = new List<SourceRecord>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await Reader.ReadPageAsync(Target, entity, changedSince, cursor, CancellationToken.None);
            records.AddRange(page.Records);
            cursor = page.NextCursor;
            pages++;
            if (cursor is not null && betweenPages is not null) await betweenPages(pages);
        }
        while (cursor is not null);
        return records;
    }

    public async Task<List<string>> ReadKeysAsync(EntityKind entity)
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

    /// <summary>The queries the instance received, decoded, oldest first.</summary>
    public async Task<List<string>> QueriesAsync() =>
        (await Instance.GetRequestsAsync()).Select(r => Uri.UnescapeDataString(r.Query)).ToList();
}
