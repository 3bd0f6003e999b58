using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.Connectors.Writing;
using Microsoft.Extensions.DependencyInjection;

namespace Makini.Grpc.ConnectorTests.UpKeep;

/// <summary>An UpKeep emulator instance with the writer and reader, for write tests.</summary>
internal sealed class UpKeepWriting(EmulatedInstance instance, SourceTarget target, IServiceProvider services)
{
    public EmulatedInstance Instance { get; } = instance;

    public SourceTarget Target { get; } = target;

    public IEntityWriter Writer { get; } = services.GetRequiredService<WriterRegistry>().Get(SystemCatalog.UpKeep);

    public IEntityReader Reader { get; } = services.GetRequiredService<ReaderRegistry>().Get(SystemCatalog.UpKeep);

    public static async Task<UpKeepWriting> NewAsync(EmulatorFixture emulator, IServiceProvider? services = null)
    {
        var instance = emulator.NewInstance("upkeep");
        var credentials = await instance.GetCredentialsAsync();
        return new UpKeepWriting(instance, new SourceTarget(SystemCatalog.UpKeep, Deployment.Cloud, instance.BaseUrl, credentials), services ?? emulator.Services);
    }

    /// <summary>Connectors with a 1 s attempt timeout, for answers held back by the emulator.</summary>
    public static ServiceProvider ImpatientConnectors() =>
        new ServiceCollection()
            .AddSourceConnectors(http =>
            {
                http.RetryBaseDelay = TimeSpan.FromMilliseconds(20);
                http.MaxRetryDelay = TimeSpan.FromMilliseconds(200);
                http.AttemptTimeout = TimeSpan.FromSeconds(1);
                http.TotalTimeout = TimeSpan.FromSeconds(10);
            })
            .BuildServiceProvider();

    public static string NewKey() => "mk-" + Guid.NewGuid().ToString("N");

    public static WriteRequest Create(EntityKind entity, IMessage record, JsonObject? remoteFields = null) =>
        new(entity, WriteKind.Create, null, record, [], remoteFields ?? new JsonObject(), null, NewKey());

    public static WriteRequest Update(EntityKind entity, string remoteId, IMessage record, string[] mask, string? etag = null, JsonObject? remoteFields = null) =>
        new(entity, WriteKind.Update, remoteId, record, mask, remoteFields ?? new JsonObject(), etag, NewKey());

    public static WriteRequest Delete(EntityKind entity, string remoteId) =>
        new(entity, WriteKind.Delete, remoteId, null, [], new JsonObject(), null, NewKey());

    public static WriteRequest Adjust(string remoteId, string? delta, string? newQuantity, string location = "") =>
        new(EntityKind.InventoryItem, WriteKind.Adjust, remoteId, null, [], new JsonObject(), null, NewKey(),
            new InventoryAdjustment(location, delta, newQuantity, "cycle count"));

    public Task<WriteResult> WriteAsync(WriteRequest request) => Writer.WriteAsync(Target, request, CancellationToken.None);

    /// <summary>What a sync reads for this record now (an incremental read from a minute ago).</summary>
    public async Task<SourceRecord> ReadAsync(EntityKind entity, string remoteId)
    {
        string? cursor = null;
        do
        {
            var page = await Reader.ReadPageAsync(Target, entity, DateTimeOffset.UtcNow.AddMinutes(-1), cursor, CancellationToken.None);
            if (page.Records.LastOrDefault(r => r.RemoteId == remoteId) is { } found) return found;
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        throw new InvalidOperationException($"{remoteId} was not read back.");
    }

    public async Task<JsonObject?> NativeAsync(string entity, string id)
    {
        using var response = await Instance.Http.GetAsync(Instance.Url($"_emulator/records/{entity}/{id}"));
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonObject>() : null;
    }

    public async Task<JsonObject> FirstAsync(string entity, Func<JsonObject, bool> matches)
    {
        var page = await Instance.Http.GetFromJsonAsync<JsonObject>(Instance.Url($"_emulator/records/{entity}?limit=1000"));
        return page!["records"]!.AsArray().Select(r => r!["record"]!.AsObject()).First(matches);
    }

    public async Task<int> CountAsync(string entity) =>
        (await Instance.Http.GetFromJsonAsync<JsonObject>(Instance.Url($"_emulator/records/{entity}?limit=1")))!["total"]!.GetValue<int>();

    public async Task HoldNextAnswerAsync(int delayAfterMs)
    {
        using var response = await Instance.Http.PostAsJsonAsync(Instance.Url("_emulator/faults"), new { status = 0, count = 1, delay_after_ms = delayAfterMs });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>A session for raw calls.</summary>
    public async Task<string> LogInAsync()
    {
        using var response = await Instance.Http.PostAsJsonAsync(Instance.Url("api/v2/auth"),
            new { email = Target.Credential("email"), password = Target.Credential("password") });
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["result"]!["sessionToken"]!.GetValue<string>();
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string relative, JsonObject? body = null)
    {
        using var request = new HttpRequestMessage(method, Instance.Url(relative));
        request.Headers.Add("Session-Token", await LogInAsync());
        if (body is not null) request.Content = JsonContent.Create(body);
        return await Instance.Http.SendAsync(request);
    }
}
