using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using JasperFx;
using JasperFx.Events;
using Makini.Grpc.Connectors;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Http;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.Domain.Common;
using Makini.Grpc.Domain.Connections;
using Makini.Grpc.Domain.Connections.Health;
using Makini.Grpc.Domain.Infrastructure;
using Makini.Grpc.Domain.Records;
using Makini.Grpc.Domain.Records.Reading;
using Makini.Grpc.Domain.Sync;
using Makini.Grpc.Domain.Webhooks;
using Marten;
using Marten.Services;
using V1 = Makini.Grpc.V1;
using Microsoft.Extensions.Options;

namespace Makini.Grpc.Domain.Writes;

/// <summary>A write as the API received it, in the unified model.</summary>
public sealed record WriteCommand(
    ConnectionScope Scope,
    EntityShape Shape,
    WriteOp Operation,
    string RequestId,
    IMessage? Record,
    string? TargetId,
    IReadOnlyList<string> Mask,
    JsonObject? RemoteFields,
    string? Etag,
    InventoryAdjustment? Adjustment);

/// <summary>The write's history entry and the record as the source holds it afterwards (null after a delete).</summary>
public sealed record WriteOutcome(WriteOperation Operation, IMessage? Record);

/// <summary>
/// One write, retry-safe to the source record. The write is recorded (WriteRequested) before the source is called, in
/// a stream whose id follows from (connection, request id): a repeat of the request id finds it and answers the first
/// call's result — concurrently (it waits), later, or after a restart. When the first attempt died after the source
/// accepted the write but before its outcome was recorded, the repeat takes the write over and looks for the record at
/// the source through the system's own handle; a system without one reports OUTCOME_UNKNOWN instead of writing twice.
/// On success the written record enters the read model and the change log in the same transaction as the outcome.
/// </summary>
public sealed class WriteHandler(
    IDocumentStore store,
    WriterRegistry writers,
    SourceTargets targets,
    RecordChangeWriter records,
    ChangeNotifier notifier,
    SourceRejections rejections,
    ConnectionHealthMonitor health,
    IOptions<WriteOptions> options,
    TimeProvider clock)
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));

    public async Task<WriteOutcome> HandleAsync(WriteCommand command, CancellationToken ct)
    {
        // The connection, its credentials and a first call with this request id, in one round trip.
        var writeId = WriteId(command.Scope.ConnectionId, command.RequestId);
        var (connection, credentials, existing) = await LoadAsync(command, writeId, ct);
        WriteTiming.Mark("load");
        var system = SystemCatalog.Find(connection.SystemId)!;
        var kind = ToKind(command.Operation);
        if (!system.Supports(command.Shape.Kind, ToOperation(command.Operation)))
            throw RecordQueries.NotSupported(system.SystemId, command.Shape, command.Operation.ToString().ToLowerInvariant());
        var writer = writers.Get(system.SystemId);
        var requirements = writer.RequirementsOf(command.Shape.Kind, kind);

        // A repeat is answered from the first call before anything else is checked: the record it deleted is gone,
        // the defaults it used may have changed since, and the caller still deserves the first call's answer.
        var payloadHash = HashOf(command);
        if (existing is not null)
            return await ReplayOrRecoverAsync(command, connection, writer, requirements, existing, payloadHash, MergeRemoteFields(command, connection), ct);

        var (target, remoteFields) = await ValidateAsync(command, connection, requirements, ct);
        var fields = command.Operation == WriteOp.Update ? command.Mask.ToList()
            : command.Record is null ? [] : command.Record.Descriptor.Fields.InDeclarationOrder()
                .Where(f => FieldPaths.IsSet(command.Record, f))
                .Select(f => f.Name).ToList();
        var payload = PayloadOf(command, remoteFields);
        var requested = new WriteRequested(writeId, connection.Id, command.Shape.Kind, command.Operation, command.RequestId, payloadHash,
            payload, command.TargetId, target?.RemoteId, fields, clock.GetUtcNow() + options.Value.Lease, clock.GetUtcNow());
        // The first attempt is recorded as sent with the request, in one commit: nothing but loading the target's
        // credentials lies between them, and a crash in that gap only makes recovery look at the source first.
        var sent = new WriteSent(1, requested.At);
        WriteTiming.Mark("validate");
        var operation = await StartAsync(requested, sent, ct);
        WriteTiming.Mark("record");
        if (operation is null)
            return await ExecuteAsync(command, connection, writer, requirements, WriteOperation.Create(requested).Apply(sent), remoteFields,
                recovering: false, ct, sentRecorded: true, credentials);
        return await ReplayOrRecoverAsync(command, connection, writer, requirements, operation, payloadHash, remoteFields, ct);
    }

    private static WritePayload PayloadOf(WriteCommand command, JsonObject remoteFields) =>
        new(command.Record is null ? null : Formatter.Format(command.Record), remoteFields.ToJsonString(),
            command.Mask, command.Etag, command.Adjustment?.Location, command.Adjustment?.Delta, command.Adjustment?.NewQuantity, command.Adjustment?.Reason);

    /// <summary>What identifies the call for request_id reuse: its own inputs, not the connection's defaults.</summary>
    private static string HashOf(WriteCommand command) =>
        Hash(command.Shape.Name, command.Operation.ToString(), command.TargetId ?? "",
            JsonSerializer.Serialize(PayloadOf(command, command.RemoteFields ?? new JsonObject())));

    /// <summary>Starts the write's stream; returns null when this call owns it, else the existing write.</summary>
    private async Task<WriteOperation?> StartAsync(WriteRequested requested, WriteSent sent, CancellationToken ct)
    {
        await using (var session = store.LightweightSession())
        {
            session.Events.StartStream<WriteOperation>(requested.WriteId, requested, sent);
            try
            {
                await session.SaveChangesAsync(ct);
                return null;
            }
            catch (Exception e) when (StreamCollision.Is(e)) { }
        }
        return await LoadOperationAsync(requested.WriteId, ct);
    }

    private async Task<WriteOutcome> ReplayOrRecoverAsync(WriteCommand command, Connection connection, IEntityWriter writer, WriteRequirements requirements,
        WriteOperation operation, string payloadHash, JsonObject remoteFields, CancellationToken ct)
    {
        var deadline = clock.GetUtcNow() + options.Value.WaitForConcurrent;
        while (true)
        {
            if (operation.PayloadHash != payloadHash)
            {
                throw new DomainException(ErrorKind.AlreadyExists, "IDEMPOTENCY_KEY_REUSED",
                    $"request_id '{command.RequestId}' was used for a different write on this connection; use a new request_id for a new write.",
                    new Dictionary<string, string> { ["request_id"] = command.RequestId, ["write_operation_id"] = operation.Id });
            }
            if (operation.Terminal) return await ReplayAsync(command.Shape, operation, ct);

            var now = clock.GetUtcNow();
            if (operation.LeaseUntil <= now)
            {
                // The first attempt's owner is gone: take the write over (one taker wins the expected version).
                var taken = await TryTakeOverAsync(operation, ct);
                if (taken is not null) return await ExecuteAsync(command, connection, writer, requirements, taken, remoteFields, recovering: true, ct);
            }
            else if (now > deadline)
            {
                throw new DomainException(ErrorKind.Aborted, "WRITE_IN_PROGRESS",
                    "The first call with this request_id is still running; retry the same call to get its result.",
                    new Dictionary<string, string> { ["write_operation_id"] = operation.Id });
            }
            await Task.Delay(50, ct);
            operation = (await LoadOperationAsync(operation.Id, ct))!;
        }
    }

    private async Task<WriteOperation?> TryTakeOverAsync(WriteOperation operation, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var stream = await session.Events.FetchForWriting<WriteOperation>(operation.Id, operation.Version, ct);
        stream.AppendOne(new WriteRecovered(operation.Attempts > 0 ? "resumed after an unfinished attempt" : "started", clock.GetUtcNow() + options.Value.Lease, clock.GetUtcNow()));
        try
        {
            await session.SaveChangesAsync(ct);
            return await session.Events.FetchLatest<WriteOperation>(operation.Id, ct);
        }
        catch (ConcurrencyException)
        {
            return null;
        }
    }

    private async Task<WriteOutcome> ExecuteAsync(WriteCommand command, Connection connection, IEntityWriter writer, WriteRequirements requirements,
        WriteOperation operation, JsonObject remoteFields, bool recovering, CancellationToken ct, bool sentRecorded = false,
        ConnectionCredentials? credentials = null)
    {
        var request = new WriteRequest(command.Shape.Kind, ToKind(command.Operation), operation.RemoteId, command.Record, command.Mask,
            remoteFields, command.Etag, "mk-" + operation.Id[3..], command.Adjustment);
        var target = credentials is null ? await targets.ForAsync(connection, ct) : targets.For(connection, credentials);
        WriteTiming.Mark("credentials");
        using var scope = SourceScope.Enter(connection.Id, connection.SystemId);
        var relative = command.Operation == WriteOp.Create || (command.Operation == WriteOp.Adjust && command.Adjustment?.Delta is not null);

        if (recovering && operation.Attempts > 0 && relative)
        {
            // The source may already have it. Sending again could make a second record: look first.
            if (requirements.RetrySafeHandle is null)
                await FinishUnknownAsync(connection.AccountId, operation, "The first attempt's outcome was lost and this system offers no handle to find the record.", ct);
            var found = await FindAsync(writer, target, request, connection, operation, ct);
            if (found is not null) return await SucceedAsync(connection.AccountId, command.Shape, operation, found, command.Operation, ct);
        }

        if (!sentRecorded) await AppendAsync(operation.Id, new WriteSent(operation.Attempts + 1, clock.GetUtcNow()), ct);
        WriteResult result;
        WriteTiming.Mark("prepare");
        try
        {
            result = await writer.WriteAsync(target, request, ct);
            WriteTiming.Mark("source");
            await health.AnsweredAsync(connection, "write");
            WriteTiming.Mark("health");
        }
        catch (SourceValidationException e)
        {
            var metadata = new Dictionary<string, string>
            {
                ["system"] = e.SystemId, ["source_code"] = e.SourceCode, ["source_message"] = e.SourceMessage, ["http_status"] = e.HttpStatus.ToString(),
            };
            if (e.SourceField is { } sf) metadata["source_field"] = sf;
            if (e.UnifiedField is { } uf) metadata["field"] = uf;
            throw await FailAsync(connection.AccountId, operation, e.StateRule ? ErrorKind.FailedPrecondition : ErrorKind.InvalidArgument, "SOURCE_VALIDATION_FAILED",
                $"{e.SystemId} refused the write: {e.SourceMessage}", metadata, e.SourceCode, e.SourceMessage, ct);
        }
        catch (SourceConflictException e)
        {
            throw await FailAsync(connection.AccountId, operation, ErrorKind.Aborted, "ETAG_MISMATCH",
                $"The record changed at the source since the given etag: {e.SourceMessage}. Read it again and retry with its etag.",
                new Dictionary<string, string> { ["system"] = e.SystemId }, "", e.SourceMessage, ct);
        }
        catch (SourceNotFoundException e)
        {
            throw await FailAsync(connection.AccountId, operation, ErrorKind.NotFound, "NOT_FOUND", $"The record no longer exists at the source ({e.RemoteId}).",
                new Dictionary<string, string> { ["remote_id"] = e.RemoteId }, "", e.Message, ct);
        }
        catch (SourceCredentialsRejectedException e)
        {
            await rejections.RecordAsync(connection.Id, target, e, "write", CancellationToken.None);
            throw await FailAsync(connection.AccountId, operation, ErrorKind.FailedPrecondition, ErrorReasons.ReauthorizationRequired,
                $"The source rejected the connection's credentials ({e.SourceMessage}); the connection needs reauthorization.",
                new Dictionary<string, string> { ["connection_id"] = connection.Id }, e.HttpStatus.ToString(), e.SourceMessage, ct);
        }
        catch (SourceCallRefusedException)
        {
            throw await FailAsync(connection.AccountId, operation, ErrorKind.FailedPrecondition, ErrorReasons.ConnectionDisconnected,
                $"Connection '{connection.Id}' was disconnected.", new Dictionary<string, string> { ["connection_id"] = connection.Id }, "", "", ct);
        }
        catch (SourceUnavailableException e) when (e.HttpStatus is not null)
        {
            await health.FailedAsync(connection.Id, "write", e);
            // The source answered with an error every time: it did not apply the write.
            throw await FailAsync(connection.AccountId, operation, ErrorKind.Unavailable, ErrorReasons.SourceUnavailable, $"{e.SystemId} could not take the write: {e.Detail}",
                new Dictionary<string, string> { ["system"] = e.SystemId, ["http_status"] = e.HttpStatus.Value.ToString() }, e.HttpStatus.Value.ToString(), e.Detail, ct);
        }
        catch (SourceUnavailableException e)
        {
            await health.FailedAsync(connection.Id, "write", e);
            // No answer: the source may have applied it. Look where the system lets us; otherwise say so.
            if (relative && requirements.RetrySafeHandle is not null)
            {
                var found = await FindAsync(writer, target, request, connection, operation, ct);
                if (found is not null) return await SucceedAsync(connection.AccountId, command.Shape, operation, found, command.Operation, ct);
                throw await FailAsync(connection.AccountId, operation, ErrorKind.Unavailable, ErrorReasons.SourceUnavailable, $"{e.SystemId} did not take the write: {e.Detail}",
                    new Dictionary<string, string> { ["system"] = e.SystemId }, "", e.Detail, ct);
            }
            if (relative) await FinishUnknownAsync(connection.AccountId, operation, $"No answer from {e.SystemId} ({e.Detail}) and no handle to find out whether it applied the write.", ct);
            // Updates and deletes can be sent again safely: release the write so a retry of the same request id does.
            await AppendAsync(operation.Id, new WriteRecovered("released after no answer", clock.GetUtcNow(), clock.GetUtcNow()), ct);
            throw SourceErrors.Unavailable(e);
        }
        return await SucceedAsync(connection.AccountId, command.Shape, operation, result.Record, command.Operation, ct);
    }

    private async Task<SourceRecord?> FindAsync(IEntityWriter writer, SourceTarget target, WriteRequest request, Connection connection, WriteOperation operation, CancellationToken ct)
    {
        try { return await writer.FindWrittenAsync(target, request, ct); }
        catch (NotSupportedException) { await FinishUnknownAsync(connection.AccountId, operation, "This system offers no handle to find the record.", ct); return null; }
        catch (SourceUnavailableException e)
        {
            // Still unreachable: leave the write pending so the next repeat looks again.
            await AppendAsync(operation.Id, new WriteRecovered("released: the source could not be asked", clock.GetUtcNow(), clock.GetUtcNow()), ct);
            throw SourceErrors.Unavailable(e);
        }
        catch (SourceCredentialsRejectedException e)
        {
            await rejections.RecordAsync(connection.Id, target, e, "write", CancellationToken.None);
            await AppendAsync(operation.Id, new WriteRecovered("released: credentials rejected", clock.GetUtcNow(), clock.GetUtcNow()), ct);
            throw new DomainException(ErrorKind.FailedPrecondition, ErrorReasons.ReauthorizationRequired,
                "The source rejected the connection's credentials; the connection needs reauthorization.");
        }
    }

    private async Task<WriteOutcome> SucceedAsync(string accountId, EntityShape shape, WriteOperation operation, SourceRecord? record, WriteOp op, CancellationToken ct)
    {
        // Our own transaction, so the session's save does not commit: the change log comes last, because logging holds
        // the connection's sequence counter (which every concurrent write and sync page waits for) until commit.
        await using var connection = await store.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var session = store.LightweightSession(SessionOptions.ForTransaction(transaction));
        WriteTiming.Mark("open");
        var now = clock.GetUtcNow();
        string? recordId = operation.RecordId;
        PreparedRecord? stored = null;
        StagedChanges staged;
        // A delete that left the record readable at the source (SAP cancels a purchase order) answers the record as it
        // now is: it is stored like an update. Otherwise the record is gone there and marked deleted here.
        if (op == WriteOp.Delete && record is null)
            staged = await records.StageDeletionsAsync(session, operation.ConnectionId, shape, recordId is null ? [] : [recordId], "write", now, ct);
        else
        {
            stored = RecordChangeWriter.Prepare(operation.ConnectionId, shape, [record!])[0];
            recordId = stored.Id;
            staged = await records.StageOneAsync(session, operation.ConnectionId, shape, stored, "write", now, ct);
        }
        WriteTiming.Mark("stage");
        var succeeded = new WriteSucceeded(recordId, record?.RemoteId ?? operation.RemoteId, now);
        var stream = await session.Events.FetchForWriting<WriteOperation>(operation.Id, ct);
        WriteTiming.Mark("fetch");
        stream.AppendOne(succeeded);
        EnqueueWebhook(session, accountId, WebhookEventTypes.WriteSucceeded, operation.Apply(succeeded), now);
        await session.SaveChangesAsync(ct);
        WriteTiming.Mark("save");
        var last = await records.LogAndCommitAsync(connection, transaction, staged, ct);
        notifier.Notify(operation.ConnectionId, last);
        WriteTiming.Mark("log-commit");
        // The answer is what was just committed: the write's state after its last event, the record as stored.
        return new WriteOutcome(operation.Apply(succeeded), stored is null ? null : shape.ParseBytes(stored.Proto));
    }

    private async Task<WriteOutcome> ReplayAsync(EntityShape shape, WriteOperation operation, CancellationToken ct)
    {
        await AppendAsync(operation.Id, new WriteReplayed(clock.GetUtcNow()), ct);
        var replayed = (await LoadOperationAsync(operation.Id, ct))!;
        return replayed.Status switch
        {
            WriteStatus.Succeeded => new WriteOutcome(replayed,
                replayed.Operation == WriteOp.Delete || replayed.RecordId is null ? null : await LoadRecordAsync(shape, replayed.RecordId, ct)),
            WriteStatus.Failed => throw ToException(replayed.Error!),
            _ => throw OutcomeUnknown(replayed),
        };
    }

    private async Task<DomainException> FailAsync(string accountId, WriteOperation operation, ErrorKind kind, string reason, string message,
        IReadOnlyDictionary<string, string> metadata, string sourceCode, string sourceMessage, CancellationToken ct)
    {
        var meta = new Dictionary<string, string>(metadata) { ["write_operation_id"] = operation.Id };
        var error = new WriteError(kind.ToString(), reason, message, meta);
        var failed = new WriteFailed(error, sourceCode, sourceMessage, clock.GetUtcNow());
        await AppendAsync(operation.Id, failed, CancellationToken.None,
            session => EnqueueWebhook(session, accountId, WebhookEventTypes.WriteFailed, operation.Apply(failed), failed.At));
        return ToException(error);
    }

    private async Task FinishUnknownAsync(string accountId, WriteOperation operation, string detail, CancellationToken ct)
    {
        var unknown = new WriteOutcomeUnknown(detail, clock.GetUtcNow());
        await AppendAsync(operation.Id, unknown, CancellationToken.None,
            session => EnqueueWebhook(session, accountId, WebhookEventTypes.WriteFailed, operation.Apply(unknown), unknown.At));
        throw OutcomeUnknown((await LoadOperationAsync(operation.Id, ct))!);
    }

    private static DomainException OutcomeUnknown(WriteOperation operation) =>
        new(ErrorKind.FailedPrecondition, "WRITE_OUTCOME_UNKNOWN",
            "The source may or may not have applied this write, and the system offers no way to find out. Check the record at the source " +
            "before writing again with a new request_id.",
            new Dictionary<string, string> { ["write_operation_id"] = operation.Id, ["detail"] = operation.SourceMessage });

    private static DomainException ToException(WriteError error) =>
        new(Enum.Parse<ErrorKind>(error.Kind), error.Reason, error.Message, error.Metadata);

    /// <summary>Appends one step; concurrent repeats recording their replays can collide on the stream, so it retries.</summary>
    private Task AppendAsync(string writeId, object @event, CancellationToken ct, Action<IDocumentSession>? alongside = null) =>
        store.WriteAsync(async session =>
        {
            var stream = await session.Events.FetchForWriting<WriteOperation>(writeId, ct);
            stream.AppendOne(@event);
            alongside?.Invoke(session);
            await session.SaveChangesAsync(ct);
            return true;
        }, ct);

    /// <summary>write.succeeded / write.failed, committed with the step that ends the write.</summary>
    private static void EnqueueWebhook(IDocumentSession session, string accountId, string type, WriteOperation after, DateTimeOffset at) =>
        WebhookOutbox.Enqueue(session, type, accountId, after.ConnectionId, new V1.WriteEventData { WriteOperation = WriteHistoryMapping.ToProto(after) }, at);

    private async Task<WriteOperation?> LoadOperationAsync(string writeId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<WriteOperation>(writeId, ct);
    }

    private async Task<IMessage?> LoadRecordAsync(EntityShape shape, string recordId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var record = await session.LoadAsync<SyncedRecord>(recordId, ct);
        return record is null ? null : RecordQueries.ToMessage(shape, record, RecordView.Full, null);
    }

    private async Task<(Connection Connection, ConnectionCredentials? Credentials, WriteOperation? Existing)> LoadAsync(WriteCommand command,
        string writeId, CancellationToken ct)
    {
        new Validator()
            .Check(IsRequestId(command.RequestId), "request_id", "is required: 1 to 100 letters, digits, '-', '_', '.' or ':' (a UUID is a good choice)")
            .ThrowIfInvalid();
        await using var session = store.QuerySession();
        var batch = session.CreateBatchQuery();
        var connectionLoad = batch.Load<Connection>(command.Scope.ConnectionId);
        var credentialsLoad = batch.Load<ConnectionCredentials>(command.Scope.ConnectionId);
        var existingLoad = batch.Load<WriteOperation>(writeId);
        await batch.Execute(ct);
        var connection = await connectionLoad ?? throw Errors.NotFound("connection", command.Scope.ConnectionId);
        SyncCommands.EnsureCanReachSource(new ConnectionScope(connection.Id, connection.AccountId, connection.SystemId, connection.Status));
        return (connection, await credentialsLoad, await existingLoad);
    }

    /// <summary>Checks the request against what the system needs, before any source call; returns the target record
    /// (updates, deletes, adjustments) and the system-specific fields (write defaults overlaid with the call's).</summary>
    private async Task<(SyncedRecord? Target, JsonObject RemoteFields)> ValidateAsync(WriteCommand command, Connection connection,
        WriteRequirements requirements, CancellationToken ct)
    {
        var v = new Validator();
        var prefix = command.Shape.Name;
        SyncedRecord? target = null;
        if (command.Operation != WriteOp.Create)
        {
            var idField = command.Operation == WriteOp.Adjust ? "inventory_item_id" : command.Operation == WriteOp.Delete ? "id" : $"{prefix}.id";
            if (string.IsNullOrEmpty(command.TargetId)) v.Add(idField, "is required");
            else
            {
                await using var session = store.QuerySession();
                target = RecordIds.LooksLike(command.TargetId, command.Shape) ? await session.LoadAsync<SyncedRecord>(command.TargetId, ct) : null;
                if (target is null || target.ConnectionId != connection.Id || target.Entity != command.Shape.Name)
                    throw Errors.NotFound(command.Shape.Name, command.TargetId);
                if (target.RemoteDeletedAt is not null)
                {
                    throw new DomainException(ErrorKind.FailedPrecondition, "RECORD_DELETED",
                        $"{command.Shape.Name} '{command.TargetId}' was deleted at the source.", new Dictionary<string, string> { ["id"] = command.TargetId });
                }
            }
        }
        if (command.Operation is WriteOp.Create or WriteOp.Update && command.Record is null) v.Add(prefix, "is required");
        if (command.Operation == WriteOp.Update)
        {
            if (command.Mask.Count == 0) v.Add("update_mask", "name the fields to change (AIP-134), or \"*\" for every writable field");
            for (var i = 0; i < command.Mask.Count; i++)
            {
                var path = command.Mask[i];
                if (path == "*") continue;
                if (!FieldPaths.Exists(command.Shape.Descriptor, path)) v.Add($"update_mask.paths[{i}]", $"'{path}' is not a field of {command.Shape.Name}");
                else if (!requirements.WritableFields.Any(w => path == w || path.StartsWith(w + ".", StringComparison.Ordinal) || w.StartsWith(path + ".", StringComparison.Ordinal)))
                    v.Add($"update_mask.paths[{i}]", $"'{path}' cannot be written in {connection.SystemId}; writable: {string.Join(", ", requirements.WritableFields)}");
            }
        }
        if (command.Record is not null)
        {
            // Required unified fields; on an update only those it changes.
            var required = command.Operation == WriteOp.Create ? requirements.RequiredFields
                : requirements.RequiredFields.Where(r => command.Mask.Contains("*") || command.Mask.Any(m => r == m || r.StartsWith(m + ".", StringComparison.Ordinal)));
            // "lines.quantity" and "lines.item_code" both report an empty "lines" once.
            foreach (var missing in required.SelectMany(path => FieldPaths.Missing(command.Record, path, prefix)).Distinct())
                v.Add(missing, $"is required by {connection.SystemId} for this write");
        }
        if (command.Operation == WriteOp.Adjust)
        {
            var a = command.Adjustment;
            if (a is null || (a.Delta is null) == (a.NewQuantity is null)) v.Add("quantity_delta", "set exactly one of quantity_delta and new_quantity");
            else if (!decimal.TryParse(a.Delta ?? a.NewQuantity, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var q))
                v.Add(a.Delta is not null ? "quantity_delta" : "new_quantity", "must be a decimal string such as \"5\" or \"-2.5\"");
            else if (a.NewQuantity is not null && q < 0) v.Add("new_quantity", "must not be negative");
            else if (a.Delta is not null && q == 0) v.Add("quantity_delta", "must not be zero");
        }

        var remote = MergeRemoteFields(command, connection);
        if (command.Operation == WriteOp.Create)
        {
            foreach (var field in requirements.SystemFields.Where(f => f.Required))
            {
                if (remote[field.Name] is null || (remote[field.Name] is JsonValue jv && jv.ToString().Length == 0))
                    v.Add($"remote_fields.{field.Name}", $"is required by {connection.SystemId} ({field.Description}); set it here or in the connection's write defaults");
            }
        }
        v.ThrowIfInvalid();
        return (target, remote);
    }

    /// <summary>The connection's write defaults overlaid with the call's remote fields. Defaults shape new records; an
    /// update sends only what its call names and never re-applies them.</summary>
    private static JsonObject MergeRemoteFields(WriteCommand command, Connection connection)
    {
        var remote = new JsonObject();
        if (command.Operation is WriteOp.Create or WriteOp.Adjust
            && connection.Settings?.WriteDefaults.TryGetValue(command.Shape.Name, out var defaults) == true && defaults is not null)
            foreach (var (k, value) in defaults) remote[k] = value?.DeepClone();
        foreach (var (k, value) in command.RemoteFields ?? []) remote[k] = value?.DeepClone();
        return remote;
    }

    private static bool IsRequestId(string id) =>
        id.Length is > 0 and <= 100 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');

    public static string WriteId(string connectionId, string requestId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(connectionId + "\n" + requestId), hash);
        return "wr_" + Convert.ToHexStringLower(hash[..16]);
    }

    private static string Hash(params string[] parts)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", parts)), hash);
        return Convert.ToHexStringLower(hash);
    }

    public static WriteKind ToKind(WriteOp op) => op switch
    {
        WriteOp.Create => WriteKind.Create,
        WriteOp.Update => WriteKind.Update,
        WriteOp.Delete => WriteKind.Delete,
        _ => WriteKind.Adjust,
    };

    private static Operations ToOperation(WriteOp op) => op switch
    {
        WriteOp.Create => Operations.Create,
        WriteOp.Update => Operations.Update,
        WriteOp.Delete => Operations.Delete,
        _ => Operations.Adjust,
    };
}
