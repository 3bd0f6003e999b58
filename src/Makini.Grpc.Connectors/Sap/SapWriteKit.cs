using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.Connectors.Writing;

namespace Makini.Grpc.Connectors.Sap;

/// <summary>What the entity writers share: the write client, reads of the written record (mapped exactly as the
/// reader maps it), lookups by $filter, and PATCH with If-Match that tolerates a resend of an applied change.</summary>
internal sealed class SapWriteKit(SapWriteClient writes, SapODataClient reads)
{
    public SapWriteClient Writes { get; } = writes;

    /// <summary>The record as a sync would read it: the reader's set, expansion and mapping.</summary>
    public async Task<SourceRecord> ReadBackAsync(SourceTarget target, EntityKind entity, string resource, string remoteId, CancellationToken ct) =>
        await TryReadAsync(target, entity, resource, ct) ?? throw new SourceNotFoundException(SystemCatalog.Sap, remoteId);

    public async Task<SourceRecord?> TryReadAsync(SourceTarget target, EntityKind entity, string resource, CancellationToken ct)
    {
        var read = SapEntityReads.All[entity];
        var row = await reads.GetEntityAsync(target, read.Service, resource, read.Expand, ct);
        return row is null ? null : SapWire.MapNode(row, read.Map);
    }

    public Task<JsonObject?> GetAsync(SourceTarget target, string service, string resource, string? expand, CancellationToken ct) =>
        reads.GetEntityAsync(target, service, resource, expand, ct);

    /// <summary>The first entity of a set that matches a filter (with the reader's expansion for a mapped entity).</summary>
    public async Task<JsonObject?> FindAsync(SourceTarget target, string service, string set, string filter, string? expand, CancellationToken ct)
    {
        var options = new List<(string, string)> { ("$filter", filter), ("$top", "1") };
        if (expand is not null) options.Add(("$expand", expand));
        using var page = await reads.GetFeedAsync(target, service, set, options, ct);
        return page.Results.Count == 0 ? null : JsonSerializer.Deserialize<JsonObject>(page.Results[0]);
    }

    /// <summary>
    /// PATCH with <c>If-Match</c> (the caller's ETag, else <c>*</c>). A 412 on a resend of an update that SAP already
    /// applied (its first answer was lost) is not a conflict when the record holds every changed value: that resend
    /// succeeds, so updates stay safe to repeat.
    /// </summary>
    public async Task PatchAsync(SourceTarget target, string service, string resource, JsonObject changes, string? etag, SapFieldMap fields, CancellationToken ct)
    {
        if (changes.Count == 0) return;
        try
        {
            await Writes.SendAsync(target, new SapWriteCall(HttpMethod.Patch, service, resource, changes, etag is { Length: > 0 } ? etag : "*"), fields, ct);
        }
        catch (SourceConflictException) when (etag is { Length: > 0 })
        {
            var current = await reads.GetEntityAsync(target, service, resource, null, ct);
            if (current is null || !Holds(current, changes)) throw;
        }
    }

    /// <summary>Whether the entity already holds every value of a change (strings, flags, decimals by value).</summary>
    public static bool Holds(JsonObject current, JsonObject changes) => changes.All(change => Same(current[change.Key], change.Value));

    private static bool Same(JsonNode? current, JsonNode? wanted)
    {
        var a = Text(current);
        var b = Text(wanted);
        if (a == b) return true;
        return decimal.TryParse(a, NumberStyles.Number, CultureInfo.InvariantCulture, out var x)
            && decimal.TryParse(b, NumberStyles.Number, CultureInfo.InvariantCulture, out var y) && x == y;
    }

    private static string Text(JsonNode? node) => node is JsonValue value ? value.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "",
        _ => value.ToJsonString(),
    } : "";
}
