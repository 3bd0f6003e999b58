using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.Domain.Records;
using Makini.Grpc.Domain.Writes;
using Makini.Grpc.Server.Grpc.Records;
using V1 = Makini.Grpc.V1;

namespace Makini.Grpc.Server.Grpc.Writes;

/// <summary>What the write methods share: the caller's connection, the request turned into a write command, and the
/// outcome turned back into protos, with a Server-Timing header telling the source exchange from our own work.</summary>
public sealed class RecordWrites(RecordReads reads, WriteHandler handler)
{
    private static readonly JsonFormatter StructFormatter = new(JsonFormatter.Settings.Default);

    public async Task<(IMessage? Record, V1.WriteOperation Operation)> WriteAsync(ServerCallContext context, EntityShape shape, WriteOp op,
        string requestId, IMessage? record, string? targetId, FieldMask? mask, Struct? remoteFields, string? etag, InventoryAdjustment? adjustment = null)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var timing = WriteTiming.Current.Value = new WriteTiming();
        var scope = await reads.ScopeAsync(context);
        WriteTiming.Mark("scope");
        var outcome = await handler.HandleAsync(new WriteCommand(scope, shape, op, requestId, record, targetId,
            mask?.Paths.ToList() ?? [], ToJson(remoteFields), string.IsNullOrEmpty(etag) ? null : etag, adjustment), context.CancellationToken);
        var total = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var header = string.Join(", ", timing.Steps.Prepend((Name: "total", Milliseconds: total))
            .Select(s => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{s.Name};dur={s.Milliseconds:F2}")));
        await context.WriteResponseHeadersAsync(new Metadata { { "server-timing", header } });
        return (outcome.Record, WriteHistoryMapping.ToProto(outcome.Operation));
    }

    private static JsonObject? ToJson(Struct? s) =>
        s is null || s.Fields.Count == 0 ? null : JsonNode.Parse(StructFormatter.Format(s)) as JsonObject;
}
