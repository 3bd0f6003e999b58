using Grpc.Core;
using Makini.Grpc.Domain.Accounts.CreatingAccount;
using Makini.Grpc.Domain.Accounts.GrantingCredits;
using Makini.Grpc.Domain.Accounts.RotatingApiKey;
using Makini.Grpc.Domain.Accounts.UpdatingRateLimits;
using Makini.Grpc.Domain.RateLimits;
using Makini.Grpc.Domain.Security;
using Makini.Grpc.Server.Auth;
using Makini.Grpc.V1;
using Microsoft.Extensions.Options;

namespace Makini.Grpc.Server.Grpc;

[RequiresKey(TokenKind.Admin)]
public sealed class AccountGrpcService(
    CreateAccountHandler createAccount,
    GrantCreditsHandler grantCredits,
    RotateAccountApiKeyHandler rotateKey,
    UpdateAccountRateLimitsHandler updateRateLimits,
    IOptions<RateLimitOptions> rateLimits) : AccountService.AccountServiceBase
{
    public override async Task<CreateAccountResponse> CreateAccount(CreateAccountRequest request, ServerCallContext context)
    {
        var created = await createAccount.HandleAsync(new CreateAccount(request.DisplayName, request.Credits), context.CancellationToken);
        return new CreateAccountResponse { Account = created.Account.ToProto(rateLimits.Value), ApiKey = created.ApiKey };
    }

    public override async Task<GrantCreditsResponse> GrantCredits(GrantCreditsRequest request, ServerCallContext context)
    {
        var account = await grantCredits.HandleAsync(new GrantCredits(request.AccountId, request.Credits), context.CancellationToken);
        return new GrantCreditsResponse { Account = account.ToProto(rateLimits.Value) };
    }

    public override async Task<RotateAccountApiKeyResponse> RotateAccountApiKey(RotateAccountApiKeyRequest request, ServerCallContext context) =>
        new() { ApiKey = await rotateKey.HandleAsync(new RotateAccountApiKey(request.AccountId), context.CancellationToken) };

    public override async Task<UpdateAccountRateLimitsResponse> UpdateAccountRateLimits(UpdateAccountRateLimitsRequest request, ServerCallContext context)
    {
        var account = await updateRateLimits.HandleAsync(
            new UpdateAccountRateLimits(request.AccountId, request.ConnectionRequestsPerMinute, request.AccountRequestsPerMinute), context.CancellationToken);
        return new UpdateAccountRateLimitsResponse { Account = account.ToProto(rateLimits.Value) };
    }
}
