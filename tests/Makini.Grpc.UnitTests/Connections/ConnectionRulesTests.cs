using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Domain.Common;
using Makini.Grpc.Domain.Connections;
using Makini.Grpc.Domain.Links;

namespace Makini.Grpc.UnitTests.Connections;

public sealed class ConnectionRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    private static Connection Active() =>
        Connection.Create(new ConnectionCreated("conn_1", "acct_1", "plant", "sap_s4hana", Deployment.OnPrem, "https://erp", 8, ["password", "username"], "link_1", Now))
            .Apply(new ConnectionTokenIssued("hash-1", "link_1", Now));

    [Fact]
    public void Disconnect_returns_what_the_connection_held_and_drops_the_token()
    {
        var connection = Active();
        var e = ConnectionDecisions.Disconnect(connection, Now);
        e.CreditsReturned.ShouldBe(8);
        var after = connection.Apply(e);
        (after.Status, after.Credits, after.TokenHash).ShouldBe((ConnectionStatus.Disconnected, 0L, (string?)null));
    }

    [Fact]
    public void A_disconnected_connection_cannot_be_disconnected_rotated_or_reauthorized()
    {
        var gone = Active().Apply(new ConnectionDisconnected(8, Now));
        Should.Throw<DomainException>(() => ConnectionDecisions.Disconnect(gone, Now)).Reason.ShouldBe(ErrorReasons.ConnectionDisconnected);
        Should.Throw<DomainException>(() => ConnectionDecisions.RotateToken(gone, "h2", Now)).Reason.ShouldBe(ErrorReasons.ConnectionDisconnected);
        Should.Throw<DomainException>(() => ConnectionDecisions.EnsureReauthorizable(gone)).Reason.ShouldBe(ErrorReasons.ConnectionDisconnected);
    }

    [Fact]
    public void Data_can_only_be_deleted_once_disconnected()
    {
        Should.Throw<DomainException>(() => ConnectionDecisions.DeleteData(Active(), Now)).Reason.ShouldBe(ErrorReasons.ConnectionNotDisconnected);
        var deleted = Active().Apply(new ConnectionDisconnected(8, Now)).Apply(new ConnectionDataDeleted(Now));
        (deleted.DataDeleted, deleted.CredentialFieldNames.Count).ShouldBe((true, 0));
    }

    [Fact]
    public void A_rejected_check_requires_reauthorization_which_revokes_the_token()
    {
        var rejected = Active().Apply((ConnectionCredentialsRejected)ConnectionDecisions.Checked(Active(), HealthCheckResult.CredentialsRejected, 401, "bad", "check", Now));
        rejected.Status.ShouldBe(ConnectionStatus.ReauthorizationRequired);
        rejected.TokenHash.ShouldBe("hash-1"); // reads of synced data keep working until reauthorized

        var reauthorized = rejected.Apply(new ConnectionReauthorized("link_2", "https://erp", ["password", "username"], Now));
        (reauthorized.Status, reauthorized.TokenHash).ShouldBe((ConnectionStatus.Active, (string?)null));
    }

    [Fact]
    public void A_passing_check_after_a_rejection_makes_the_connection_active_again()
    {
        var rejected = Active().Apply(new ConnectionCredentialsRejected(401, "bad", "check", Now));
        rejected.Apply(new ConnectionChecked(HealthCheckResult.Ok, "ok", Now)).Status.ShouldBe(ConnectionStatus.Active);
        rejected.Apply(new ConnectionChecked(HealthCheckResult.Unreachable, "down", Now)).Status.ShouldBe(ConnectionStatus.ReauthorizationRequired);
    }

    [Fact]
    public void A_rejected_check_of_a_connection_already_needing_reauthorization_only_records_the_check()
    {
        var rejected = Active().Apply(new ConnectionCredentialsRejected(401, "bad", "sync", Now));
        var again = ConnectionDecisions.Checked(rejected, HealthCheckResult.CredentialsRejected, 401, "still bad", "check", Now);
        var check = again.ShouldBeOfType<ConnectionChecked>();
        var after = rejected.Apply(check);
        (after.Status, after.LastHealthCheck!.Result).ShouldBe((ConnectionStatus.ReauthorizationRequired, HealthCheckResult.CredentialsRejected));
    }

    [Fact]
    public void A_link_session_completes_once_and_its_public_token_is_spent_by_the_exchange()
    {
        var session = LinkSession.Create(new LinkSessionCreated("link_1", "acct_1", "plant", ["upkeep"], null, "lh", Now.AddMinutes(30), Now));
        LinkDecisions.EnsureCompletable(session, Now);
        var completed = session.Apply(new LinkCompleted("conn_1", "upkeep", "ph", Now.AddMinutes(10), Now));
        Should.Throw<DomainException>(() => LinkDecisions.EnsureCompletable(completed, Now)).Reason.ShouldBe(ErrorReasons.LinkSessionCompleted);

        var exchanged = completed.Apply(LinkDecisions.Exchange(completed, Now));
        exchanged.PublicTokenHash.ShouldBeNull();
        Should.Throw<DomainException>(() => LinkDecisions.Exchange(exchanged, Now)).Reason.ShouldBe(ErrorReasons.TokenInvalid);
    }

    [Fact]
    public void Expired_link_and_public_tokens_are_refused()
    {
        var session = LinkSession.Create(new LinkSessionCreated("link_1", "acct_1", "plant", ["upkeep"], null, "lh", Now.AddMinutes(30), Now));
        Should.Throw<DomainException>(() => LinkDecisions.EnsureCompletable(session, Now.AddMinutes(30))).Reason.ShouldBe(ErrorReasons.TokenExpired);
        var completed = session.Apply(new LinkCompleted("conn_1", "upkeep", "ph", Now.AddMinutes(10), Now));
        Should.Throw<DomainException>(() => LinkDecisions.Exchange(completed, Now.AddMinutes(10))).Reason.ShouldBe(ErrorReasons.TokenExpired);
    }
}
