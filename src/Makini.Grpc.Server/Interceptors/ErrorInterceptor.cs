using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using JasperFx;
using Makini.Grpc.Domain.Common;
using Npgsql;
using Status = Google.Rpc.Status;

namespace Makini.Grpc.Server.Interceptors;

/// <summary>The one place where exceptions become gRPC statuses (AIP-193): google.rpc.Status with ErrorInfo, BadRequest
/// for field violations, RetryInfo (and a <c>retry-after</c> trailer in seconds) when the error says when to retry, and
/// RequestInfo carrying the request id, which the log line of the failure repeats.</summary>
public sealed partial class ErrorInterceptor(ILogger<ErrorInterceptor> log) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try { return await continuation(request, context); }
        catch (Exception e) { throw Translate(e, context); }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try { await continuation(request, responseStream, context); }
        catch (Exception e) { throw Translate(e, context); }
    }

    private RpcException Translate(Exception e, ServerCallContext context)
    {
        var requestId = RequestIdMiddleware.Get(context.GetHttpContext());
        var status = e switch
        {
            RpcException => null, // already a status, e.g. from a nested call
            ValidationException v => Rich(Code.InvalidArgument, v.Message, v.Reason, v.Metadata, requestId,
                new BadRequest { FieldViolations = { v.Violations.Select(f => new BadRequest.Types.FieldViolation { Field = f.Field, Description = f.Description }) } }),
            DomainException { RetryDelay: { } delay } d => Rich(ToCode(d.Kind), d.Message, d.Reason, d.Metadata, requestId,
                new RetryInfo { RetryDelay = Duration.FromTimeSpan(delay) }),
            DomainException d => Rich(ToCode(d.Kind), d.Message, d.Reason, d.Metadata, requestId),
            ConcurrencyException => Rich(Code.Aborted, "The resource was changed concurrently; retry the call.",
                ErrorReasons.ConcurrentModification, null, requestId),
            OperationCanceledException when context.CancellationToken.IsCancellationRequested =>
                Rich(Code.Cancelled, "The call was cancelled by the client.", "CANCELLED", null, requestId),
            NpgsqlException or TimeoutException => Rich(Code.Unavailable, "The data store is unavailable; retry shortly.",
                ErrorReasons.StoreUnavailable, null, requestId),
            _ => Rich(Code.Internal, $"An unexpected error occurred; quote request id {requestId}.", "INTERNAL_ERROR", null, requestId),
        };

        if (status is null)
        {
            var rpc = (RpcException)e;
            LogFailed(context.Method, rpc.StatusCode.ToString(), "", requestId, rpc.Status.Detail, null);
            return rpc;
        }
        var reason = status.Details.Select(d => d.TryUnpack<ErrorInfo>(out var info) ? info.Reason : null).FirstOrDefault(r => r is not null) ?? "";
        var unexpected = (Code)status.Code is Code.Internal or Code.Unavailable;
        LogFailed(context.Method, ((Code)status.Code).ToString(), reason, requestId, status.Message, unexpected ? e : null);
        var rpcException = status.ToRpcException();
        if (e is DomainException { RetryDelay: { } retryDelay })
        {
            // The HTTP convention as well as RetryInfo, for clients and proxies that read no status details.
            var trailers = new Metadata();
            foreach (var entry in rpcException.Trailers) trailers.Add(entry);
            trailers.Add("retry-after", Errors.RetryAfterSeconds(retryDelay).ToString());
            return new RpcException(rpcException.Status, trailers, rpcException.Message);
        }
        return rpcException;
    }

    private static Status Rich(Code code, string message, string reason, IReadOnlyDictionary<string, string>? metadata, string requestId, params Google.Protobuf.IMessage[] extra)
    {
        var info = new ErrorInfo { Reason = reason, Domain = ErrorReasons.Domain };
        if (metadata is not null) info.Metadata.Add(metadata.ToDictionary());
        var status = new Status { Code = (int)code, Message = message, Details = { Any.Pack(info) } };
        foreach (var detail in extra) status.Details.Add(Any.Pack(detail));
        status.Details.Add(Any.Pack(new RequestInfo { RequestId = requestId }));
        return status;
    }

    private static Code ToCode(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidArgument => Code.InvalidArgument,
        ErrorKind.NotFound => Code.NotFound,
        ErrorKind.AlreadyExists => Code.AlreadyExists,
        ErrorKind.FailedPrecondition => Code.FailedPrecondition,
        ErrorKind.Aborted => Code.Aborted,
        ErrorKind.Unauthenticated => Code.Unauthenticated,
        ErrorKind.PermissionDenied => Code.PermissionDenied,
        ErrorKind.ResourceExhausted => Code.ResourceExhausted,
        ErrorKind.Unavailable => Code.Unavailable,
        ErrorKind.Unimplemented => Code.Unimplemented,
        _ => Code.Internal,
    };

    [LoggerMessage(2001, LogLevel.Warning, "{Method} failed: {Status} {Reason} request_id={RequestId}: {Message}")]
    private partial void LogFailed(string method, string status, string reason, string requestId, string message, Exception? exception);
}
