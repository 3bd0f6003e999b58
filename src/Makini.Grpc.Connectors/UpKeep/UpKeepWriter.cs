using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Http;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.Connectors.Writing;
using Microsoft.Extensions.Options;

namespace Makini.Grpc.Connectors.UpKeep;

/// <summary>
/// Writes UpKeep records through API v2: <c>POST /api/v2/{collection}</c>, <c>PATCH /{id}</c> with the changed fields,
/// <c>DELETE /{id}</c>, and part quantity updates for adjustments; the answer's record is mapped exactly as
/// <see cref="UpKeepReader"/> maps it. UpKeep has no idempotency key, no external id and no field a list can be filtered
/// by, so creates and relative adjustments have no retry-safe handle (RetrySafeHandle = null): a create is sent once,
/// with a deadline inside the HTTP client's attempt timeout so the client never retries it after a timeout, and a lost
/// answer surfaces as unavailable (the server then reports the outcome as unknown instead of writing twice). Updates
/// and deletes are safe to resend; a delete of a record already gone succeeds. UpKeep has no concurrency token: an etag
/// (the record's updatedAt, as read) is compared with the record read just before the write.
/// </summary>
public sealed class UpKeepWriter(IHttpClientFactory httpClientFactory, UpKeepSessionProvider sessions, IOptions<SourceHttpOptions> httpOptions)
    : IEntityWriter
{
    private readonly UpKeepApi _api = new(httpClientFactory, sessions);

    public string SystemId => SystemCatalog.UpKeep;

    public WriteRequirements RequirementsOf(EntityKind entity, WriteKind kind) => ShapeOf(entity, kind).RequirementsOf(kind)!;

    public async Task<WriteResult> WriteAsync(SourceTarget target, WriteRequest request, CancellationToken ct)
    {
        var shape = ShapeOf(request.Entity, request.Kind);
        CredentialGuard.Require(target, SystemId);
        return request.Kind switch
        {
            WriteKind.Create => new WriteResult(await CreateAsync(target, shape, request, ct)),
            WriteKind.Update => new WriteResult(await UpdateAsync(target, shape, request, ct)),
            WriteKind.Delete => await DeleteAsync(target, shape, request, ct),
            _ => new WriteResult(await AdjustAsync(target, shape, request, ct)),
        };
    }

    public Task<SourceRecord?> FindWrittenAsync(SourceTarget target, WriteRequest request, CancellationToken ct)
    {
        _ = ShapeOf(request.Entity, request.Kind);
        throw new NotSupportedException("UpKeep offers no idempotency key, external id or filterable field to find a write by.");
    }

    private async Task<SourceRecord> CreateAsync(SourceTarget target, UpKeepWriteShape shape, WriteRequest request, CancellationToken ct)
    {
        // Just inside the client's attempt timeout: a timeout then ends the create instead of a retry sending it again.
        var deadline = httpOptions.Value.AttemptTimeout * 0.9;
        var answer = await _api.SendAsync(target, HttpMethod.Post, shape.Entity.Path, shape.CreateBody(request), deadline, ct);
        return Result(shape, request, answer);
    }

    private async Task<SourceRecord> UpdateAsync(SourceTarget target, UpKeepWriteShape shape, WriteRequest request, CancellationToken ct)
    {
        var current = await CurrentAsync(target, shape, request, ct);
        var body = shape.UpdateBody(request, current);
        if (body.Count == 0) return ToRecord(shape, current);
        var answer = await _api.SendAsync(target, HttpMethod.Patch, $"{shape.Entity.Path}/{Uri.EscapeDataString(request.RemoteId!)}", body, null, ct);
        return Result(shape, request, answer);
    }

    private async Task<WriteResult> DeleteAsync(SourceTarget target, UpKeepWriteShape shape, WriteRequest request, CancellationToken ct)
    {
        if (request.Etag is not null)
        {
            try
            {
                await CurrentAsync(target, shape, request, ct);
            }
            catch (SourceNotFoundException)
            {
                return new WriteResult(null);
            }
        }
        var answer = await _api.SendAsync(target, HttpMethod.Delete, $"{shape.Entity.Path}/{Uri.EscapeDataString(request.RemoteId ?? "")}", null, null, ct);
        if (!answer.Succeeded && answer.Status != HttpStatusCode.NotFound) Refuse(shape, request, answer);
        return new WriteResult(null);
    }

    /// <summary>The part's quantity after the adjustment, written as an absolute value (see <see cref="UpKeepPartWrites"/>).</summary>
    private async Task<SourceRecord> AdjustAsync(SourceTarget target, UpKeepWriteShape shape, WriteRequest request, CancellationToken ct)
    {
        var adjustment = request.Adjustment ?? throw new ArgumentException("An adjustment needs its quantities.", nameof(request));
        var current = await CurrentAsync(target, shape, request, ct);
        if (adjustment.Location.Length > 0 && adjustment.Location != UpKeepFields.IdOf(current["location"]))
            throw new SourceValidationException(SystemId, 400, "LOCATION_NOT_SUPPORTED", "An UpKeep part is stocked at its own location only.",
                null, "location", stateRule: false);
        var onHand = Normalize.Decimal(current["quantity"]) is { Length: > 0 } q ? Parse(q) : 0m;
        var quantity = adjustment.Delta is { } delta ? onHand + Parse(delta) : Parse(adjustment.NewQuantity!);
        var body = new JsonObject { ["quantity"] = quantity };
        var answer = await _api.SendAsync(target, HttpMethod.Patch, $"{shape.Entity.Path}/{Uri.EscapeDataString(request.RemoteId!)}", body, null, ct);
        return Result(shape, request, answer);
    }

    /// <summary>The record as it is now; its updatedAt must equal the etag when one was given.</summary>
    private async Task<JsonObject> CurrentAsync(SourceTarget target, UpKeepWriteShape shape, WriteRequest request, CancellationToken ct)
    {
        var remoteId = request.RemoteId ?? "";
        var answer = await _api.SendAsync(target, HttpMethod.Get, $"{shape.Entity.Path}/{Uri.EscapeDataString(remoteId)}", null, null, ct);
        if (answer.Status == HttpStatusCode.NotFound) throw new SourceNotFoundException(SystemId, remoteId);
        if (!answer.Succeeded || answer.Body?["result"] is not JsonObject current) throw Unavailable(answer);
        if (request.Etag is { Length: > 0 } etag && etag != Normalize.Text(current["updatedAt"]))
            throw new SourceConflictException(SystemId, $"the record was changed at {Normalize.Text(current["updatedAt"])}");
        return current;
    }

    private SourceRecord Result(UpKeepWriteShape shape, WriteRequest request, UpKeepAnswer answer)
    {
        if (answer.Succeeded && answer.Body?["result"] is JsonObject record) return ToRecord(shape, record);
        if (answer.Status == HttpStatusCode.NotFound && request.Kind != WriteKind.Create) throw new SourceNotFoundException(SystemId, request.RemoteId ?? "");
        Refuse(shape, request, answer);
        throw Unavailable(answer);
    }

    /// <summary>A 4xx with UpKeep's message is a refusal of the content or of a state rule.</summary>
    private void Refuse(UpKeepWriteShape shape, WriteRequest request, UpKeepAnswer answer)
    {
        if ((int)answer.Status is < 400 or >= 500 || answer.Message.Length == 0) throw Unavailable(answer);
        var (sourceField, unifiedField) = shape.FieldOf(request, answer.Message);
        var stateRule = UpKeepWriteShape.IsStateRule(answer.Message);
        if (request.Kind == WriteKind.Adjust && sourceField == null && answer.Message.StartsWith("quantity ", StringComparison.Ordinal))
        {
            // A delta is refused for the stock it meets (a state), a new quantity for its value.
            (sourceField, unifiedField) = ("quantity", request.Adjustment?.Delta is not null ? "quantity_delta" : "new_quantity");
            stateRule = request.Adjustment?.Delta is not null;
        }
        throw new SourceValidationException(SystemId, (int)answer.Status, ((int)answer.Status).ToString(CultureInfo.InvariantCulture), answer.Message,
            sourceField, unifiedField, stateRule);
    }

    private SourceUnavailableException Unavailable(UpKeepAnswer answer) =>
        new(SystemId, $"answered HTTP {(int)answer.Status} without the record{(answer.Message.Length > 0 ? ": " + answer.Message : "")}", (int)answer.Status);

    private static SourceRecord ToRecord(UpKeepWriteShape shape, JsonObject record) =>
        new(Normalize.Text(record["id"]), shape.Entity.Map(record), record, UpKeepFields.Instant(record["updatedAt"]));

    private static decimal Parse(string text) => decimal.Parse(text, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);

    private UpKeepWriteShape ShapeOf(EntityKind entity, WriteKind kind) =>
        UpKeepWriteShape.For(entity) is { } shape && shape.RequirementsOf(kind) is not null ? shape : throw new EntityNotSupportedException(SystemId, entity);
}
