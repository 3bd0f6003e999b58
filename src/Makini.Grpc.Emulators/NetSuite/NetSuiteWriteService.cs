using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.NetSuite;

/// <summary>
/// The REST record service's write side: <c>POST …/{type}</c> → 204 with <c>Location: …/{type}/{id}</c>,
/// <c>PATCH …/{type}/{id}</c> (<c>?replace=item</c> replaces a sublist) → 204, <c>DELETE …/{type}/{id}</c> → 204;
/// ids may be <c>eid:{externalId}</c>. No ETag or If-Match (NetSuite has none). Refusals are 400 with
/// <c>o:errorDetails</c>; an unknown id is 404 NONEXISTENT_ID. Written: purchaseOrder (create, update, delete),
/// vendor (create, update, delete), inventoryAdjustment (create); other types answer 501 (not emulated).
/// Each write validates and applies under the account's write lock, so it is all or nothing.
/// </summary>
internal static class NetSuiteWriteService
{
    public static async Task CreateAsync(HttpContext context, NetSuiteInstance instance, RouteValues route)
    {
        if (NetSuiteRecordType.Find(route["recordType"]) is not { } type)
        {
            await NetSuiteErrors.WriteUnknownRecordTypeAsync(context, route["recordType"]);
            return;
        }
        if (await ReadBodyAsync(context) is not { } body) return;
        var now = instance.Time.GetUtcNow();
        string? id;
        try
        {
            lock (instance.WriteLock)
            {
                id = type.Name switch
                {
                    "purchaseOrder" => NetSuiteOrderWrites.Create(instance, body, now),
                    "vendor" => NetSuiteVendorWrites.Create(instance, body, now),
                    "inventoryAdjustment" => NetSuiteAdjustmentWrites.Create(instance, body, now),
                    _ => null,
                };
            }
        }
        catch (NetSuiteWriteException refusal)
        {
            await NetSuiteErrors.WriteRefusalAsync(context, refusal);
            return;
        }
        if (id is null)
        {
            await NetSuiteErrors.WriteNotEmulatedAsync(context, $"creating {type.Name} records");
            return;
        }
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        context.Response.Headers.Location = $"{NetSuiteRecordService.RecordRoot(context.Request)}/{type.Name}/{id}";
    }

    public static async Task UpdateAsync(HttpContext context, NetSuiteInstance instance, RouteValues route)
    {
        if (await TargetAsync(context, instance, route) is not { } target) return;
        var (type, id) = target;
        if (await ReadBodyAsync(context) is not { } body) return;
        var replace = context.Request.Query["replace"].ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var now = instance.Time.GetUtcNow();
        bool written;
        try
        {
            lock (instance.WriteLock)
            {
                written = type.Name switch
                {
                    "purchaseOrder" => Run(() => NetSuiteOrderWrites.Update(instance, id, body, replace.Contains("item"), now)),
                    "vendor" => Run(() => NetSuiteVendorWrites.Update(instance, id, body, now)),
                    _ => false,
                };
            }
        }
        catch (NetSuiteWriteException refusal)
        {
            await NetSuiteErrors.WriteRefusalAsync(context, refusal);
            return;
        }
        if (!written)
        {
            await NetSuiteErrors.WriteNotEmulatedAsync(context, $"updating {type.Name} records");
            return;
        }
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    public static async Task DeleteAsync(HttpContext context, NetSuiteInstance instance, RouteValues route)
    {
        if (await TargetAsync(context, instance, route) is not { } target) return;
        var (type, id) = target;
        bool written;
        try
        {
            lock (instance.WriteLock)
            {
                written = type.Name switch
                {
                    "purchaseOrder" => Run(() => NetSuiteOrderWrites.Delete(instance, id)),
                    "vendor" => Run(() => NetSuiteVendorWrites.Delete(instance, id)),
                    _ => false,
                };
            }
        }
        catch (NetSuiteWriteException refusal)
        {
            await NetSuiteErrors.WriteRefusalAsync(context, refusal);
            return;
        }
        if (!written)
        {
            await NetSuiteErrors.WriteNotEmulatedAsync(context, $"deleting {type.Name} records");
            return;
        }
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>The record a PATCH or DELETE names (by internal id or eid:), or null after answering 404.</summary>
    private static async Task<(NetSuiteRecordType Type, string Id)?> TargetAsync(HttpContext context, NetSuiteInstance instance, RouteValues route)
    {
        if (NetSuiteRecordType.Find(route["recordType"]) is not { Entity: not null } type)
        {
            await NetSuiteErrors.WriteUnknownRecordTypeAsync(context, route["recordType"]);
            return null;
        }
        if (NetSuiteRecordService.Find(instance, type, route["id"]) is not { } record)
        {
            await NetSuiteErrors.WriteNonexistentIdAsync(context);
            return null;
        }
        return (type, record["id"]!.ToString());
    }

    /// <summary>The request's JSON object; null after answering 400 when the body is not one.</summary>
    private static async Task<JsonObject?> ReadBodyAsync(HttpContext context)
    {
        try
        {
            if (await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) is JsonObject body) return body;
        }
        catch (JsonException)
        {
        }
        await NetSuiteErrors.WriteRefusalAsync(context, new NetSuiteWriteException(400, "INVALID_CONTENT",
            "Invalid content in the request body: a JSON object is expected.", null));
        return null;
    }

    private static bool Run(Action write)
    {
        write();
        return true;
    }
}
