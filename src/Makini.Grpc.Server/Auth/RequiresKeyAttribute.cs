using Makini.Grpc.Domain.Security;

namespace Makini.Grpc.Server.Auth;

/// <summary>Which kinds of bearer key may call a gRPC service or method. A method-level attribute overrides the class.
/// Every makini.v1 method must carry one; calls to an unmarked makini.v1 method are refused.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresKeyAttribute(params TokenKind[] kinds) : Attribute
{
    public IReadOnlyList<TokenKind> Kinds { get; } = kinds;
}
