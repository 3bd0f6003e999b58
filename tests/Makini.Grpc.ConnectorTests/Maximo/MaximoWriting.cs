using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.Connectors.Writing;
using Microsoft.Extensions.DependencyInjection;

namespace Makini.Grpc.ConnectorTests.Maximo;

/// <summary>A Maximo emulator instance with the writer and reader, for write tests.</summary>
internal sealed class MaximoWriting(EmulatedInstance instance, SourceTarget target, IServiceProvider services)
{
    public EmulatedInstance Instance { get; } = instance;

    public SourceTarget Target { get; } = target;

    public IEntityWriter Writer { get; } = services.GetRequiredService<WriterRegistry>().Get(SystemCatalog.Maximo);

    public IEntityReader Reader { get; } = services.GetRequiredService<ReaderRegistry>().Get(SystemCatalog.Maximo);

    public static async Task<MaximoWriting> NewAsync(EmulatorFixture emulator, IServiceProvider? services = null, bool withSite = true)
    {
        var instance = emulator.NewInstance("maximo");
        var credentials = await instance.GetCredentialsAsync();
        if (!withSite) credentials = await instance.SetCredentialsAsync(new Dictionary<string, string> { ["site_id"] = "" });
        return new MaximoWriting(instance, new SourceTarget(SystemCatalog.Maximo, Deployment.OnPrem, instance.BaseUrl, credentials),
            services ?? emulator.Services);
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

    public static WriteRequest Create(EntityKind entity, IMessage record, string? key = null, JsonObject? remoteFields = null) =>
        new(entity, WriteKind.Create, null, record, [], remoteFields ?? new JsonObject(), null, key ?? NewKey());

    public static WriteRequest Update(EntityKind entity, string remoteId, IMessage record, string[] mask, string? etag = null, JsonObject? remoteFields = null) =>
        new(entity, WriteKind.Update, remoteId, record, mask, remoteFields ?? new JsonObject(), etag, NewKey());

    public static WriteRequest Adjust(string remoteId, string? delta, string? newQuantity, string location = "", string? key = null) =>
        new(EntityKind.InventoryItem, WriteKind.Adjust, remoteId, null, [], new JsonObject(), null, key ?? NewKey(),
            new InventoryAdjustment(location, delta, newQuantity, "cycle count"));

    public Task<WriteResult> WriteAsync(WriteRequest request) => Writer.WriteAsync(Target, request, CancellationToken.None);

    /// <summary>What a sync reads for this record now: an incremental read from a minute ago finds every fresh write;
    /// <paramref name="everything"/> reads all records.</summary>
    public async Task<SourceRecord> ReadAsync(EntityKind entity, string remoteId, bool everything = false)
    {
        string? cursor = null;
        DateTimeOffset? since = everything ? null : DateTimeOffset.UtcNow.AddMinutes(-1);
        do
        {
            var page = await Reader.ReadPageAsync(Target, entity, since, cursor, CancellationToken.None);
            if (page.Records.LastOrDefault(r => r.RemoteId == remoteId) is { } found) return found;
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        throw new InvalidOperationException($"{remoteId} was not read back.");
    }

    /// <summary>The native record through the emulator's control API; null when it does not exist.</summary>
    public async Task<JsonObject?> NativeAsync(string entity, string key)
    {
        using var response = await Instance.Http.GetAsync(Instance.Url($"_emulator/records/{entity}/{key}"));
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonObject>() : null;
    }

    public async Task<int> CountAsync(string entity) =>
        (await Instance.Http.GetFromJsonAsync<JsonObject>(Instance.Url($"_emulator/records/{entity}?limit=1")))!["total"]!.GetValue<int>();

    /// <summary>The next request is served, but its answer is held back for <paramref name="delayAfterMs"/>.</summary>
    public async Task HoldNextAnswerAsync(int delayAfterMs)
    {
        using var response = await Instance.Http.PostAsJsonAsync(Instance.Url("_emulator/faults"), new { status = 0, count = 1, delay_after_ms = delayAfterMs });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>A first demo record of an entity matching a condition, through the control API.</summary>
    public async Task<JsonObject> FirstAsync(string entity, Func<JsonObject, bool> matches)
    {
        var page = await Instance.Http.GetFromJsonAsync<JsonObject>(Instance.Url($"_emulator/records/{entity}?limit=1000"));
        return page!["records"]!.AsArray().OfType<JsonObject>().Select(r => r["record"]!.AsObject()).First(matches);
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string relative, JsonObject? body = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, Instance.Url(relative));
        request.Headers.Add("apikey", Target.Credential("api_key"));
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        if (body is not null) request.Content = JsonContent.Create(body);
        return await Instance.Http.SendAsync(request);
    }

}
