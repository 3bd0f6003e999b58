using Grpc.Core;
using Makini.Grpc.V1;

namespace Makini.Grpc.IntegrationTests.Infrastructure;

/// <summary>Waiting for syncs the way a client would: through GetSyncStatus.</summary>
public static class Syncs
{
    /// <summary>Waits until every entity's last successful run ended after <paramref name="after"/> and none is running.</summary>
    public static async Task<GetSyncStatusResponse> WaitForAllAsync(this Api api, string token, DateTimeOffset after, TimeSpan? timeout = null,
        params Entity[] only)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        GetSyncStatusResponse status;
        while (true)
        {
            status = await api.Sync.GetSyncStatusAsync(new GetSyncStatusRequest(), Api.Bearer(token));
            if (status.Entities.Count > 0 && status.Entities.Where(e => only.Length == 0 || only.Contains(e.Entity)).All(e =>
                    e.State != SyncState.Running && e.LastSuccessTime is { } t && t.ToDateTimeOffset() > after))
                return status;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("Syncs did not finish: " + status);
            await Task.Delay(200);
        }
    }

    /// <summary>Every record of an entity, page by page, as a client pages.</summary>
    public static async Task<List<T>> ListAllAsync<T>(Func<string, Task<(IEnumerable<T> Items, string Next)>> page)
    {
        var all = new List<T>();
        var token = "";
        do
        {
            var (items, next) = await page(token);
            all.AddRange(items);
            token = next;
        }
        while (token.Length > 0);
        return all;
    }

    public static async Task<List<SubscribeChangesResponse>> CollectChangesAsync(this Api api, string token, string afterCursor, int count, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var got = new List<SubscribeChangesResponse>();
        using var call = api.Sync.SubscribeChanges(new SubscribeChangesRequest { AfterCursor = afterCursor }, Api.Bearer(token), cancellationToken: cts.Token);
        try
        {
            while (got.Count(r => r.Change is not null) < count && await call.ResponseStream.MoveNext(cts.Token))
                got.Add(call.ResponseStream.Current);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled) { }
        return got;
    }
}
