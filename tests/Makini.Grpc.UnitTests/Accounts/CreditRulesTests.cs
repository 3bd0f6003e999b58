using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Domain.Accounts;
using Makini.Grpc.Domain.Common;

namespace Makini.Grpc.UnitTests.Accounts;

public sealed class CreditRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("upkeep", 1, 2)]
    [InlineData("netsuite", 2, 4)]
    [InlineData("dynamics_bc", 2, 4)]
    [InlineData("ibm_maximo", 2, 4)]
    [InlineData("sap_s4hana", 4, 8)]
    public void Tier_sets_the_cost_and_on_premises_doubles_it(string systemId, int cloud, int onPrem)
    {
        var system = SystemCatalog.Find(systemId)!;
        system.CreditCost(Deployment.Cloud).ShouldBe(cloud);
        system.CreditCost(Deployment.OnPrem).ShouldBe(onPrem);
    }

    [Fact]
    public void Consuming_within_the_pool_is_allowed_to_the_last_credit()
    {
        var account = Account.Create(new AccountCreated("acct_1", "A", 4, "h", Now));
        var consumed = AccountDecisions.ConsumeCredits(account, "conn_1", 4, Now);
        account.Apply(consumed).AvailableCredits.ShouldBe(0);
    }

    [Fact]
    public void Consuming_past_the_pool_is_refused_with_required_and_available()
    {
        var account = Account.Create(new AccountCreated("acct_1", "A", 5, "h", Now))
            .Apply(new CreditsConsumed("conn_1", 4, Now));
        var e = Should.Throw<DomainException>(() => AccountDecisions.ConsumeCredits(account, "conn_2", 2, Now));
        e.Reason.ShouldBe(ErrorReasons.InsufficientCredits);
        e.Kind.ShouldBe(ErrorKind.FailedPrecondition);
        e.Metadata["required"].ShouldBe("2");
        e.Metadata["available"].ShouldBe("1");
    }

    [Fact]
    public void Returned_and_granted_credits_flow_back_into_the_pool()
    {
        var account = Account.Create(new AccountCreated("acct_1", "A", 5, "h", Now))
            .Apply(new CreditsConsumed("conn_1", 4, Now))
            .Apply(new CreditsReturned("conn_1", 4, Now))
            .Apply(new CreditsGranted(3, Now));
        (account.TotalCredits, account.UsedCredits, account.AvailableCredits).ShouldBe((8L, 0L, 8L));
    }
}
