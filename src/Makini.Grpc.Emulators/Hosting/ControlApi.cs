using System.Text.Json;

namespace Makini.Grpc.Emulators.Hosting;

/// <summary>
/// <c>{base}/_emulator/...</c>: read and replace credentials, plan faults, read the request log.
/// Control requests are neither faulted nor logged.
/// </summary>
internal sealed class ControlApi
{
    public const string Root = "/_emulator";

    public static bool IsControlPath(PathString remainder) => remainder.StartsWithSegments(Root);

    public Task HandleAsync(HttpContext context, EmulatorInstance instance)
    {
        var request = context.Request;
        var resource = request.Path.Value![Root.Length..].Trim('/');
        if (resource.StartsWith("records/", StringComparison.Ordinal) || resource.StartsWith("generate/", StringComparison.Ordinal))
            return RecordControl.HandleAsync(context, instance, resource);
        return (resource, request.Method) switch
        {
            ("credentials", "GET") => context.Response.WriteControlAsync(200, instance.Credentials),
            ("credentials", "POST") => UpdateCredentialsAsync(context, instance),
            ("faults", "GET") => context.Response.WriteControlAsync(200, FaultView.Of(instance.Faults.Pending)),
            ("faults", "POST") => PlanFaultAsync(context, instance),
            ("faults", "DELETE") => ClearFaultsAsync(context, instance),
            ("requests", "GET") => context.Response.WriteControlAsync(200, instance.Requests.Snapshot()),
            ("requests", "DELETE") => ClearRequestsAsync(context, instance),
            ("credentials" or "faults" or "requests", _) => ErrorAsync(context, 405, $"{request.Method} is not supported on {Root}/{resource}."),
            _ => ErrorAsync(context, 404, $"Unknown control resource '{resource}'. Use credentials, faults, requests, records/{{entity}} or generate/{{entity}}."),
        };
    }

    private static async Task UpdateCredentialsAsync(HttpContext context, EmulatorInstance instance)
    {
        Dictionary<string, string>? changes;
        try
        {
            changes = await JsonSerializer.DeserializeAsync<Dictionary<string, string>>(context.Request.Body, WireJson.Control, context.RequestAborted);
        }
        catch (JsonException)
        {
            changes = null;
        }
        if (changes is null)
        {
            await ErrorAsync(context, 400, "Expected a JSON object of credential names to string values.");
            return;
        }
        var unknown = instance.UpdateCredentials(changes);
        if (unknown.Count > 0)
        {
            await ErrorAsync(context, 400, $"Unknown credential field(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", instance.Credentials.Keys)}.");
            return;
        }
        await context.Response.WriteControlAsync(200, instance.Credentials);
    }

    private static async Task PlanFaultAsync(HttpContext context, EmulatorInstance instance)
    {
        FaultView? view;
        try
        {
            view = await JsonSerializer.DeserializeAsync<FaultView>(context.Request.Body, WireJson.Control, context.RequestAborted);
        }
        catch (JsonException)
        {
            view = null;
        }
        var problem = view is null ? "Expected a JSON object like {\"status\":503,\"count\":3,\"delay_ms\":0}." : view.Problem();
        if (problem is not null)
        {
            await ErrorAsync(context, 400, problem);
            return;
        }
        var plan = new FaultPlan(view!.Status, view.Count ?? 1, view.DelayMs ?? 0, view.RetryAfter, view.DelayAfterMs ?? 0, view.Method?.ToUpperInvariant(),
            view.StallBodyMs ?? 0);
        instance.Faults.Set(plan);
        await context.Response.WriteControlAsync(200, FaultView.Of(plan));
    }

    private static Task ClearFaultsAsync(HttpContext context, EmulatorInstance instance)
    {
        instance.Faults.Clear();
        return context.Response.WriteControlAsync(200, FaultView.Of(null));
    }

    private static Task ClearRequestsAsync(HttpContext context, EmulatorInstance instance)
    {
        instance.Requests.Clear();
        return context.Response.WriteControlAsync(200, Array.Empty<RequestLogEntry>());
    }

    internal static Task ErrorAsync(HttpContext context, int status, string message) =>
        context.Response.WriteControlAsync(status, new { error = message });

    /// <summary>The JSON shape of a fault plan, both in requests and in answers (count = still pending).</summary>
    private sealed record FaultView(int Status, int? Count, int? DelayMs, int? RetryAfter, int? DelayAfterMs = null, string? Method = null,
        int? StallBodyMs = null)
    {
        public static FaultView Of(FaultPlan? plan) =>
            plan is null ? new FaultView(0, 0, 0, null)
                : new FaultView(plan.Status, plan.Count, plan.DelayMs, plan.RetryAfter, plan.DelayAfterMs, plan.Method, plan.StallBodyMs);

        public string? Problem() => this switch
        {
            { Status: not 0 and (< 400 or > 599) } => "status must be 0 (delay only) or an HTTP error status 400-599.",
            { Count: < 1 or > 100_000 } => "count must be between 1 and 100000.",
            { DelayMs: < 0 or > 120_000 } => "delay_ms must be between 0 and 120000.",
            { DelayAfterMs: < 0 or > 120_000 } => "delay_after_ms must be between 0 and 120000.",
            { Status: not 0, DelayAfterMs: > 0 } => "delay_after_ms goes with status 0: the request is served, only its answer is late.",
            { StallBodyMs: < 0 or > 120_000 } => "stall_body_ms must be between 0 and 120000.",
            { Status: not 0, StallBodyMs: > 0 } => "stall_body_ms goes with status 0: the request is served, its answer breaks off half way.",
            { DelayAfterMs: > 0, StallBodyMs: > 0 } => "delay_after_ms and stall_body_ms do not go together.",
            { RetryAfter: < 0 } => "retry_after must not be negative.",
            { Method: { } m } when m.ToUpperInvariant() is not ("GET" or "POST" or "PATCH" or "PUT" or "DELETE" or "MERGE") =>
                "method must be one of GET, POST, PATCH, PUT, DELETE, MERGE.",
            _ => null,
        };
    }
}
