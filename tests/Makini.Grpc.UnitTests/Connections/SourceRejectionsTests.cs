using Makini.Grpc.Domain.Connections;

namespace Makini.Grpc.UnitTests.Connections;

public sealed class SourceRejectionsTests
{
    private static readonly Dictionary<string, string> Stored = new() { ["client_id"] = "app", ["client_secret"] = "s2" };

    [Fact]
    public void A_rejection_counts_only_for_the_credentials_stored_now()
    {
        SourceRejections.Same(Stored, new Dictionary<string, string> { ["client_secret"] = "s2", ["client_id"] = "app" }).ShouldBeTrue();
        // The call ran with the secret a reauthorization has replaced since.
        SourceRejections.Same(Stored, new Dictionary<string, string> { ["client_id"] = "app", ["client_secret"] = "s1" }).ShouldBeFalse();
        SourceRejections.Same(Stored, new Dictionary<string, string> { ["client_id"] = "app" }).ShouldBeFalse();
        SourceRejections.Same(Stored, new Dictionary<string, string> { ["client_id"] = "app", ["client_secret"] = "s2", ["tenant"] = "t" }).ShouldBeFalse();
    }
}
