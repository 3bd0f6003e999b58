using Makini.Grpc.Domain.Sync;
using static Makini.Grpc.Domain.Sync.SyncScheduler;

namespace Makini.Grpc.UnitTests.Sync;

public sealed class ClaimDecisionTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [Fact]
    public void A_new_run_is_started_beside_a_runner_that_let_its_run_go_or_holds_another()
    {
        OnClaim(null, "run_1", TimeSpan.FromMinutes(5), Lease, 0).ShouldBe(ClaimAction.Start);
        OnClaim("run_2", "run_1", TimeSpan.FromMinutes(5), Lease, 0).ShouldBe(ClaimAction.Start);
        OnClaim("run_1", null, TimeSpan.FromMinutes(5), Lease, 0).ShouldBe(ClaimAction.Start);
    }

    [Fact]
    public void A_runner_that_held_its_lease_within_two_leases_is_only_late_and_goes_on()
    {
        OnClaim("run_1", "run_1", TimeSpan.FromSeconds(35), Lease, 0).ShouldBe(ClaimAction.WaitForRunner);
    }

    [Fact]
    public void A_runner_silent_for_longer_is_asked_to_stop_then_superseded()
    {
        OnClaim("run_1", "run_1", TimeSpan.FromSeconds(61), Lease, 0).ShouldBe(ClaimAction.AskRunnerToStop);
        OnClaim("run_1", "run_1", TimeSpan.FromSeconds(95), Lease, 1).ShouldBe(ClaimAction.SupersedeStuckRunner);
    }
}
