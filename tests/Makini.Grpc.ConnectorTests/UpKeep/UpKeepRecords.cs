using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Reading;
using Microsoft.Extensions.DependencyInjection;

namespace Makini.Grpc.ConnectorTests.UpKeep;

/// <summary>An UpKeep emulator instance with its reader and control API, for reader tests.</summary>
internal sealed class UpKeepRecords(EmulatorFixture emulator, EmulatedInstance instance, SourceTarget target)
{
    public EmulatedInstance Instance { get; } = instance;

    public SourceTarget Target { get; } = target;

    public IEntityReader Reader { get; } = emulator.Services.GetRequiredService<ReaderRegistry>().Get(SystemCatalog.UpKeep);

    public static async Task<UpKeepRecords> NewAsync(EmulatorFixture emulator)
    {
        var instance = emulator.NewInstance("upkeep");
        var credentials = await instance.GetCredentialsAsync();
        return new UpKeepRecords(emulator, instance, new SourceTarget(SystemCatalog.UpKeep, Deployment.Cloud, instance.BaseUrl, credentials));
    }

    public async Task<List<JsonObject>> AllNativeAsync(string entity)
    {
        var body = await Instance.Http.GetFromJsonAsync<JsonObject>(Instance.Url($"_emulator/records/{entity}?limit=10000"));
        return body!["records"]!.AsArray().Select(r => r!["record"]!.AsObject()).ToList();
    }

    public async Task<int> CountAsync(string entity) =>
        (await Instance.Http.GetFromJsonAsync<JsonObject>(Instance.Url($"_emulator/records/{entity}?limit=1")))!["total"]!.GetValue<int>();

    public async Task PatchAsync(string entity, string key, JsonObject fields)
    {
        using var response = await Instance.Http.PatchAsJsonAsync(Instance.Url($"_emulator/records/{entity}/{key}"), fields);
        response.EnsureSuccessStatusCode();
    }

    public async Task CreateAsync(string entity, JsonObject record)
    {
        using var response = await Instance.Http.PostAsJsonAsync(Instance.Url($"_emulator/records/{entity}"), record);
        response.EnsureSuccessStatusCode();
    }

    public async Task DeleteAsync(string entity, string key)
    {
        using var response = await Instance.Http.DeleteAsync(Instance.Url($"_emulator/records/{entity}/{key}"));
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
        while (cursor is not null && pages < 100);
        return records;
    }

    public async Task<List<string>> ReadKeysAsync(EntityKind entity)
    {
        var keys = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await Reader.ReadKeysAsync(Target, entity, cursor, CancellationToken.None);
            keys.AddRange(page.RemoteIds);
            cursor = page.NextCursor;
        }
        while (cursor is not null && ++pages < 100);
        return keys;
    }
}
