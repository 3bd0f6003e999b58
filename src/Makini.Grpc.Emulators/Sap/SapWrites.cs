using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.Sap;

/// <summary>
/// Modifying requests on an entity set (past the CSRF check): POST creates (deep insert, 201 with the entity),
/// POST to <c>Set(key)/nav</c> adds a child row, PATCH/MERGE merges properties (204), DELETE (204). Entities with an
/// ETag (a LastChangeDateTime) need <c>If-Match</c> on PATCH/MERGE/DELETE: missing → 428, stale → 412, <c>*</c> matches.
/// </summary>
internal static class SapWrites
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task ServeAsync(HttpContext context, SapInstance instance, SapService service, SapEntitySet set, string? keyPredicate, string rest)
    {
        var method = context.Request.Method.ToUpperInvariant();
        // Clients behind proxies that drop MERGE/PATCH tunnel them through POST, as Gateway allows.
        if (method == "POST" && context.Request.Headers["X-HTTP-Method"].ToString() is { Length: > 0 } tunneled)
            method = tunneled.ToUpperInvariant();
        var writes = SapSetWriteCatalog.Find(set.Name);
        var ctx = new SapWriteContext(instance, service, instance.Time.GetUtcNow(), instance.Credential("username").ToUpperInvariant());
        try
        {
            switch (method)
            {
                case "POST" when keyPredicate is null && rest.Length == 0:
                    await CreateAsync(context, ctx, set, writes?.Create ?? throw NotImplemented(set, "CREATE_ENTITY"));
                    return;
                case "POST" when keyPredicate is not null && rest.Length > 1:
                    await CreateChildAsync(context, ctx, set, keyPredicate, rest.TrimStart('/'));
                    return;
                case "PATCH" or "MERGE" when keyPredicate is not null && rest.Length == 0:
                    var patch = writes?.Patch ?? throw NotImplemented(set, "UPDATE_ENTITY");
                    var changes = await BodyAsync(context);
                    Change(context, ctx, set, keyPredicate, (root, row) => patch(ctx, root, row, changes));
                    SapFeed.WithVersion(context).StatusCode = 204;
                    return;
                case "DELETE" when keyPredicate is not null && rest.Length == 0:
                    var delete = writes?.Delete ?? throw NotImplemented(set, "DELETE_ENTITY");
                    Change(context, ctx, set, keyPredicate, (root, row) => delete(ctx, root, row));
                    SapFeed.WithVersion(context).StatusCode = 204;
                    return;
                default:
                    await SapErrors.WriteNotEmulatedAsync(context, $"{context.Request.Method} on {set.Name}{keyPredicate}{rest}", service.Name);
                    return;
            }
        }
        catch (SapWriteException error)
        {
            await SapErrors.WriteWriteErrorAsync(context, error, service.Name);
        }
        catch (SapQueryException ex)
        {
            await SapErrors.WriteODataErrorAsync(context, 400, "/IWBEP/CM_MGW_RT/022", ex.Message, service.Name);
        }
    }

    private static async Task CreateAsync(HttpContext context, SapWriteContext ctx, SapEntitySet set, Func<SapWriteContext, JsonObject, JsonObject> create)
    {
        var payload = await BodyAsync(context);
        var record = create(ctx, payload);
        var stored = ctx.Instance.Records[set.Entity!].Upsert(record, ctx.Now);
        await WriteCreatedAsync(context, ctx.Service, set, stored, Expansion(ctx.Service, set, payload));
    }

    private static async Task CreateChildAsync(HttpContext context, SapWriteContext ctx, SapEntitySet parentSet, string keyPredicate, string navName)
    {
        var nav = parentSet.FindNav(navName);
        var target = nav is null ? null : ctx.Service.FindSet(nav.TargetSet);
        if (nav is null || !nav.Many || target is null)
            throw SapWriteException.One(404, "/IWFND/CM_MGW/020", $"Resource not found for segment '{navName}'");
        var createChild = SapSetWriteCatalog.Find(target.Name)?.CreateChild ?? throw NotImplemented(target, "CREATE_ENTITY");
        var payload = await BodyAsync(context);
        JsonObject? created = null;
        Change(context, ctx, parentSet, keyPredicate, (root, parent) =>
        {
            var child = createChild(ctx, root, parent, payload);
            SapPayload.ResultsArray(parent, nav.Name).Add(child);
            created = child;
        }, checkEtag: false);
        await WriteCreatedAsync(context, ctx.Service, target, created!.DeepClone().AsObject(), Expansion(ctx.Service, target, payload));
    }

    /// <summary>Finds the row and changes it inside its root record (atomically, stamping the root).</summary>
    private static void Change(HttpContext context, SapWriteContext ctx, SapEntitySet set, string keyPredicate, Action<JsonObject, JsonObject> change, bool checkEtag = true)
    {
        var keys = SapKeyPredicate.Parse(keyPredicate, set);
        var location = SapRowLocation.Find(ctx.Instance, ctx.Service, set, keys) ?? throw NotFound(set);
        var ifMatch = context.Request.Headers.IfMatch.ToString();
        var updated = location.Records.Update(location.RootKey, root =>
        {
            var row = location.Resolve(root) ?? throw NotFound(set);
            if (checkEtag && ReferenceEquals(row, root) && set.ChangeField is { } field)
                CheckIfMatch(ifMatch, row, field);
            change(root, row);
        }, ctx.Now);
        if (updated is null) throw NotFound(set);
    }

    private static void CheckIfMatch(string ifMatch, JsonObject row, string changeField)
    {
        if (ifMatch.Length == 0)
            // UNVERIFIED code; the text follows Gateway's "request is required to be conditional".
            throw SapWriteException.One(428, "/IWBEP/CM_MGW_RT/020", "Data service request is required to be conditional; try using the \"If-Match\" header");
        if (ifMatch == "*") return;
        if (!ifMatch.StartsWith("W/\"", StringComparison.Ordinal) && !ifMatch.StartsWith('"'))
            throw SapWriteException.One(400, "/IWFND/CM_MGW/094", "Invalid eTag format - The if-match header field has an invalid format");
        var current = SapPayload.Text(row[changeField]) is { } text && SapDates.TryParseMilliseconds(text, out var ms) ? SapDates.ETag(ms) : "";
        if (!string.Equals(ifMatch, current, StringComparison.Ordinal))
            // UNVERIFIED code.
            throw SapWriteException.One(412, "/IWBEP/CM_MGW_RT/019", "The data has been changed by another user since it was read (ETag mismatch); read it again");
    }

    private static async Task<JsonObject> BodyAsync(HttpContext context)
    {
        try
        {
            if (await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) is JsonObject body) return body;
        }
        catch (JsonException)
        {
        }
        // UNVERIFIED code: Gateway's answer to a body it cannot deserialize.
        throw SapWriteException.One(400, "/IWBEP/CM_MGW_RT/004", "Malformed request body: a JSON object with the entity's properties is expected");
    }

    /// <summary>Expands in the answer what the request deep-inserted, as Gateway returns a deep insert.</summary>
    private static SapProjection Expansion(SapService service, SapEntitySet set, JsonObject payload)
    {
        var paths = new List<string>();
        Collect(service, set, payload, "", paths);
        return SapProjection.Parse("", string.Join(',', paths));
    }

    private static void Collect(SapService service, SapEntitySet set, JsonObject payload, string prefix, List<string> paths)
    {
        foreach (var nav in set.Navs)
        {
            if (!payload.ContainsKey(nav.Name)) continue;
            var path = prefix + nav.Name;
            paths.Add(path);
            var first = nav.Many ? SapPayload.Results(payload[nav.Name]).FirstOrDefault() : payload[nav.Name] as JsonObject;
            if (first is not null && service.FindSet(nav.TargetSet) is { } target) Collect(service, target, first, path + "/", paths);
        }
    }

    private static async Task WriteCreatedAsync(HttpContext context, SapService service, SapEntitySet set, JsonObject row, SapProjection projection)
    {
        var element = JsonSerializer.SerializeToElement(row);
        var root = SapFeed.ServiceRoot(context.Request, service);
        var response = SapFeed.WithVersion(context);
        response.StatusCode = 201;
        response.ContentType = SapFeed.JsonContentType;
        response.Headers.Location = root + set.Name + SapEntityWriter.KeyPredicate(set, element);
        if (set.ChangeField is { } field && SapPayload.Text(row[field]) is { } text && SapDates.TryParseMilliseconds(text, out var ms))
            response.Headers.ETag = SapDates.ETag(ms);
        using var writer = new Utf8JsonWriter(response.BodyWriter, WriterOptions);
        writer.WriteStartObject();
        writer.WritePropertyName("d");
        new SapEntityWriter(service, root).Write(writer, set, element, projection);
        writer.WriteEndObject();
        writer.Flush();
        await response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    private static SapWriteException NotFound(SapEntitySet set) =>
        SapWriteException.One(404, "/IWBEP/CM_MGW_RT/020", $"Resource not found for segment '{set.EntityType}'");

    // UNVERIFIED code; Gateway answers 501 when the data provider class lacks the method.
    private static SapWriteException NotImplemented(SapEntitySet set, string method) =>
        SapWriteException.One(501, "/IWBEP/CM_MGW_RT/021", $"Method '{set.Name.ToUpperInvariant()}_{method}' not implemented in data provider class");
}
