using Grpc.Core;
using Grpc.Core.Interceptors;
using Makini.Grpc.Domain.RateLimits;
using Makini.Grpc.Server.Auth;

namespace Makini.Grpc.Server.Interceptors;

/// <summary>Spends one call of the caller's allowance before the handler runs (see <see cref="RequestRateLimits"/>).
/// A stream counts once, when it is opened. Calls without a principal (health, reflection) are not limited.</summary>
public sealed class RateLimitInterceptor(RequestRateLimits limits) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (context.TryPrincipal() is { } principal) await limits.EnsureAllowedAsync(principal, context.CancellationToken);
        return await continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (context.TryPrincipal() is { } principal) await limits.EnsureAllowedAsync(principal, context.CancellationToken);
        await continuation(request, responseStream, context);
    }
}
