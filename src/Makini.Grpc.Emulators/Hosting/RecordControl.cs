using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.Hosting;

/// <summary>
/// <c>{base}/_emulator/records/{entity}[/{key}]</c> and <c>{base}/_emulator/generate/{entity}</c>: a user working in
/// the source system, in the system's own JSON. Entities use the unified names (purchase_order, work_order,
/// inventory_item, vendor, asset); keys are the system's own.
/// </summary>
internal static class RecordControl
{
    public static Task HandleAsync(HttpContext context, EmulatorInstance instance, string resource)
    {
        var parts = resource.Split('/', 3);
        if (!instance.Records.TryGet(parts[1], out var set))
        {
            return ControlApi.ErrorAsync(context, 404,
                $"This system keeps no '{parts[1]}' records. Entities: {string.Join(", ", instance.Records.Entities)}.");
        }
        var now = instance.Time.GetUtcNow();
        var method = context.Request.Method;
        if (parts[0] == "generate")
            return method == "POST" ? GenerateAsync(context, set, now) : ControlApi.ErrorAsync(context, 405, "Use POST.");
        if (parts.Length == 2)
        {
            return method switch
            {
                "GET" => ListAsync(context, set),
                "POST" => UpsertAsync(context, set, now),
                _ => ControlApi.ErrorAsync(context, 405, "Use GET or POST on records/{entity}."),
            };
        }
        var key = Uri.UnescapeDataString(parts[2]);
        return method switch
        {
            "GET" => set.Get(key) is { } record
                ? context.Response.WriteJsonAsync(200, record)
                : ControlApi.ErrorAsync(context, 404, $"No {set.Kind.Entity} with key '{key}'."),
            "PATCH" => PatchAsync(context, set, key, now),
            "DELETE" => set.Delete(key)
                ? context.Response.WriteControlAsync(200, new { deleted = key })
                : ControlApi.ErrorAsync(context, 404, $"No {set.Kind.Entity} with key '{key}'."),
            _ => ControlApi.ErrorAsync(context, 405, "Use GET, PATCH or DELETE on records/{entity}/{key}."),
        };
    }

    private static Task ListAsync(HttpContext context, RecordSet set)
    {
        var offset = IntQuery(context, "offset", 0);
        var limit = Math.Clamp(IntQuery(context, "limit", 100), 1, 10_000);
        var (page, total) = set.Page(offset, limit);
        var body = new JsonObject
        {
            ["total"] = total,
            ["offset"] = offset,
            ["records"] = new JsonArray(page.Select(r => (JsonNode)new JsonObject
            {
                ["key"] = set.Kind.KeyOf(r),
                ["record"] = r,
            }).ToArray()),
        };
        return context.Response.WriteJsonAsync(200, body);
    }

    private static async Task UpsertAsync(HttpContext context, RecordSet set, DateTimeOffset now)
    {
        if (await ReadObjectAsync(context) is not { } native) return;
        if (set.Kind.KeyOf(native) is null)
        {
            await ControlApi.ErrorAsync(context, 400, $"The {set.Kind.Entity} record lacks its key field.");
            return;
        }
        await context.Response.WriteJsonAsync(200, set.Upsert(native, now));
    }

    private static async Task PatchAsync(HttpContext context, RecordSet set, string key, DateTimeOffset now)
    {
        if (await ReadObjectAsync(context) is not { } fields) return;
        if (set.Patch(key, fields, now) is { } patched) await context.Response.WriteJsonAsync(200, patched);
        else await ControlApi.ErrorAsync(context, 404, $"No {set.Kind.Entity} with key '{key}'.");
    }

    private static Task GenerateAsync(HttpContext context, RecordSet set, DateTimeOffset now)
    {
        var count = Math.Clamp(IntQuery(context, "count", 100), 1, 1_000_000);
        var seed = IntQuery(context, "seed", 1);
        var added = set.Generate(count, seed, now);
        return context.Response.WriteControlAsync(200, new { added, total = set.Count });
    }

    private static async Task<JsonObject?> ReadObjectAsync(HttpContext context)
    {
        try
        {
            if (await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) is JsonObject o) return o;
        }
        catch (JsonException) { }
        await ControlApi.ErrorAsync(context, 400, "Expected a JSON object in the system's native record shape.");
        return null;
    }

    private static int IntQuery(HttpContext context, string name, int fallback) =>
        int.TryParse(context.Request.Query[name], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0 ? v : fallback;
}
