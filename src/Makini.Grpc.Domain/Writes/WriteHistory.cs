using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Domain.Common;
using Makini.Grpc.Domain.Records.Reading;
using Makini.Grpc.Domain.Security;
using Marten;
using Marten.Linq.MatchesSql;

namespace Makini.Grpc.Domain.Writes;

/// <summary>One step of a write as its stream recorded it; never carries the payload or secrets.</summary>
public sealed record WriteStepView(string Type, DateTimeOffset Time, IReadOnlyDictionary<string, string> Details);

public sealed record ListWrites(ConnectionScope Scope, int PageSize, string PageToken, EntityKind? Entity, WriteOp? Operation,
    WriteStatus? Status, DateTimeOffset? CreatedAfter, DateTimeOffset? CreatedBefore);

/// <summary>The write history of a connection: newest first, keyset pages on the time-ordered write start.</summary>
public sealed class WriteHistory(IDocumentStore store, PageTokens pageTokens)
{
    private sealed record Position(DateTimeOffset CreatedAt, string Id);

    public async Task<(IReadOnlyList<WriteOperation> Writes, string Next)> ListAsync(ListWrites query, CancellationToken ct)
    {
        var v = new Validator();
        var size = Paging.PageSize(query.PageSize, v);
        v.ThrowIfInvalid();
        var scope = $"writes|{query.Scope.ConnectionId}|{query.Entity}|{query.Operation}|{query.Status}|{query.CreatedAfter?.ToUnixTimeMilliseconds()}|{query.CreatedBefore?.ToUnixTimeMilliseconds()}";
        var position = pageTokens.Decode<Position>(query.PageToken, scope);
        await using var session = store.QuerySession();
        var connectionId = query.Scope.ConnectionId;
        IQueryable<WriteOperation> q = session.Query<WriteOperation>().Where(w => w.ConnectionId == connectionId);
        if (query.Entity is { } e) q = q.Where(w => w.Entity == e);
        if (query.Operation is { } o) q = q.Where(w => w.Operation == o);
        if (query.Status is { } s) q = q.Where(w => w.Status == s);
        if (query.CreatedAfter is { } after) q = q.Where(w => w.CreatedAt >= after);
        if (query.CreatedBefore is { } before) q = q.Where(w => w.CreatedAt < before);
        if (position is not null)
            q = q.Where(w => w.MatchesSql("(created_at, d.id) < (?, ?)", position.CreatedAt.UtcDateTime, position.Id));
        var rows = await q.OrderByDescending(w => w.CreatedAt).ThenByDescending(w => w.Id).Take(size + 1).ToListAsync(ct);
        var page = rows.Take(size).ToList();
        return (page, rows.Count > size ? pageTokens.Encode(scope, new Position(page[^1].CreatedAt, page[^1].Id)) : "");
    }

    public async Task<(WriteOperation Write, IReadOnlyList<WriteStepView> Steps)> GetAsync(ConnectionScope scope, string id, CancellationToken ct)
    {
        new Validator().Check(!string.IsNullOrEmpty(id), "write_operation_id", "is required").ThrowIfInvalid();
        await using var session = store.QuerySession();
        var write = id.StartsWith("wr_", StringComparison.Ordinal) ? await session.LoadAsync<WriteOperation>(id, ct) : null;
        if (write is null || write.ConnectionId != scope.ConnectionId) throw Errors.NotFound("write operation", id);
        var events = await session.Events.FetchStreamAsync(id, token: ct);
        return (write, events.Select(e => Describe(e.Data, e.Timestamp)).ToList());
    }

    private static WriteStepView Describe(object data, DateTimeOffset at) => data switch
    {
        WriteRequested r => new("requested", r.At, new Dictionary<string, string> { ["operation"] = r.Operation.ToString(), ["fields"] = string.Join(",", r.Fields) }),
        WriteSent s => new("sent", s.At, new Dictionary<string, string> { ["attempt"] = s.Attempt.ToString() }),
        WriteSucceeded s => new("succeeded", s.At, new Dictionary<string, string> { ["remote_id"] = s.RemoteId ?? "", ["record_id"] = s.RecordId ?? "" }),
        WriteFailed f => new("failed", f.At, new Dictionary<string, string> { ["reason"] = f.Error.Reason, ["source_code"] = f.SourceCode, ["source_message"] = f.SourceMessage }),
        WriteOutcomeUnknown u => new("outcome_unknown", u.At, new Dictionary<string, string> { ["detail"] = u.Detail }),
        WriteReplayed r => new("replayed", r.At, new Dictionary<string, string>()),
        WriteRecovered r => new("recovered", r.At, new Dictionary<string, string> { ["how"] = r.How }),
        _ => new(data.GetType().Name, at, new Dictionary<string, string>()),
    };
}
