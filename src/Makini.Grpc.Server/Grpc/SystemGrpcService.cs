using Grpc.Core;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.Domain.Common;
using Makini.Grpc.Domain.Records;
using Makini.Grpc.Domain.Records.Reading;
using Makini.Grpc.Domain.Security;
using Makini.Grpc.Server.Auth;
using Makini.Grpc.Server.Grpc.Records;
using Makini.Grpc.V1;

namespace Makini.Grpc.Server.Grpc;

[RequiresKey(TokenKind.Admin, TokenKind.Account, TokenKind.Connection, TokenKind.Link)]
public sealed class SystemGrpcService(ReaderRegistry readers) : SystemService.SystemServiceBase
{
    private static readonly ListSystemsResponse Catalogue = new() { Systems = { SystemCatalog.All.Select(s => Mapping.SystemProto(s.SystemId)) } };

    public override Task<ListSystemsResponse> ListSystems(ListSystemsRequest request, ServerCallContext context) =>
        Task.FromResult(Catalogue);

    public override Task<GetFieldMappingResponse> GetFieldMapping(GetFieldMappingRequest request, ServerCallContext context)
    {
        var system = SystemCatalog.Find(request.SystemId);
        var kind = request.Entity.FromProto();
        new Validator()
            .Check(system is not null, "system_id", $"must be one of {string.Join(", ", SystemCatalog.All.Select(s => s.SystemId))}")
            .Check(kind is not null, "entity", "is required")
            .ThrowIfInvalid();
        var shape = EntityShape.Of(kind!.Value);
        if (!system!.Supports(shape.Kind, Operations.Read)) throw RecordQueries.NotSupported(system.SystemId, shape, "read");
        var mapping = readers.Get(system.SystemId).MappingOf(shape.Kind);
        return Task.FromResult(new GetFieldMappingResponse
        {
            SystemId = system.SystemId,
            Entity = request.Entity,
            SourceObject = mapping.SourceObject,
            Fields = { mapping.Fields.Select(f => new FieldMapping { UnifiedField = f.UnifiedField, SourceField = f.SourceField, Note = f.Note }) },
        });
    }
}
