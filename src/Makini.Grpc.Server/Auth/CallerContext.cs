using Grpc.Core;
using Makini.Grpc.Domain.Security.Tokens;

namespace Makini.Grpc.Server.Auth;

public static class CallerContext
{
    private const string PrincipalKey = "makini.principal";
    private const string TokenKey = "makini.token";

    public static void SetPrincipal(this ServerCallContext context, Principal principal, string token)
    {
        context.UserState[PrincipalKey] = principal;
        context.UserState[TokenKey] = token;
    }

    /// <summary>The bearer key the call presented, for re-checks during long streams.</summary>
    public static string Token(this ServerCallContext context) => (string)context.UserState[TokenKey];

    /// <summary>The authenticated caller, or null for methods that need no key (health, reflection).</summary>
    public static Principal? TryPrincipal(this ServerCallContext context) =>
        context.UserState.TryGetValue(PrincipalKey, out var p) ? p as Principal : null;

    /// <summary>The authenticated caller; set by <see cref="Interceptors.AuthInterceptor"/> before any handler runs.</summary>
    public static Principal Principal(this ServerCallContext context) =>
        context.UserState.TryGetValue(PrincipalKey, out var p) && p is Principal principal
            ? principal
            : throw new InvalidOperationException("No principal: the method is missing a [RequiresKey] attribute.");
}
