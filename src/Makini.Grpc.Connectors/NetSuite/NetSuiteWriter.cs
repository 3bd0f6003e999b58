using System.Net;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Http;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.Connectors.Writing;

namespace Makini.Grpc.Connectors.NetSuite;

/// <summary>
/// Writes NetSuite records through the REST record service: POST /{type} → 204 + Location (the write's idempotency
/// key goes in as externalId), PATCH /{type}/{id} → 204 (<c>?replace=item</c> when an order's lines are replaced as a
/// whole), DELETE → 204, and stock through inventoryAdjustment records. NetSuite has no ETag: a given etag is compared
/// with the record's lastModifiedDate read first. When NetSuite refuses a create because its externalId exists, an
/// earlier attempt of the same write made it (a retry after a lost answer): that record is the result. Every write
/// ends with the record read back and mapped like the reader maps it.
/// </summary>
public sealed class NetSuiteWriter : IEntityWriter
{
    private readonly NetSuiteWriteClient _client;
    private readonly NetSuiteWritePayloads _payloads;
    private readonly NetSuiteReadBack _readBack;
    private readonly NetSuiteStockAdjustments _stock;

    public NetSuiteWriter(IHttpClientFactory httpClientFactory, TimeProvider timeProvider)
    {
        _client = new NetSuiteWriteClient(httpClientFactory);
        var currencies = new NetSuiteCurrencyCache(new NetSuiteRestClient(httpClientFactory), timeProvider);
        var lookups = new NetSuiteWriteLookups(_client, currencies);
        _payloads = new NetSuiteWritePayloads(lookups);
        _readBack = new NetSuiteReadBack(_client, currencies);
        _stock = new NetSuiteStockAdjustments(_client, lookups, _readBack);
    }

    public string SystemId => SystemCatalog.NetSuite;

    public WriteRequirements RequirementsOf(EntityKind entity, WriteKind kind) => NetSuiteWriteRequirements.Of(entity, kind);

    public async Task<WriteResult> WriteAsync(SourceTarget target, WriteRequest request, CancellationToken ct)
    {
        RequirementsOf(request.Entity, request.Kind);
        CredentialGuard.Require(target, SystemId);
        return request.Kind switch
        {
            WriteKind.Create => new WriteResult(await CreateAsync(target, request, ct)),
            WriteKind.Update => new WriteResult(await UpdateAsync(target, request, ct)),
            WriteKind.Delete => await DeleteAsync(target, request, ct),
            _ => new WriteResult(await _stock.AdjustAsync(target, request, ct)),
        };
    }

    public Task<SourceRecord?> FindWrittenAsync(SourceTarget target, WriteRequest request, CancellationToken ct)
    {
        if (RequirementsOf(request.Entity, request.Kind).RetrySafeHandle is null)
            throw new NotSupportedException($"NetSuite {request.Entity} {request.Kind} writes are not made retry-safe through a handle.");
        CredentialGuard.Require(target, SystemId);
        return request.Kind == WriteKind.Adjust
            ? _stock.FindAsync(target, request, ct)
            : _readBack.RecordAsync(target, request.Entity, "eid:" + request.IdempotencyKey, ct);
    }

    /// <summary>UNVERIFIED wording of REST's refusal of a repeated externalId (SOAP: DUP_RCRD "This record already exists").</summary>
    internal static bool IsDuplicateExternalId(NetSuiteError? error) =>
        error is not null && (error.Path == "externalId" || error.Detail.Contains("already exists", StringComparison.OrdinalIgnoreCase));

    private async Task<SourceRecord> CreateAsync(SourceTarget target, WriteRequest request, CancellationToken ct)
    {
        var (recordType, body) = request.Entity == EntityKind.PurchaseOrder
            ? ("purchaseOrder", (await _payloads.OrderAsync(target, request, ct)).Body)
            : ("vendor", await _payloads.VendorAsync(target, request, ct));
        body["externalId"] = request.IdempotencyKey;
        var answer = await _client.SendAsync(target, HttpMethod.Post, recordType, "", body, ct);
        if (answer is { Succeeded: true, CreatedId: { } id })
            return await _readBack.RecordAsync(target, request.Entity, id, ct)
                ?? throw new SourceUnavailableException(SystemId, $"the new {recordType} {id} could not be read back");
        if (answer.Succeeded || IsDuplicateExternalId(answer.Error))
        {
            // Made by this write (an earlier attempt, or an answer without Location): find it by its key.
            if (await _readBack.RecordAsync(target, request.Entity, "eid:" + request.IdempotencyKey, ct) is { } made) return made;
            if (answer.Succeeded) throw new SourceUnavailableException(SystemId, $"the new {recordType} could not be found by its externalId");
        }
        throw Refusal(request, answer);
    }

    private async Task<SourceRecord> UpdateAsync(SourceTarget target, WriteRequest request, CancellationToken ct)
    {
        var (recordType, id) = TargetOf(request);
        if (request.Etag is { Length: > 0 } etag && await EnsureCurrentAsync(target, request, recordType, id, etag, ct) is null)
            throw new SourceNotFoundException(SystemId, id);
        var (body, replace) = request.Entity == EntityKind.PurchaseOrder
            ? await _payloads.OrderAsync(target, request, ct)
            : (await _payloads.VendorAsync(target, request, ct), false);
        if (body.Count > 0 || replace)
        {
            var answer = await _client.SendAsync(target, HttpMethod.Patch, $"{recordType}/{Uri.EscapeDataString(id)}", replace ? "replace=item" : "", body, ct);
            if (!answer.Succeeded) throw Refusal(request, answer);
        }
        return await _readBack.RecordAsync(target, request.Entity, id, ct) ?? throw new SourceNotFoundException(SystemId, id);
    }

    /// <summary>A delete of a record that is already gone succeeds: deleting is idempotent.</summary>
    private async Task<WriteResult> DeleteAsync(SourceTarget target, WriteRequest request, CancellationToken ct)
    {
        var (recordType, id) = TargetOf(request);
        if (request.Etag is { Length: > 0 } etag && await EnsureCurrentAsync(target, request, recordType, id, etag, ct) is null)
            return new WriteResult(null);
        var answer = await _client.SendAsync(target, HttpMethod.Delete, $"{recordType}/{Uri.EscapeDataString(id)}", "", null, ct);
        if (!answer.Succeeded && answer.Status != HttpStatusCode.NotFound) throw Refusal(request, answer);
        return new WriteResult(null);
    }

    /// <summary>The current record when its lastModifiedDate matches the etag; null when it no longer exists.</summary>
    private async Task<JsonObject?> EnsureCurrentAsync(SourceTarget target, WriteRequest request, string recordType, string id, string etag, CancellationToken ct)
    {
        if (await _client.GetRecordAsync(target, recordType, id, ct) is not { } current) return null;
        var now = NetSuiteFields.EtagOf(current);
        if (now != etag) throw new SourceConflictException(SystemId, $"{recordType} {id} was last modified at {now}, not {etag}");
        return current;
    }

    private static (string RecordType, string Id) TargetOf(WriteRequest request) =>
        (request.Entity == EntityKind.PurchaseOrder ? "purchaseOrder" : "vendor",
            request.RemoteId ?? throw new ArgumentException("An update or delete needs the record's remote id.", nameof(request)));

    private Exception Refusal(WriteRequest request, NetSuiteWriteAnswer answer) =>
        answer.Status == HttpStatusCode.NotFound && request.RemoteId is { } id
            ? new SourceNotFoundException(SystemId, id)
            : NetSuiteWriteErrors.Refused(request, answer.Error!, (int)answer.Status);
}
