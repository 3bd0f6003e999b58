using Makini.Grpc.Domain.Accounts;
using Makini.Grpc.Domain.Common;
using Makini.Grpc.Domain.Connections;
using Makini.Grpc.Domain.RateLimits;
using Makini.Grpc.Domain.Security;
using Makini.Grpc.Domain.Security.Tokens;

namespace Makini.Grpc.UnitTests.RateLimits;

public sealed class RateLimitRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private static Account NewAccount() => Account.Create(new AccountCreated("acct_1", "A", 4, "h", Now));

    [Fact]
    public void A_new_account_has_the_documented_defaults()
    {
        new RateLimitOptions().EffectiveFor(NewAccount()).ShouldBe((600, 6000));
    }

    [Fact]
    public void Limits_set_on_the_account_replace_the_defaults_and_zero_restores_them()
    {
        var options = new RateLimitOptions { ConnectionRequestsPerMinute = 50, AccountRequestsPerMinute = 70 };
        var limited = NewAccount().Apply(AccountDecisions.UpdateRateLimits(NewAccount(), 5, 9, Now));
        options.EffectiveFor(limited).ShouldBe((5, 9));
        var onlyAccount = limited.Apply(AccountDecisions.UpdateRateLimits(limited, 0, 9, Now));
        options.EffectiveFor(onlyAccount).ShouldBe((50, 9));
    }

    [Theory]
    [InlineData(-1, 10, "connection_requests_per_minute")]
    [InlineData(10, 1_000_001, "account_requests_per_minute")]
    public void Limits_out_of_range_are_refused_by_field(int perConnection, int perAccount, string field)
    {
        var e = Should.Throw<ValidationException>(() => AccountDecisions.UpdateRateLimits(NewAccount(), perConnection, perAccount, Now));
        e.Violations.Select(v => v.Field).ShouldBe([field]);
    }

    [Fact]
    public void Connection_tokens_spend_their_connection_and_other_keys_their_account_and_admin_nothing()
    {
        RequestRateLimits.TargetOf(Principal.Admin).ShouldBeNull();
        RequestRateLimits.TargetOf(new Principal(TokenKind.Connection, "conn_1", "acct_1", 1))
            .ShouldBe(new RateLimitTarget(RateLimitScope.Connection, "conn_1", "acct_1"));
        foreach (var kind in new[] { TokenKind.Account, TokenKind.Link, TokenKind.Public })
        {
            RequestRateLimits.TargetOf(new Principal(kind, "sub_1", "acct_1", 1))
                .ShouldBe(new RateLimitTarget(RateLimitScope.Account, "acct_1", "acct_1"));
        }
    }

    [Fact]
    public void The_error_carries_reason_scope_limit_and_a_retry_delay_rounded_up_to_seconds()
    {
        var e = Errors.RateLimitExceeded("connection", 5, TimeSpan.FromMilliseconds(12_300));
        (e.Kind, e.Reason).ShouldBe((ErrorKind.ResourceExhausted, ErrorReasons.RateLimitExceeded));
        e.Metadata["limit"].ShouldBe("5");
        e.Metadata["scope"].ShouldBe("connection");
        e.RetryDelay.ShouldBe(TimeSpan.FromMilliseconds(12_300));
        Errors.RetryAfterSeconds(TimeSpan.FromMilliseconds(12_300)).ShouldBe(13);
        Errors.RetryAfterSeconds(TimeSpan.FromMilliseconds(3)).ShouldBe(1);
    }

    [Theory]
    [InlineData(600, 2, 300)]
    [InlineData(5, 2, 2)]
    [InlineData(1, 3, 1)]
    [InlineData(10, 0, 10)]
    public void Without_redis_each_node_takes_its_share_and_never_less_than_one(int limit, int nodes, int share)
    {
        RateLimiter.NodeShare(limit, nodes).ShouldBe(share);
    }
}

public sealed class LocalRateWindowsTests
{
    private const long T0 = 1_000_000;

    [Fact]
    public void Exactly_the_limit_passes_in_a_window_and_the_refusal_says_when_it_ends()
    {
        var windows = new LocalRateWindows();
        for (var i = 0; i < 3; i++) windows.Take("k", 3, T0 + i * 1000).Allowed.ShouldBeTrue();
        var refused = windows.Take("k", 3, T0 + 20_000);
        refused.Allowed.ShouldBeFalse();
        refused.RetryAfter.ShouldBe(TimeSpan.FromSeconds(40));
    }

    [Fact]
    public void The_window_starts_with_the_first_call_and_a_new_one_opens_when_it_ends()
    {
        var windows = new LocalRateWindows();
        windows.Take("k", 1, T0).Allowed.ShouldBeTrue();
        windows.Take("k", 1, T0 + 59_999).Allowed.ShouldBeFalse();
        windows.Take("k", 1, T0 + 60_000).Allowed.ShouldBeTrue();
        windows.Take("k", 1, T0 + 60_001).Allowed.ShouldBeFalse();
    }

    [Fact]
    public void Refused_calls_do_not_count_and_keys_are_independent()
    {
        var windows = new LocalRateWindows();
        windows.Take("a", 2, T0).Allowed.ShouldBeTrue();
        windows.Take("a", 2, T0).Allowed.ShouldBeTrue();
        for (var i = 0; i < 5; i++) windows.Take("a", 2, T0 + 1).Allowed.ShouldBeFalse();
        windows.Take("b", 2, T0 + 1).Allowed.ShouldBeTrue();
        windows.Take("a", 2, T0 + 60_000).Allowed.ShouldBeTrue();
    }
}
