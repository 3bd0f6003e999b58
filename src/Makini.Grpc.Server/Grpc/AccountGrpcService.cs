using Grpc.Core;
using Makini.Grpc.Domain.Accounts.CreatingAccount;
using Makini.Grpc.Domain.Accounts.GrantingCredits;
using Makini.Grpc.Domain.Accounts.RotatingApiKey;
using Makini.Grpc.Domain.Security;
using Makini.Grpc.Server.Auth;
using Makini.Grpc.V1;

namespace Makini.Grpc.Server.Grpc;

[RequiresKey(TokenKind.Admin)]
public sealed class AccountGrpcService(
    CreateAccountHandler createAccount,
    GrantCreditsHandler grantCredits,
    RotateAccountApiKeyHandler rotateKey) : AccountService.AccountServiceBase
{
    public override async Task<CreateAccountResponse> CreateAccount(CreateAccountRequest request, ServerCallContext context)
    {
        var created = await createAccount.HandleAsync(new CreateAccount(request.DisplayName, request.Credits), context.CancellationToken);
        return new CreateAccountResponse { Account = created.Account.ToProto(), ApiKey = created.ApiKey };
    }

    public override async Task<GrantCreditsResponse> GrantCredits(GrantCreditsRequest request, ServerCallContext context)
    {
        var account = await grantCredits.HandleAsync(new GrantCredits(request.AccountId, request.Credits), context.CancellationToken);
        return new GrantCreditsResponse { Account = account.ToProto() };
    }

    public override async Task<RotateAccountApiKeyResponse> RotateAccountApiKey(RotateAccountApiKeyRequest request, ServerCallContext context) =>
        new() { ApiKey = await rotateKey.HandleAsync(new RotateAccountApiKey(request.AccountId), context.CancellationToken) };
}
