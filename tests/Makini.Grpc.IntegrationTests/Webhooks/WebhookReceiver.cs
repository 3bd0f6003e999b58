using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Makini.Grpc.IntegrationTests.Infrastructure;

namespace Makini.Grpc.IntegrationTests.Webhooks;

/// <summary>A local HTTP endpoint that records every webhook POST; it can be told to fail or redirect for a while.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();

    public sealed record Received(DateTimeOffset At, string Body, string Signature, string EventId, string EventType)
    {
        public JsonObject Json => JsonNode.Parse(Body)!.AsObject();
    }

    public ConcurrentQueue<Received> Requests { get; } = new();
    /// <summary>Answered to each request while set (e.g. 503, 302); null means 200.</summary>
    public int? FailWith { get; set; }
    /// <summary>How long each answer takes, in milliseconds.</summary>
    public int DelayMs { get; set; }

    public string Url { get; }

    private int _inFlight;
    private int _maxInFlight;
    /// <summary>The most requests it was answering at once.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public WebhookReceiver()
    {
        var port = TestEnvironment.FreePort();
        Url = $"http://127.0.0.1:{port}/hooks";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            _ = Task.Run(() => AnswerAsync(context)); // concurrently, as a real receiver would
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var now = Interlocked.Increment(ref _inFlight);
        for (var max = Volatile.Read(ref _maxInFlight); now > max; max = Volatile.Read(ref _maxInFlight))
            if (Interlocked.CompareExchange(ref _maxInFlight, now, max) == max) break;
        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            if (DelayMs > 0) await Task.Delay(DelayMs);
            var status = FailWith ?? 200;
            if (status == 200)
                Requests.Enqueue(new Received(DateTimeOffset.UtcNow, body, context.Request.Headers["Makini-Signature"] ?? "",
                    context.Request.Headers["Makini-Event-Id"] ?? "", context.Request.Headers["Makini-Event-Type"] ?? ""));
            context.Response.StatusCode = status;
            if (status is >= 300 and < 400) context.Response.RedirectLocation = Url + "/elsewhere";
            var answer = Encoding.UTF8.GetBytes(status == 200 ? "ok" : new string('x', 3000));
            await context.Response.OutputStream.WriteAsync(answer);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException) { } // the sender gave up
        finally { Interlocked.Decrement(ref _inFlight); }
    }

    /// <summary>Waits until at least <paramref name="count"/> requests are being answered at once.</summary>
    public async Task WaitForInFlightAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Volatile.Read(ref _inFlight) < count)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"never {count} requests in flight within {timeout}");
            await Task.Delay(20);
        }
    }

    /// <summary>Waits until <paramref name="done"/> holds over what was received.</summary>
    public async Task<IReadOnlyList<Received>> WaitForAsync(Func<IReadOnlyList<Received>, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var snapshot = Requests.ToList();
            if (done(snapshot)) return snapshot;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"received {snapshot.Count}: {string.Join(", ", snapshot.Select(r => r.EventType))}");
            await Task.Delay(100);
        }
    }

    /// <summary>An independent check of Makini-Signature: t=..,v1=..; true when some v1 is the HMAC of "t.body" under the secret.</summary>
    public static bool Verifies(Received r, string secret, TimeSpan tolerance)
    {
        var parts = r.Signature.Split(',').Select(p => p.Split('=', 2)).ToList();
        var t = parts.FirstOrDefault(p => p[0] == "t")?[1];
        if (t is null || !long.TryParse(t, out var seconds)) return false;
        if (Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) > tolerance.TotalSeconds) return false;
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        var expected = hmac.ComputeHash(Encoding.UTF8.GetBytes(t + "." + r.Body));
        return parts.Where(p => p[0] == "v1").Any(p =>
        {
            try { return CryptographicOperations.FixedTimeEquals(Convert.FromHexString(p[1]), expected); }
            catch (FormatException) { return false; }
        });
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        _listener.Close();
        return ValueTask.CompletedTask;
    }
}
