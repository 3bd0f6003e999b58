using Grpc.Core;
using Makini.Grpc.Domain.Records;
using Makini.Grpc.Domain.Security;
using Makini.Grpc.Server.Auth;
using Makini.Grpc.V1;

namespace Makini.Grpc.Server.Grpc.Records;

[RequiresKey(TokenKind.Connection, TokenKind.Account)]
public sealed class VendorGrpcService(RecordReads reads) : VendorService.VendorServiceBase
{
    public override async Task<ListVendorsResponse> ListVendors(ListVendorsRequest request, ServerCallContext context)
    {
        var page = await reads.ListAsync(context, EntityShape.Vendor, request.PageSize, request.PageToken, request.ModifiedAfter,
            RecordReads.StatusName(request.Status, nameof(Vendor)), request.IncludeDeleted, null, request.View);
        return new ListVendorsResponse { Vendors = { page.Records.Cast<Vendor>() }, NextPageToken = page.NextPageToken };
    }

    public override async Task<GetVendorResponse> GetVendor(GetVendorRequest request, ServerCallContext context) =>
        new() { Vendor = await reads.GetAsync<Vendor>(context, EntityShape.Vendor, request.Id, request.View) };
}
