using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Http;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.Connectors.Writing;

namespace Makini.Grpc.Connectors.Maximo;

/// <summary>
/// Writes Maximo records through its REST/JSON write protocol (lean=1, <c>properties: *</c> so the record comes back,
/// mapped exactly as <see cref="MaximoReader"/> maps it):
/// create = <c>POST /os/{os}</c>; update = <c>POST {href}</c> with <c>x-method-override: PATCH</c> (<c>patchtype: MERGE</c>
/// for PO lines), then <c>?action=wsmethod:changeStatus</c> when a work order's status changes; delete = <c>DELETE {href}</c>;
/// inventory = <c>?action=wsmethod:adjustCurrentBalance</c>. The href is found by querying the record's key.
/// Every write carries <c>transactionid</c> = the idempotency key (the status change: key + ":status"): a repeat answers
/// 409 without applying again, and the writer then reads what the first attempt wrote. Creates also set externalrefid to
/// a digest of the key (<see cref="MaximoWriteShape.ExternalRefId"/>), so a create whose answer was lost is found by
/// <c>oslc.where=externalrefid="…"</c> even after Maximo forgot the transactionid (five minutes).
/// An etag (the _rowstamp) is sent as <c>if-match</c>; Maximo answers 412 when it is stale.
/// </summary>
public sealed class MaximoWriter(IHttpClientFactory httpClientFactory) : IEntityWriter
{
    private static readonly TimeSpan ReplayLookupDelay = TimeSpan.FromMilliseconds(250);

    private readonly MaximoApi _api = new(httpClientFactory);
    private readonly MaximoWriteApi _writes = new(httpClientFactory);
    private readonly ConcurrentDictionary<string, JsonObject> _whoAmI = new(StringComparer.Ordinal);

    public string SystemId => SystemCatalog.Maximo;

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
            _ => new WriteResult(await AdjustAsync(target, request, ct)),
        };
    }

    public async Task<SourceRecord?> FindWrittenAsync(SourceTarget target, WriteRequest request, CancellationToken ct)
    {
        var shape = ShapeOf(request.Entity, request.Kind);
        CredentialGuard.Require(target, SystemId);
        var token = MaximoWriteShape.ExternalRefId(request.IdempotencyKey);
        if (request.Kind == WriteKind.Create)
        {
            var page = await _api.QueryAsync(target, shape.Entity.ObjectStructure,
                [("oslc.select", "*"), ("oslc.where", $"externalrefid=\"{token}\""), ("oslc.pageSize", "1")], ct);
            return page.Members.Count == 0 ? null : await ToRecordAsync(target, shape.Entity, page.Members[0], ct);
        }
        if (request.Kind != WriteKind.Adjust) throw new NotSupportedException($"{SystemId} needs no lookup for a {request.Kind} (it is safe to send again).");
        var member = await FindMemberAsync(target, shape.Entity, InventoryKey(request), ct, "*,invtrans{*}");
        var applied = member?["invtrans"] is JsonArray transactions
            && transactions.OfType<JsonObject>().Any(t => Normalize.Text(t["externalrefid"]) == token);
        return applied ? await ToRecordAsync(target, shape.Entity, member!, ct) : null;
    }

    private async Task<SourceRecord> CreateAsync(SourceTarget target, MaximoWriteShape shape, WriteRequest request, CancellationToken ct)
    {
        var context = new MaximoWriteContext(target.Credential("site_id"),
            request.Entity == EntityKind.Vendor ? Normalize.Text((await WhoAmIAsync(target, ct))["defaultOrg"]) : "");
        var call = new MaximoCall(HttpMethod.Post, $"maximo/api/os/{shape.Entity.ObjectStructure}", Body: shape.CreateBody(request, context))
        {
            TransactionId = request.IdempotencyKey,
        };
        var answer = await _writes.SendAsync(target, call, (a, o) => shape.UnifiedFieldOf(request, a, o), ct);
        if (answer.Replayed) return await FindAfterReplayAsync(target, request, ct);
        var member = answer.Body ?? await ReadLocationAsync(target, shape.Entity, answer.Location, ct);
        return await ToRecordAsync(target, shape.Entity, member, ct);
    }

    private async Task<SourceRecord> UpdateAsync(SourceTarget target, MaximoWriteShape shape, WriteRequest request, CancellationToken ct)
    {
        var remoteId = request.RemoteId ?? "";
        var member = await FindMemberAsync(target, shape.Entity, remoteId, ct) ?? throw new SourceNotFoundException(SystemId, remoteId);
        var href = ResourcePath(shape.Entity, member);
        var etag = request.Etag;
        var body = shape.UpdateBody(request);
        if (body.Count > 0)
        {
            var call = new MaximoCall(HttpMethod.Post, href, Body: body)
            {
                Patch = true, Merge = body.ContainsKey("poline"), TransactionId = request.IdempotencyKey, IfMatch = etag,
            };
            member = await AfterUpdateAsync(target, shape, request, await _writes.SendAsync(target, call, (a, o) => shape.UnifiedFieldOf(request, a, o), ct), ct);
            if (etag is not null) etag = Normalize.Text(member["_rowstamp"]);
        }
        if (shape.StatusChange(request, member) is { } status)
        {
            var call = new MaximoCall(HttpMethod.Post, href, "action=wsmethod:changeStatus", new JsonObject { ["status"] = status })
            {
                Patch = true, TransactionId = request.IdempotencyKey + ":status", IfMatch = etag,
            };
            member = await AfterUpdateAsync(target, shape, request, await _writes.SendAsync(target, call, (a, o) => shape.UnifiedFieldOf(request, a, o), ct), ct);
        }
        return await ToRecordAsync(target, shape.Entity, member, ct);
    }

    /// <summary>A delete of a record that is already gone succeeds: deleting is naturally idempotent.</summary>
    private async Task<WriteResult> DeleteAsync(SourceTarget target, MaximoWriteShape shape, WriteRequest request, CancellationToken ct)
    {
        var member = await FindMemberAsync(target, shape.Entity, request.RemoteId ?? "", ct);
        if (member is null) return new WriteResult(null);
        var call = new MaximoCall(HttpMethod.Delete, ResourcePath(shape.Entity, member)) { TransactionId = request.IdempotencyKey, IfMatch = request.Etag };
        // 404 (gone meanwhile) and 409 (a repeat of a delete that was applied) both leave the record deleted.
        await _writes.SendAsync(target, call, (a, o) => shape.UnifiedFieldOf(request, a, o), ct);
        return new WriteResult(null);
    }

    /// <summary>
    /// Maximo adjusts a bin to an absolute balance, so the delta (or the new quantity of the whole item at the storeroom)
    /// becomes the new balance of the default bin (the item's binnum, else the first balance row), computed from the
    /// record read just before. The reason goes to the transaction's memo.
    /// </summary>
    private async Task<SourceRecord> AdjustAsync(SourceTarget target, WriteRequest request, CancellationToken ct)
    {
        var shape = MaximoInventoryWrites.Instance;
        var adjustment = request.Adjustment ?? throw new ArgumentException("An adjustment needs its quantities.", nameof(request));
        var key = InventoryKey(request);
        var member = await FindMemberAsync(target, shape.Entity, key, ct);
        if (member is null)
        {
            if (key == request.RemoteId) throw new SourceNotFoundException(SystemId, key);
            throw new SourceValidationException(SystemId, 400, "NOT_STOCKED", $"The item is not stocked in storeroom {adjustment.Location}.",
                "location", "location", stateRule: false);
        }
        var (bin, binBalance) = DefaultBin(member);
        var total = Decimal(Normalize.Decimal(member["curbaltotal"]));
        var newBalance = adjustment.Delta is { } delta ? binBalance + Decimal(delta) : Decimal(adjustment.NewQuantity!) - (total - binBalance);
        var body = new JsonObject { ["newcurbal"] = newBalance, ["externalrefid"] = MaximoWriteShape.ExternalRefId(request.IdempotencyKey) };
        if (bin.Length > 0) body["binnum"] = bin;
        if (adjustment.Reason.Length > 0) body["memo"] = adjustment.Reason;
        var call = new MaximoCall(HttpMethod.Post, ResourcePath(shape.Entity, member), "action=wsmethod:adjustCurrentBalance", body)
        {
            Patch = true, TransactionId = request.IdempotencyKey, IfMatch = request.Etag,
        };
        var answer = await _writes.SendAsync(target, call,
            (a, o) => a == "newcurbal" ? MaximoInventoryWrites.QuantityField(request) : shape.UnifiedFieldOf(request, a, o), ct);
        if (answer.NotFound) throw new SourceNotFoundException(SystemId, key);
        if (answer.Replayed) return await FindAfterReplayAsync(target, request, ct);
        return await ToRecordAsync(target, shape.Entity, answer.Body ?? await FindMemberAsync(target, shape.Entity, key, ct) ?? throw new SourceNotFoundException(SystemId, key), ct);
    }

    private async Task<JsonObject> AfterUpdateAsync(SourceTarget target, MaximoWriteShape shape, WriteRequest request, MaximoAnswer answer, CancellationToken ct)
    {
        var remoteId = request.RemoteId ?? "";
        if (answer.NotFound) throw new SourceNotFoundException(SystemId, remoteId);
        // A replay (409) was applied by an earlier attempt: read what it left.
        return answer is { Replayed: false, Body: { } body }
            ? body
            : await FindMemberAsync(target, shape.Entity, remoteId, ct) ?? throw new SourceNotFoundException(SystemId, remoteId);
    }

    /// <summary>A repeat of an applied create or adjustment: the first attempt's record, looked up through the handle
    /// (briefly waiting, in case that attempt is still being committed).</summary>
    private async Task<SourceRecord> FindAfterReplayAsync(SourceTarget target, WriteRequest request, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await FindWrittenAsync(target, request, ct) is { } found) return found;
            await Task.Delay(ReplayLookupDelay, ct);
        }
        throw new SourceUnavailableException(SystemId, "Maximo reports this transactionid as processed, but its record cannot be found yet");
    }

    /// <summary>The member with this remote id (its key attributes joined by '/'), or null.</summary>
    private async Task<JsonObject?> FindMemberAsync(SourceTarget target, MaximoEntity entity, string remoteId, CancellationToken ct, string select = "*")
    {
        var parts = remoteId.Split('/', entity.KeyAttributes.Count);
        if (parts.Length != entity.KeyAttributes.Count || parts.Any(p => p.Length == 0 || p.Contains('"'))) return null;
        var where = string.Join(" and ", entity.KeyAttributes.Zip(parts, (attribute, value) =>
            attribute == "revisionnum" ? $"{attribute}={value}" : $"{attribute}=\"{value}\""));
        var page = await _api.QueryAsync(target, entity.ObjectStructure, [("oslc.select", select), ("oslc.where", where), ("oslc.pageSize", "1")], ct);
        return page.Members.FirstOrDefault();
    }

    private async Task<JsonObject> ReadLocationAsync(SourceTarget target, MaximoEntity entity, string? location, CancellationToken ct)
    {
        if (location is null || location.TrimEnd('/').Split('/')[^1] is not { Length: > 0 } id)
            throw new SourceUnavailableException(SystemId, "Maximo created the record but answered without it or its location");
        return await _api.GetAsync(target, $"maximo/api/os/{entity.ObjectStructure}/{id}", "lean=1&oslc.select=*", ct);
    }

    /// <summary>The member's href below the connection's base URL (the resource id is the href's last segment).</summary>
    private string ResourcePath(MaximoEntity entity, JsonObject member)
    {
        var href = Normalize.Text(member["href"]);
        var id = href.TrimEnd('/').Split('/')[^1];
        return id.Length > 0 ? $"maximo/api/os/{entity.ObjectStructure}/{id}" : throw new SourceUnavailableException(SystemId, "Maximo answered a record without href");
    }

    private async Task<SourceRecord> ToRecordAsync(SourceTarget target, MaximoEntity entity, JsonObject member, CancellationToken ct)
    {
        var currency = entity.Kind == EntityKind.InventoryItem ? Normalize.Text((await WhoAmIAsync(target, ct))["baseCurrency"]) : "";
        return entity.ToSourceRecord(member, new MaximoMapContext(currency));
    }

    /// <summary>whoami: the user's default organization and the base currency, once per server.</summary>
    private async Task<JsonObject> WhoAmIAsync(SourceTarget target, CancellationToken ct)
    {
        var server = target.BaseUrl.AbsoluteUri;
        if (_whoAmI.TryGetValue(server, out var known)) return known;
        return _whoAmI[server] = await _api.GetAsync(target, MaximoConnector.CheckPath, "", ct);
    }

    /// <summary>The inventory row to adjust: the item's own, or the same item in the storeroom the adjustment names.</summary>
    private static string InventoryKey(WriteRequest request)
    {
        var remoteId = request.RemoteId ?? "";
        var parts = remoteId.Split('/', 3);
        return request.Adjustment?.Location is { Length: > 0 } location && parts.Length == 3 && !location.Equals(parts[1], StringComparison.OrdinalIgnoreCase)
            ? $"{parts[0]}/{location.ToUpperInvariant()}/{parts[2]}"
            : remoteId;
    }

    private static (string Bin, decimal Balance) DefaultBin(JsonObject member)
    {
        var balances = (member["invbalances"] as JsonArray ?? new JsonArray()).OfType<JsonObject>().ToList();
        var bin = Normalize.Text(member["binnum"]) is { Length: > 0 } b ? b : balances.Count > 0 ? Normalize.Text(balances[0]["binnum"]) : "";
        var row = balances.FirstOrDefault(r => Normalize.Text(r["binnum"]).Equals(bin, StringComparison.OrdinalIgnoreCase));
        return (bin, row is null ? 0m : Decimal(Normalize.Decimal(row["curbal"])));
    }

    private static decimal Decimal(string text) =>
        text.Length == 0 ? 0m : decimal.Parse(text, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);

    private MaximoWriteShape ShapeOf(EntityKind entity, WriteKind kind) =>
        MaximoWriteShape.For(entity) is { } shape && shape.RequirementsOf(kind) is not null ? shape : throw new EntityNotSupportedException(SystemId, entity);
}
