using System.Net.Http.Json;
using System.Text.Json;

namespace Makini.Grpc.ConnectorTests.Infrastructure;

/// <summary>One emulator instance: its base URL and its control API.</summary>
public sealed class EmulatedInstance(HttpClient http, Uri baseUrl)
{
    private static readonly JsonSerializerOptions SnakeCase = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public Uri BaseUrl { get; } = baseUrl;

    public HttpClient Http { get; } = http;

    /// <summary>An absolute URL below the instance base, e.g. <c>Url("maximo/api/whoami")</c>.</summary>
    public Uri Url(string relative) => new($"{BaseUrl.AbsoluteUri.TrimEnd('/')}/{relative.TrimStart('/')}");

    public async Task<Dictionary<string, string>> GetCredentialsAsync() =>
        (await Http.GetFromJsonAsync<Dictionary<string, string>>(Url("_emulator/credentials")))!;

    public async Task<Dictionary<string, string>> SetCredentialsAsync(IReadOnlyDictionary<string, string> changes)
    {
        using var response = await Http.PostAsJsonAsync(Url("_emulator/credentials"), changes);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Dictionary<string, string>>())!;
    }

    /// <param name="stallBodyMs">With status 0: the headers and half the body at once, the rest this much later.</param>
    public async Task PlanFaultAsync(int status, int count, int delayMs = 0, int? retryAfter = null, string? method = null, int stallBodyMs = 0)
    {
        using var response = await Http.PostAsJsonAsync(Url("_emulator/faults"),
            new { status, count, delay_ms = delayMs, retry_after = retryAfter, method, stall_body_ms = stallBodyMs });
        response.EnsureSuccessStatusCode();
    }

    public async Task<IReadOnlyList<LoggedRequest>> GetRequestsAsync() =>
        (await Http.GetFromJsonAsync<List<LoggedRequest>>(Url("_emulator/requests"), SnakeCase))!;

    /// <summary>The request log once it holds <paramref name="count"/> matching entries (or after a few seconds): the emulator
    /// logs a request whose client gave up only when it notices, a moment after the client has moved on.</summary>
    public async Task<IReadOnlyList<LoggedRequest>> GetRequestsAsync(Func<LoggedRequest, bool> match, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var requests = await GetRequestsAsync();
            if (requests.Count(match) >= count || DateTime.UtcNow > deadline) return requests;
            await Task.Delay(50);
        }
    }

    public Task<string> GetRequestsJsonAsync() => Http.GetStringAsync(Url("_emulator/requests"));
}

/// <summary>One entry of <c>_emulator/requests</c>.</summary>
public sealed record LoggedRequest(string Method, string Path, string Query, DateTime Time, int Status);
