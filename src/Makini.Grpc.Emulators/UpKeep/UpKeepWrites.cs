using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.UpKeep;

/// <summary>
/// UpKeep API v2 writes: <c>POST /api/v2/{collection}</c> creates (→ <c>{"success":true,"result":{…}}</c>),
/// <c>PATCH /{id}</c> changes the fields it names (→ the updated record in the same envelope), <c>DELETE /{id}</c>
/// removes (→ <c>{"success":true}</c>). Refusals are <c>{"success":false,"message":…}</c> (400; 404 for an unknown
/// id). UpKeep has no idempotency key and no concurrency token: a repeated POST makes a second record.
/// </summary>
internal static class UpKeepWrites
{
    public static async Task CreateAsync(HttpContext context, UpKeepInstance instance, RouteValues route)
    {
        if (UpKeepCollectionRules.For(route["collection"]) is not { } rules)
        {
            await UpKeepErrors.WriteNotFoundAsync(context, "resource");
            return;
        }
        await RunAsync(context, async () =>
        {
            var body = await ReadBodyAsync(context);
            var now = instance.Time.GetUtcNow();
            lock (instance.WriteLock)
            {
                var record = rules.Create(instance, body, now);
                record["id"] = UpKeepCatalog.NextId(Random.Shared);
                return instance.Records[rules.Entity].Upsert(record, now);
            }
        });
    }

    public static async Task PatchAsync(HttpContext context, UpKeepInstance instance, RouteValues route)
    {
        if (UpKeepCollectionRules.For(route["collection"]) is not { } rules)
        {
            await UpKeepErrors.WriteNotFoundAsync(context, "resource");
            return;
        }
        await RunAsync(context, async () =>
        {
            var body = await ReadBodyAsync(context);
            var now = instance.Time.GetUtcNow();
            return instance.Records[rules.Entity].Update(route["id"], row => rules.Update(instance, row, body, now), now)
                ?? throw new UpKeepWriteException(404, $"{rules.Resource} not found");
        });
    }

    public static async Task DeleteAsync(HttpContext context, UpKeepInstance instance, RouteValues route)
    {
        if (UpKeepCollectionRules.For(route["collection"]) is not { } rules)
        {
            await UpKeepErrors.WriteNotFoundAsync(context, "resource");
            return;
        }
        var set = instance.Records[rules.Entity];
        try
        {
            var record = set.Get(route["id"]) ?? throw new UpKeepWriteException(404, $"{rules.Resource} not found");
            rules.CheckDelete(record);
            set.Delete(route["id"]);
        }
        catch (UpKeepWriteException refusal)
        {
            await UpKeepErrors.WriteRefusalAsync(context, refusal);
            return;
        }
        await context.Response.WriteJsonAsync(200, new JsonObject { ["success"] = true });
    }

    private static async Task RunAsync(HttpContext context, Func<Task<JsonObject>> write)
    {
        JsonObject record;
        try
        {
            record = await write();
        }
        catch (UpKeepWriteException refusal)
        {
            await UpKeepErrors.WriteRefusalAsync(context, refusal);
            return;
        }
        await context.Response.WriteJsonAsync(200, new JsonObject { ["success"] = true, ["result"] = record });
    }

    private static async Task<JsonObject> ReadBodyAsync(HttpContext context)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<JsonObject>(context.Request.Body, cancellationToken: context.RequestAborted)
                ?? throw UpKeepWriteException.Invalid("The request body must be a JSON object");
        }
        catch (JsonException)
        {
            throw UpKeepWriteException.Invalid("The request body must be a JSON object");
        }
    }
}
