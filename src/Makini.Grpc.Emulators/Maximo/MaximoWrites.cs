using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.Maximo;

/// <summary>
/// Maximo's REST writes on object structures: create = <c>POST /os/{os}</c> → 201 + <c>Location</c> (with the record
/// when the <c>properties</c> header asks for it); update = <c>POST {href}</c> with <c>x-method-override: PATCH</c>
/// (<c>patchtype: MERGE</c> keeps child rows the body does not name) → 204, or 200 with <c>properties</c>; actions =
/// <c>POST {href}?action=wsmethod:{method}</c> with the PATCH override; delete = <c>DELETE {href}</c> → 200.
/// <c>transactionid</c> makes a write happen once (<see cref="MaximoTransactions"/>); <c>if-match</c> with the record's
/// <c>_rowstamp</c> refuses a stale write with 412. Saves stamp changedate, changeby (the API user) and _rowstamp.
/// </summary>
internal static class MaximoWrites
{
    private sealed record Outcome(int Status, string? Key, JsonObject? Record);

    public static Task CreateAsync(HttpContext context, MaximoInstance instance, RouteValues route)
    {
        var (structure, rules) = Resolve(route);
        if (structure is null || rules is null) return WriteUnresolvedAsync(context, route, structure);
        var overrideMethod = context.Request.Headers["x-method-override"].ToString();
        if (overrideMethod.Length > 0)
            return MaximoErrors.WriteRefusalAsync(context, MaximoRefusals.NotEmulated($"x-method-override {overrideMethod} on a collection"));
        var set = instance.Records[structure.Entity!];
        return RunAsync(context, instance, structure, body =>
        {
            var now = instance.Time.GetUtcNow();
            lock (instance.CreateLock)
            {
                var record = rules.Create(instance, body, now);
                rules.RefuseDuplicate(instance, record);
                var stored = set.Upsert(record, now);
                return new Outcome(201, structure.KeyOf(stored), stored);
            }
        });
    }

    /// <summary>A POST to a member href: an update with the PATCH override, or an action.</summary>
    public static Task PostToMemberAsync(HttpContext context, MaximoInstance instance, RouteValues route)
    {
        var (structure, rules) = Resolve(route);
        if (structure is null || rules is null) return WriteUnresolvedAsync(context, route, structure);
        var key = MaximoHref.Decode(route["resourceId"]) ?? "";
        var action = context.Request.Query["action"].ToString();
        var patch = context.Request.Headers["x-method-override"].ToString().Equals("PATCH", StringComparison.OrdinalIgnoreCase);
        if (action.Length == 0 && !patch) return MaximoErrors.WriteRefusalAsync(context, MaximoRefusals.CreateOnUpdateUri());
        if (action.Length > 0 && !action.StartsWith("wsmethod:", StringComparison.OrdinalIgnoreCase))
            return MaximoErrors.WriteRefusalAsync(context, MaximoRefusals.UnsupportedAction(action, structure.Name));
        var merge = context.Request.Headers["patchtype"].ToString().Equals("MERGE", StringComparison.OrdinalIgnoreCase);
        var set = instance.Records[structure.Entity!];
        return RunAsync(context, instance, structure, body =>
        {
            var now = instance.Time.GetUtcNow();
            var updated = set.Update(key, row =>
            {
                CheckEtag(context, row);
                if (action.Length > 0) rules.RunAction(instance, action["wsmethod:".Length..], row, body, now);
                else rules.Update(instance, row, body, merge, now);
            }, now);
            return updated is null ? throw MaximoRefusals.NotFound() : new Outcome(200, key, updated);
        });
    }

    public static Task DeleteAsync(HttpContext context, MaximoInstance instance, RouteValues route)
    {
        var (structure, rules) = Resolve(route);
        if (structure is null || rules is null) return WriteUnresolvedAsync(context, route, structure);
        var key = MaximoHref.Decode(route["resourceId"]) ?? "";
        var set = instance.Records[structure.Entity!];
        return RunAsync(context, instance, structure, _ =>
        {
            var record = set.Get(key) ?? throw MaximoRefusals.NotFound();
            CheckEtag(context, record);
            rules.CheckDelete(record);
            set.Delete(key);
            return new Outcome(200, null, null);
        }, readsBody: false);
    }

    private static (MaximoObjectStructure? Structure, MaximoObjectRules? Rules) Resolve(RouteValues route)
    {
        var structure = MaximoObjectStructures.Find(route["objectStructure"]);
        return (structure, structure?.Entity is null ? null : MaximoObjectRules.For(structure));
    }

    private static Task WriteUnresolvedAsync(HttpContext context, RouteValues route, MaximoObjectStructure? structure) =>
        structure is null
            ? MaximoErrors.WriteUnknownObjectStructureAsync(context, route["objectStructure"])
            : MaximoErrors.WriteRefusalAsync(context, MaximoRefusals.NotEmulated($"writes to {structure.Name}"));

    private static async Task RunAsync(HttpContext context, MaximoInstance instance, MaximoObjectStructure structure, Func<JsonObject, Outcome> write,
        bool readsBody = true)
    {
        MaximoSelect? properties = null;
        var body = new JsonObject();
        try
        {
            if (context.Request.Headers["properties"].ToString() is { Length: > 0 } selection) properties = MaximoSelect.Parse(selection);
            if (readsBody) body = await ReadBodyAsync(context);
        }
        catch (FormatException ex)
        {
            await MaximoErrors.WriteBadQueryAsync(context, ex.Message);
            return;
        }
        catch (MaximoWriteException refusal)
        {
            await MaximoErrors.WriteRefusalAsync(context, refusal);
            return;
        }

        var transactionId = context.Request.Headers["transactionid"].ToString();
        if (transactionId.Length > 0 && !instance.Transactions.TryBegin(transactionId))
        {
            await MaximoErrors.WriteRefusalAsync(context, MaximoRefusals.Replayed(transactionId));
            return;
        }
        Outcome outcome;
        try
        {
            using (MaximoInstance.SavingAsApiUser()) outcome = write(body);
        }
        catch (Exception failure)
        {
            if (transactionId.Length > 0) instance.Transactions.Abandon(transactionId);
            if (failure is not MaximoWriteException refusal) throw;
            await MaximoErrors.WriteRefusalAsync(context, refusal);
            return;
        }
        if (transactionId.Length > 0) instance.Transactions.Commit(transactionId);
        await RespondAsync(context, structure, outcome, properties);
    }

    private static async Task RespondAsync(HttpContext context, MaximoObjectStructure structure, Outcome outcome, MaximoSelect? properties)
    {
        if (outcome.Key is not null && outcome.Status == 201)
            context.Response.Headers.Location = $"{context.Request.InstanceBase()}/maximo/api/os/{structure.Name}/{MaximoHref.Encode(outcome.Key)}";
        if (outcome.Record is null || outcome.Key is null || properties is null)
        {
            context.Response.StatusCode = outcome.Record is null || outcome.Status == 201 ? outcome.Status : 204;
            return;
        }
        JsonNode member = MaximoQuery.Member(context, structure, outcome.Key, outcome.Record, properties);
        if (!MaximoQuery.IsLean(context)) member = MaximoLeanJson.Namespaced(member);
        await context.Response.WriteJsonAsync(outcome.Status, member);
    }

    private static async Task<JsonObject> ReadBodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        if (string.IsNullOrWhiteSpace(text)) return new JsonObject();
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw MaximoRefusals.BadBody("A JSON object is expected.");
        }
        catch (JsonException ex)
        {
            throw MaximoRefusals.BadBody(ex.Message);
        }
    }

    /// <summary><c>if-match</c> carries the _rowstamp the client read (quotes and a weak prefix are ignored).</summary>
    private static void CheckEtag(HttpContext context, JsonObject record)
    {
        var expected = context.Request.Headers.IfMatch.ToString().Trim();
        if (expected.Length == 0 || expected == "*") return;
        if (expected.StartsWith("W/", StringComparison.Ordinal)) expected = expected[2..];
        if (expected.Trim('"') != MaximoAttributes.Text(record, "_rowstamp")) throw MaximoRefusals.Stale();
    }
}
