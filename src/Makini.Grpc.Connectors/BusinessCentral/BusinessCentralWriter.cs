using System.Net;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Http;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.V1;

namespace Makini.Grpc.Connectors.BusinessCentral;

/// <summary>
/// Writes Business Central purchase orders and vendors through API v2.0 of the connection's company: POST → 201 with
/// the entity, PATCH and DELETE with <c>If-Match</c> (the given etag, else <c>*</c>); a stale etag is a conflict
/// (Request_EntityChanged 409, or 412). Every write ends with the entity read back and mapped like the reader maps it.
/// Creates have no retry-safe handle (see <see cref="BusinessCentralWriteRequirements"/>): FindWrittenAsync is not
/// supported, and a create is never sent twice (the HTTP pipeline does not resend writes after a timeout).
/// </summary>
public sealed class BusinessCentralWriter : IEntityWriter
{
    private readonly BusinessCentralWriteClient _client;
    private readonly BusinessCentralCompanyCache _companies;

    public BusinessCentralWriter(IHttpClientFactory httpClientFactory, BusinessCentralTokenProvider tokens, TimeProvider timeProvider)
    {
        _client = new BusinessCentralWriteClient(httpClientFactory, tokens);
        _companies = new BusinessCentralCompanyCache(new BusinessCentralApiClient(httpClientFactory, tokens), timeProvider);
    }

    public string SystemId => SystemCatalog.BusinessCentral;

    public WriteRequirements RequirementsOf(EntityKind entity, WriteKind kind) => BusinessCentralWriteRequirements.Of(entity, kind);

    public async Task<WriteResult> WriteAsync(SourceTarget target, WriteRequest request, CancellationToken ct)
    {
        RequirementsOf(request.Entity, request.Kind);
        CredentialGuard.Require(target, SystemId);
        var session = new BusinessCentralWriteSession(_client, _companies, target, request, await _companies.GetAsync(target, ct));
        return (request.Entity, request.Kind) switch
        {
            (_, WriteKind.Delete) => await DeleteAsync(session, ct),
            (EntityKind.PurchaseOrder, WriteKind.Create) => new WriteResult(await BusinessCentralOrderWrites.CreateAsync(session, ct)),
            (EntityKind.PurchaseOrder, _) => new WriteResult(await BusinessCentralOrderWrites.UpdateAsync(session, ct)),
            (_, WriteKind.Create) => new WriteResult(await CreateVendorAsync(session, ct)),
            _ => new WriteResult(await UpdateVendorAsync(session, ct)),
        };
    }

    /// <exception cref="NotSupportedException">Always for supported writes: Business Central has no handle to find a write by.</exception>
    public Task<SourceRecord?> FindWrittenAsync(SourceTarget target, WriteRequest request, CancellationToken ct)
    {
        RequirementsOf(request.Entity, request.Kind);
        throw new NotSupportedException(
            "Business Central API v2.0 has no external-reference field on purchase orders or vendors to find a write by; its outcome cannot be looked up.");
    }

    private static async Task<SourceRecord> CreateVendorAsync(BusinessCentralWriteSession session, CancellationToken ct)
    {
        await session.KnowPaymentTermsAsync(((Vendor)session.Request.Record!).PaymentTerms, ct);
        var answer = await session.SendAsync(HttpMethod.Post, "vendors", BusinessCentralWritePayloads.Vendor(session.Request, session.Company), null, ct);
        if (!answer.Succeeded || answer.Entity is null) throw BusinessCentralWriteErrors.Refused(session.Request, answer);
        return await session.MapAsync(answer.Entity, ct);
    }

    private static async Task<SourceRecord> UpdateVendorAsync(BusinessCentralWriteSession session, CancellationToken ct)
    {
        var request = session.Request;
        var id = request.RemoteId!;
        await session.KnowPaymentTermsAsync(((Vendor)request.Record!).PaymentTerms, ct);
        var body = BusinessCentralWritePayloads.Vendor(request, session.Company);
        if (body.Count == 0)
        {
            await session.EnsureCurrentAsync("vendors", id, ct);
            return await session.ReadBackAsync("vendors", id, ct);
        }
        var answer = await session.SendAsync(HttpMethod.Patch, $"vendors({id})", body, request.Etag is { Length: > 0 } etag ? etag : "*", ct);
        if (!answer.Succeeded || answer.Entity is null) throw await session.RefusalAsync(answer, "vendors", id, ct);
        return await session.MapAsync(answer.Entity, ct);
    }

    /// <summary>A delete of an entity that is already gone succeeds: deleting is idempotent.</summary>
    private static async Task<WriteResult> DeleteAsync(BusinessCentralWriteSession session, CancellationToken ct)
    {
        var request = session.Request;
        var set = request.Entity == EntityKind.PurchaseOrder ? "purchaseOrders" : "vendors";
        var id = request.RemoteId!;
        var answer = await session.SendAsync(HttpMethod.Delete, $"{set}({id})", null, request.Etag is { Length: > 0 } etag ? etag : "*", ct);
        if (answer.Succeeded || (answer.Status == HttpStatusCode.NotFound && await session.GetAsync(set, id, ct) is null)) return new WriteResult(null);
        throw BusinessCentralWriteErrors.Refused(request, answer);
    }
}
