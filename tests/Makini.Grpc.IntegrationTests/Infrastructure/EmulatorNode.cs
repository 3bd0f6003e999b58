using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Makini.Grpc.IntegrationTests.Infrastructure;

/// <summary>The emulators process. Each test works in its own instance (e.g. <c>/sap-ab12cd</c>), so tests can
/// change credentials and inject faults without disturbing each other.</summary>
public sealed class EmulatorNode : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private EmulatorNode(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public int Port { get; }
    public HttpClient Http { get; }

    public static async Task<EmulatorNode> StartAsync()
    {
        var port = TestEnvironment.FreePort();
        var process = ChildProcess.Start("dotnet", [TestEnvironment.EmulatorsDll, "--urls", $"http://127.0.0.1:{port}"],
            new Dictionary<string, string>());
        await process.WaitForPortAsync(port, TimeSpan.FromSeconds(60));
        return new EmulatorNode(process, port);
    }

    /// <summary>A fresh instance of a system's emulator: its base URL, for CompleteLink.base_url.</summary>
    public EmulatorInstance NewInstance(string system) =>
        new(this, $"{system}-{Guid.NewGuid().ToString("N")[..12]}");

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _process.DisposeAsync();
    }
}

public sealed record EmulatorInstance(EmulatorNode Node, string Path)
{
    public string BaseUrl => $"http://127.0.0.1:{Node.Port}/{Path}";

    public async Task<Dictionary<string, string>> CredentialsAsync()
    {
        var json = await Node.Http.GetFromJsonAsync<Dictionary<string, JsonElement>>($"{Path}/_emulator/credentials");
        return json!.Where(kv => kv.Value.ValueKind == JsonValueKind.String && kv.Value.GetString()!.Length > 0)
            .ToDictionary(kv => kv.Key, kv => kv.Value.GetString()!);
    }

    public async Task SetCredentialsAsync(IReadOnlyDictionary<string, string> credentials)
    {
        var response = await Node.Http.PostAsJsonAsync($"{Path}/_emulator/credentials", credentials);
        response.EnsureSuccessStatusCode();
    }

    public async Task FaultAsync(int status, int count, int delayMs = 0)
    {
        var response = await Node.Http.PostAsJsonAsync($"{Path}/_emulator/faults", new { status, count, delay_ms = delayMs });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The next <paramref name="count"/> requests of one HTTP method fail with <paramref name="status"/> and a
    /// Retry-After of <paramref name="retryAfterSeconds"/>.</summary>
    public async Task FaultAsync(int status, int count, string method, int retryAfterSeconds)
    {
        var response = await Node.Http.PostAsJsonAsync($"{Path}/_emulator/faults", new { status, count, method, retry_after = retryAfterSeconds });
        response.EnsureSuccessStatusCode();
    }

    public async Task ClearFaultsAsync() => (await Node.Http.DeleteAsync($"{Path}/_emulator/faults")).EnsureSuccessStatusCode();

    public async Task<JsonArray> RequestsAsync() =>
        (JsonArray)JsonNode.Parse(await Node.Http.GetStringAsync($"{Path}/_emulator/requests"))!;
}
