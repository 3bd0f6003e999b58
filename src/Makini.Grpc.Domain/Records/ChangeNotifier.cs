using StackExchange.Redis;

namespace Makini.Grpc.Domain.Records;

/// <summary>Wakes every node's change feed after a commit. Only a wake-up: PostgreSQL holds the changes, and feeds
/// also poll, so a lost notification (Redis down) delays delivery by a poll interval and loses nothing.</summary>
public sealed class ChangeNotifier(IConnectionMultiplexer redis)
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("mk:changes");

    public void Notify(string connectionId, long lastSeq)
    {
        if (lastSeq <= 0) return;
        try { redis.GetSubscriber().Publish(Channel, $"{connectionId}|{lastSeq}", CommandFlags.FireAndForget); }
        catch (RedisException) { }
    }
}
