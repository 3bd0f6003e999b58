using Grpc.Core;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.Domain.Common;
using Makini.Grpc.Domain.Records;
using Makini.Grpc.Domain.Records.Reading;
using Makini.Grpc.Domain.Security;
using Makini.Grpc.Server.Auth;
using Makini.Grpc.Server.Grpc.Records;
using Makini.Grpc.V1;

namespace Makini.Grpc.Server.Grpc;

[RequiresKey(TokenKind.Admin, TokenKind.Account, TokenKind.Connection, TokenKind.Link)]
public sealed class SystemGrpcService(ReaderRegistry readers, WriterRegistry writers) : SystemService.SystemServiceBase
{
    public override Task<ListSystemsResponse> ListSystems(ListSystemsRequest request, ServerCallContext context) =>
        Task.FromResult(Mapping.Catalogue(writers));

    public override Task<GetWriteRequirementsResponse> GetWriteRequirements(GetWriteRequirementsRequest request, ServerCallContext context)
    {
        var system = SystemCatalog.Find(request.SystemId);
        var kind = request.Entity.FromProto();
        var (operation, writeKind) = request.Operation switch
        {
            Operation.Create => (Operations.Create, WriteKind.Create),
            Operation.Update => (Operations.Update, WriteKind.Update),
            Operation.Delete => (Operations.Delete, WriteKind.Delete),
            Operation.Adjust => (Operations.Adjust, WriteKind.Adjust),
            _ => (Operations.None, WriteKind.Create),
        };
        new Validator()
            .Check(system is not null, "system_id", $"must be one of {string.Join(", ", SystemCatalog.All.Select(s => s.SystemId))}")
            .Check(kind is not null, "entity", "is required")
            .Check(operation != Operations.None, "operation", "must be OPERATION_CREATE, OPERATION_UPDATE, OPERATION_DELETE or OPERATION_ADJUST")
            .ThrowIfInvalid();
        var shape = EntityShape.Of(kind!.Value);
        if (!system!.Supports(shape.Kind, operation)) throw RecordQueries.NotSupported(system.SystemId, shape, writeKind.ToString().ToLowerInvariant());
        var requirements = writers.Get(system.SystemId).RequirementsOf(shape.Kind, writeKind);
        var principal = context.Principal();
        var defaults = principal.Kind == TokenKind.Connection && principal.Connection!.SystemId == system.SystemId
            && principal.Connection.Settings?.WriteDefaults.TryGetValue(shape.Name, out var d) == true ? d : null;
        return Task.FromResult(new GetWriteRequirementsResponse
        {
            SystemId = system.SystemId,
            Entity = request.Entity,
            Operation = request.Operation,
            RequiredFields = { requirements.RequiredFields },
            WritableFields = { requirements.WritableFields },
            SystemFields =
            {
                requirements.SystemFields.Select(f => new SystemField
                {
                    Name = f.Name, Description = f.Description, Required = f.Required,
                    DefaultValue = defaults?[f.Name]?.ToString() ?? "",
                }),
            },
            RetrySafe = requirements.RetrySafeHandle is not null,
        });
    }

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
