using Makini.Grpc.Domain.Infrastructure;
using Npgsql;

namespace Makini.Grpc.UnitTests.Infrastructure;

public sealed class ConnectionStringTests
{
    [Fact]
    public void The_server_sets_its_buffer_and_reset_defaults_where_the_operator_did_not()
    {
        var tuned = new NpgsqlConnectionStringBuilder(MartenSetup.Tuned("Host=db;Username=makini;Password=p;Database=makini;Maximum Pool Size=100"));

        tuned.WriteBufferSize.ShouldBe(64 * 1024);
        tuned.NoResetOnClose.ShouldBeTrue();
        tuned.MaxPoolSize.ShouldBe(100);
        tuned.Host.ShouldBe("db");
    }

    [Fact]
    public void What_the_operator_set_is_kept()
    {
        var tuned = new NpgsqlConnectionStringBuilder(MartenSetup.Tuned("Host=db;Write Buffer Size=16384;No Reset On Close=false"));

        tuned.WriteBufferSize.ShouldBe(16384);
        tuned.NoResetOnClose.ShouldBeFalse();
    }
}
