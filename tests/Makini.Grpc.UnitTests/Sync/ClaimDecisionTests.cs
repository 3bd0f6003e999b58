using Makini.Grpc.Domain.Sync;
using static Makini.Grpc.Domain.Sync.SyncScheduler;

namespace Makini.Grpc.UnitTests.Sync;

public sealed class ClaimDecisionTests
{
    [Fact]
    public void A_job_no_runner_of_ours_holds_is_started()
    {
        OnClaim("run_1", null, 0).ShouldBe(ClaimAction.Start);
        OnClaim(null, null, 0).ShouldBe(ClaimAction.Start);
    }

    [Fact]
    public void A_new_run_is_started_beside_a_runner_that_let_its_run_go_or_holds_another()
    {
        OnClaim(null, "run_1", 0).ShouldBe(ClaimAction.Start);
        OnClaim("run_2", "run_1", 0).ShouldBe(ClaimAction.Start);
    }

    [Fact]
    public void A_run_claimed_back_from_our_silent_runner_first_asks_it_to_stop_then_supersedes_it()
    {
        OnClaim("run_1", "run_1", 0).ShouldBe(ClaimAction.AskRunnerToStop);
        OnClaim("run_1", "run_1", 1).ShouldBe(ClaimAction.SupersedeStuckRunner);
        OnClaim("run_1", "run_1", 5).ShouldBe(ClaimAction.SupersedeStuckRunner);
    }
}
