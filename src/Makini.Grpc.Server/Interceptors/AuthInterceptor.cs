using Grpc.Core;
using Grpc.Core.Interceptors;
using Makini.Grpc.Domain.Common;
using Makini.Grpc.Domain.Security;
using Makini.Grpc.Domain.Security.Tokens;
using Makini.Grpc.Server.Auth;

namespace Makini.Grpc.Server.Interceptors;

/// <summary>Resolves the bearer key of every makini.v1 call and checks it against the method's <see cref="RequiresKeyAttribute"/>.
/// The key is checked again when the handler is done, so a call racing a revocation cannot answer after the
/// revocation returned. Health and reflection carry no attribute and need no key.</summary>
public sealed class AuthInterceptor(PrincipalResolver resolver, TimeProvider clock) : Interceptor
{
    private const string OurPackage = "/makini.v1.";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var token = await AuthenticateAsync(context);
        var response = await continuation(request, context);
        if (token is not null) await EnsureStillValidAsync(token, context);
        return response;
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        await continuation(request, responseStream, context);
    }

    /// <summary>Returns the presented token, or null for methods that need none.</summary>
    private async Task<string?> AuthenticateAsync(ServerCallContext context)
    {
        var requirement = context.GetHttpContext().GetEndpoint()?.Metadata.GetMetadata<RequiresKeyAttribute>();
        if (requirement is null)
        {
            if (context.Method.StartsWith(OurPackage, StringComparison.Ordinal))
                throw new DomainException(ErrorKind.PermissionDenied, ErrorReasons.KeyNotAllowed, "This method is not open to any key.");
            return null;
        }

        var token = BearerToken(context) ?? throw Errors.TokenInvalid();
        var principal = await resolver.ResolveAsync(token, context.CancellationToken) ?? throw Errors.TokenInvalid();
        if (principal.IsExpired(clock.GetUtcNow())) throw Errors.TokenExpired(Describe(principal.Kind));
        if (!requirement.Kinds.Contains(principal.Kind))
        {
            throw new DomainException(ErrorKind.PermissionDenied, ErrorReasons.KeyNotAllowed,
                $"This method takes {string.Join(" or ", requirement.Kinds.Select(Describe))}; the call presented {Describe(principal.Kind)}.",
                new Dictionary<string, string> { ["presented"] = principal.Kind.ToString(), ["accepted"] = string.Join(",", requirement.Kinds) });
        }
        context.SetPrincipal(principal, token);
        return token;
    }

    private async Task EnsureStillValidAsync(string token, ServerCallContext context)
    {
        var principal = context.Principal();
        if (principal.Kind == TokenKind.Admin) return;
        var now = await resolver.ResolveAsync(token, CancellationToken.None);
        if (now is null || now.SubjectId != principal.SubjectId) throw Errors.TokenInvalid();
    }

    private static string? BearerToken(ServerCallContext context)
    {
        var header = context.RequestHeaders.GetValue("authorization");
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return null;
        var token = header[7..].Trim();
        return token.Length is > 0 and <= 512 ? token : null;
    }

    private static string Describe(TokenKind kind) => kind switch
    {
        TokenKind.Admin => "the admin key",
        TokenKind.Account => "an account API key (mk_acct_…)",
        TokenKind.Connection => "a connection token (mk_conn_…)",
        TokenKind.Link => "a link token (mk_link_…)",
        _ => "a public token (mk_pub_…)",
    };
}
