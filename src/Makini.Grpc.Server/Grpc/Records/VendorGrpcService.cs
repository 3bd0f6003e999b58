using Grpc.Core;
using Makini.Grpc.Domain.Records;
using Makini.Grpc.Domain.Security;
using Makini.Grpc.Domain.Writes;
using Makini.Grpc.Server.Auth;
using Makini.Grpc.Server.Grpc.Writes;
using Makini.Grpc.V1;

namespace Makini.Grpc.Server.Grpc.Records;

[RequiresKey(TokenKind.Connection, TokenKind.Account)]
public sealed class VendorGrpcService(RecordReads reads, RecordWrites writes) : VendorService.VendorServiceBase
{
    public override async Task<CreateVendorResponse> CreateVendor(CreateVendorRequest request, ServerCallContext context)
    {
        var (record, operation) = await writes.WriteAsync(context, EntityShape.Vendor, WriteOp.Create, request.RequestId,
            request.Vendor, null, null, request.RemoteFields, null);
        return new CreateVendorResponse { Vendor = (Vendor?)record, WriteOperation = operation };
    }

    public override async Task<UpdateVendorResponse> UpdateVendor(UpdateVendorRequest request, ServerCallContext context)
    {
        var (record, operation) = await writes.WriteAsync(context, EntityShape.Vendor, WriteOp.Update, request.RequestId,
            request.Vendor, request.Vendor?.Id, request.UpdateMask, request.RemoteFields, request.Vendor?.Etag);
        return new UpdateVendorResponse { Vendor = (Vendor?)record, WriteOperation = operation };
    }

    public override async Task<ListVendorsResponse> ListVendors(ListVendorsRequest request, ServerCallContext context)
    {
        var page = await reads.ListAsync(context, EntityShape.Vendor, request.PageSize, request.PageToken, request.ModifiedAfter,
            RecordReads.StatusName(request.Status, nameof(Vendor)), request.IncludeDeleted, null, request.View);
        return new ListVendorsResponse { Vendors = { page.Records.Cast<Vendor>() }, NextPageToken = page.NextPageToken };
    }

    public override async Task<GetVendorResponse> GetVendor(GetVendorRequest request, ServerCallContext context) =>
        new() { Vendor = await reads.GetAsync<Vendor>(context, EntityShape.Vendor, request.Id, request.View) };
}
