using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Makini.Grpc.Domain.Records;
using Makini.Grpc.Domain.Records.Reading;
using Makini.Grpc.Server.Auth;
using V1 = Makini.Grpc.V1;

namespace Makini.Grpc.Server.Grpc.Records;

/// <summary>What the five read services share: resolving the caller's connection, and turning the request's view
/// and enum filters into the query's terms.</summary>
public sealed class RecordReads(RecordQueries queries, ConnectionScopes scopes)
{
    public async Task<RecordPage> ListAsync(ServerCallContext context, EntityShape shape, int pageSize, string pageToken,
        Timestamp? modifiedAfter, string? status, bool includeDeleted, string? filterKey, V1.View view)
    {
        var scope = await ScopeAsync(context);
        return await queries.ListAsync(new ListRecords(scope, shape, pageSize, pageToken, modifiedAfter?.ToDateTimeOffset(),
            status, includeDeleted, string.IsNullOrEmpty(filterKey) ? null : filterKey, ViewOf(view)), context.CancellationToken);
    }

    public async Task<T> GetAsync<T>(ServerCallContext context, EntityShape shape, string id, V1.View view) where T : IMessage =>
        (T)await queries.GetAsync(await ScopeAsync(context), shape, id, ViewOf(view), context.CancellationToken);

    public Task<ConnectionScope> ScopeAsync(ServerCallContext context) =>
        scopes.ResolveAsync(context.Principal(), context.RequestHeaders.GetValue(ConnectionScopes.Header), context.CancellationToken);

    /// <summary>The enum value's proto name, as stored for the status filter; null for UNSPECIFIED (no filter).</summary>
    public static string? StatusName<TEnum>(TEnum value, string message) where TEnum : struct, System.Enum
    {
        var number = Convert.ToInt32(value);
        if (number == 0) return null;
        var descriptor = message switch
        {
            "PurchaseOrder" => V1.PurchaseOrder.Descriptor,
            "WorkOrder" => V1.WorkOrder.Descriptor,
            "Asset" => V1.Asset.Descriptor,
            _ => V1.ListVendorsRequest.Descriptor,
        };
        return descriptor.FindFieldByName("status").EnumType.FindValueByNumber(number)?.Name ?? $"UNKNOWN_{number}";
    }

    private static RecordView ViewOf(V1.View view) => view switch
    {
        V1.View.Basic => RecordView.Basic,
        V1.View.Raw => RecordView.Raw,
        _ => RecordView.Full,
    };
}
