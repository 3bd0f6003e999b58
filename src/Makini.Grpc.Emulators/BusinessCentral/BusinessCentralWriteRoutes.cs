using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Grpc.Emulators.Hosting;
using static Makini.Grpc.Emulators.BusinessCentral.BusinessCentralWriteBody;

namespace Makini.Grpc.Emulators.BusinessCentral;

/// <summary>A write's target below a company: the entity set, the entity key, the child collection and the child's key.</summary>
internal sealed record BusinessCentralWriteTarget(
    BusinessCentralEntitySet Set, string? Key, string? Child, string? ChildKey, string ContextUrl, string CompanyUrl);

/// <summary>
/// API v2.0 writes: <c>POST {set}</c> → 201 with the entity (purchaseOrders with <c>purchaseOrderLines</c> inside are
/// a deep insert; <c>?$expand=purchaseOrderLines</c> returns the lines too), <c>PATCH {set}({id})</c> → 200 with the
/// entity, <c>DELETE {set}({id})</c> → 204, and the same for <c>purchaseOrders({id})/purchaseOrderLines[({lineId})]</c>.
/// PATCH and DELETE need <c>If-Match</c>: the entity's <c>@odata.etag</c> or <c>*</c>; none is BadRequest_InvalidToken,
/// a stale one 409 Request_EntityChanged. Written: purchaseOrders and vendors; items and setup data answer 501.
/// </summary>
internal static class BusinessCentralWriteRoutes
{
    private sealed record Outcome(int Status, JsonObject? Entity, BusinessCentralEntitySet RenderAs, string ContextUrl, string? Location, bool Expand);

    private static readonly BusinessCentralEntitySet Lines = BusinessCentralEntitySet.Find(BusinessCentralEntitySet.LinesProperty)!;

    public static async Task ServeAsync(HttpContext context, BusinessCentralInstance instance, BusinessCentralWriteTarget target)
    {
        if (target.Set.Entity is not (BusinessCentralOrderWrites.Entity or BusinessCentralVendorWrites.Entity))
        {
            await BusinessCentralErrors.WriteNotEmulatedAsync(context);
            return;
        }
        var method = context.Request.Method;
        JsonObject? body = null;
        if (!HttpMethods.IsDelete(method) && (body = await ReadBodyAsync(context)) is null) return;
        var ifMatch = context.Request.Headers.IfMatch.ToString().Trim();
        var expand = context.Request.Query["$expand"].ToString().Contains(BusinessCentralEntitySet.LinesProperty, StringComparison.Ordinal);
        var now = instance.Time.GetUtcNow();

        Outcome? outcome;
        try
        {
            lock (instance.WriteLock)
                outcome = Write(instance, target, method, body, ifMatch, expand, now);
        }
        catch (BusinessCentralWriteException refusal)
        {
            await BusinessCentralErrors.WriteRefusalAsync(context, refusal);
            return;
        }
        if (outcome is null)
        {
            await BusinessCentralErrors.WriteEntityNotFoundAsync(context);
            return;
        }
        if (outcome.Entity is null)
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }
        var rendered = BusinessCentralEntityView.Render(outcome.Entity, outcome.RenderAs, null, outcome.Expand);
        rendered.Insert(0, "@odata.context", outcome.ContextUrl);
        context.Response.Headers.ETag = rendered["@odata.etag"]!.GetValue<string>();
        if (outcome.Location is not null) context.Response.Headers.Location = outcome.Location;
        context.Response.Headers["OData-Version"] = "4.0";
        await context.Response.WriteJsonAsync(outcome.Status, rendered, BusinessCentralApi.ODataContentType);
    }

    /// <summary>The outcome of the write; null when the entity (or line) it names does not exist.</summary>
    private static Outcome? Write(BusinessCentralInstance instance, BusinessCentralWriteTarget target, string method, JsonObject? body,
        string ifMatch, bool expand, DateTimeOffset now)
    {
        var orders = target.Set.Entity == BusinessCentralOrderWrites.Entity;
        if (target.Key is null)
        {
            if (!HttpMethods.IsPost(method)) throw new BusinessCentralWriteException(405, "BadRequest_MethodNotAllowed", $"{method} is not allowed on {target.Set.Name}.");
            var created = orders ? BusinessCentralOrderWrites.Create(instance, body!, now) : BusinessCentralVendorWrites.Create(instance, body!, now);
            return new Outcome(201, created, target.Set, $"{target.ContextUrl}/$entity", $"{target.CompanyUrl}/{target.Set.Name}({Text(created["id"])})", expand);
        }

        var stored = instance.Records[target.Set.Entity!].Get(target.Key.ToLowerInvariant());
        if (stored is null) return null;
        if (target.Child is null)
        {
            if (HttpMethods.IsPost(method)) throw new BusinessCentralWriteException(405, "BadRequest_MethodNotAllowed", $"POST is not allowed on a {target.Set.TypeName}.");
            CheckIfMatch(ifMatch, stored);
            if (HttpMethods.IsDelete(method))
            {
                if (orders) BusinessCentralOrderWrites.Delete(instance, stored);
                else BusinessCentralVendorWrites.Delete(instance, stored);
                return new Outcome(204, null, target.Set, "", null, false);
            }
            var updated = orders ? BusinessCentralOrderWrites.Update(instance, stored, body!, now) : BusinessCentralVendorWrites.Update(instance, stored, body!, now);
            return new Outcome(200, updated, target.Set, $"{target.ContextUrl}/$entity", null, expand);
        }

        if (!orders || target.Child != BusinessCentralEntitySet.LinesProperty)
            throw new BusinessCentralWriteException(404, "BadRequest_NotFound", $"The navigation property '{target.Child}' does not exist.");
        var linesUrl = $"{target.CompanyUrl}/{target.Set.Name}({target.Key})/{target.Child}";
        var lineContext = $"{target.ContextUrl}({target.Key})/{target.Child}/$entity";
        if (target.ChildKey is null)
        {
            if (!HttpMethods.IsPost(method)) throw new BusinessCentralWriteException(405, "BadRequest_MethodNotAllowed", $"{method} is not allowed on {target.Child}.");
            var (_, added) = BusinessCentralOrderWrites.WriteLine(instance, stored, null, body!, now);
            return new Outcome(201, added, Lines, lineContext, $"{linesUrl}({Text(added["id"])})", false);
        }
        var line = BusinessCentralLineWrites.LinesOf(stored).FirstOrDefault(l => SameId(l["id"], target.ChildKey));
        if (line is null) return null;
        if (HttpMethods.IsPost(method)) throw new BusinessCentralWriteException(405, "BadRequest_MethodNotAllowed", "POST is not allowed on a purchaseOrderLine.");
        CheckIfMatch(ifMatch, line);
        if (HttpMethods.IsDelete(method))
        {
            BusinessCentralOrderWrites.DeleteLine(instance, stored, line, now);
            return new Outcome(204, null, Lines, "", null, false);
        }
        var (_, changed) = BusinessCentralOrderWrites.WriteLine(instance, stored, line, body!, now);
        return new Outcome(200, changed, Lines, lineContext, null, false);
    }

    /// <summary>PATCH and DELETE name the version they change: the entity's etag, or * for any.</summary>
    private static void CheckIfMatch(string ifMatch, JsonObject stored)
    {
        if (ifMatch.Length == 0) throw BusinessCentralRefusals.MissingIfMatch();
        if (ifMatch == "*") return;
        if (ifMatch != BusinessCentralEntityView.ETagOf(stored)) throw BusinessCentralRefusals.EntityChanged();
    }

    private static async Task<JsonObject?> ReadBodyAsync(HttpContext context)
    {
        try
        {
            if (await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) is JsonObject body) return body;
        }
        catch (JsonException)
        {
        }
        await BusinessCentralErrors.WriteRefusalAsync(context, new BusinessCentralWriteException(400, "BadRequest",
            "The request body is not a JSON object of the entity type."));
        return null;
    }
}
