using Grpc.Core;
using Makini.Grpc.Domain.Security;
using Makini.Grpc.Domain.Writes;
using Makini.Grpc.Server.Auth;
using Makini.Grpc.Server.Grpc.Records;
using Makini.Grpc.V1;
using WriteStatus = Makini.Grpc.V1.WriteStatus;

namespace Makini.Grpc.Server.Grpc.Writes;

[RequiresKey(TokenKind.Connection, TokenKind.Account)]
public sealed class WriteHistoryGrpcService(RecordReads reads, WriteHistory history) : WriteHistoryService.WriteHistoryServiceBase
{
    public override async Task<ListWriteOperationsResponse> ListWriteOperations(ListWriteOperationsRequest request, ServerCallContext context)
    {
        var entity = request.Entity == Entity.Unspecified ? null : EntityProtos.FromProto([request.Entity], "entity")[0] as Connectors.Catalog.EntityKind?;
        WriteOp? op = request.Operation switch
        {
            Operation.Create => WriteOp.Create, Operation.Update => WriteOp.Update, Operation.Delete => WriteOp.Delete, Operation.Adjust => WriteOp.Adjust,
            _ => null,
        };
        Domain.Writes.WriteStatus? status = request.Status switch
        {
            WriteStatus.Pending => Domain.Writes.WriteStatus.Pending,
            WriteStatus.Succeeded => Domain.Writes.WriteStatus.Succeeded,
            WriteStatus.Failed => Domain.Writes.WriteStatus.Failed,
            WriteStatus.OutcomeUnknown => Domain.Writes.WriteStatus.OutcomeUnknown,
            _ => null,
        };
        var (writes, next) = await history.ListAsync(new ListWrites(await reads.ScopeAsync(context), request.PageSize, request.PageToken, entity, op, status,
            request.CreatedAfter?.ToDateTimeOffset(), request.CreatedBefore?.ToDateTimeOffset()), context.CancellationToken);
        return new ListWriteOperationsResponse { WriteOperations = { writes.Select(w => WriteHistoryMapping.ToProto(w)) }, NextPageToken = next };
    }

    public override async Task<GetWriteOperationResponse> GetWriteOperation(GetWriteOperationRequest request, ServerCallContext context)
    {
        var (write, steps) = await history.GetAsync(await reads.ScopeAsync(context), request.WriteOperationId, context.CancellationToken);
        return new GetWriteOperationResponse { WriteOperation = WriteHistoryMapping.ToProto(write, steps) };
    }
}
