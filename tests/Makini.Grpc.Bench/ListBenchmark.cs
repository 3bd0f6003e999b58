using System.Diagnostics;
using Google.Protobuf;
using Grpc.Net.Client;
using Makini.Grpc.V1;
using Npgsql;

namespace Makini.Grpc.Bench;

/// <summary>ListPurchaseOrders, 100 a page: the first page and a page 5,000 pages deep with 1,000,000 stored records,
/// against the same with 10,000. Records are stored straight into the read model's table (a sync of a million would
/// take the benchmark's time measuring something else).</summary>
public static class ListBenchmark
{
    public static async Task<int> RunAsync(BenchOptions o)
    {
        var large = o.Count > 0 ? o.Count : 1_000_000;
        using var channel = GrpcChannel.ForAddress(o.Server, new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 * 1024 });
        var stack = new BenchStack(channel, o);
        var (_, big, bigToken) = await stack.ConnectAsync($"{o.Emulators}/upkeep-bench{Random.Shared.Next(1_000_000)}", "upkeep",
            new SyncSchedule { IntervalSeconds = 86400 });
        var (_, small, smallToken) = await stack.ConnectAsync($"{o.Emulators}/upkeep-bench{Random.Shared.Next(1_000_000)}", "upkeep",
            new SyncSchedule { IntervalSeconds = 86400 });

        var insert = Stopwatch.StartNew();
        await InsertAsync(o.Postgres, big.ConnectionId, large);
        await InsertAsync(o.Postgres, small.ConnectionId, 10_000);
        Console.WriteLine($"stored {large:N0} + 10,000 purchase orders in {insert.Elapsed.TotalSeconds:N0} s");

        var bigFirst = await TimeAsync(stack, bigToken, "");
        var smallFirst = await TimeAsync(stack, smallToken, "");
        var token = "";
        var walk = Stopwatch.StartNew();
        for (var i = 0; i < 5000; i++)
            token = (await stack.PurchaseOrders.ListPurchaseOrdersAsync(new ListPurchaseOrdersRequest { PageSize = 100, PageToken = token, View = View.Basic },
                BenchStack.Bearer(bigToken))).NextPageToken;
        Console.WriteLine($"walked 5,000 pages in {walk.Elapsed.TotalSeconds:N0} s");
        var bigDeep = await TimeAsync(stack, bigToken, token);
        var smallMiddle = "";
        for (var i = 0; i < 50; i++)
            smallMiddle = (await stack.PurchaseOrders.ListPurchaseOrdersAsync(new ListPurchaseOrdersRequest { PageSize = 100, PageToken = smallMiddle, View = View.Basic },
                BenchStack.Bearer(smallToken))).NextPageToken;
        var smallDeep = await TimeAsync(stack, smallToken, smallMiddle);

        Console.WriteLine();
        Console.WriteLine($"ListPurchaseOrders benchmark (page of 100, full view), {Environment.ProcessorCount} cores");
        Print($"{large:N0} records, first page", bigFirst);
        Print($"{large:N0} records, page 5,001", bigDeep);
        Print("10,000 records, first page", smallFirst);
        Print("10,000 records, page 51", smallDeep);
        Console.WriteLine($"{"deep / first page (1M), p50 and p99",-40} {bigDeep.P50 / bigFirst.P50,8:N2} ×  {bigDeep.P99 / bigFirst.P99,8:N2} ×   (target <= 2)");
        Console.WriteLine($"{"1M / 10k first page, p50 and p99",-40} {bigFirst.P50 / smallFirst.P50,8:N2} ×  {bigFirst.P99 / smallFirst.P99,8:N2} ×   (target <= 2)");
        return 0;
    }

    private static void Print(string name, (double P50, double P99) f) =>
        Console.WriteLine($"{name,-40} p50 {f.P50,7:N2} ms   p99 {f.P99,7:N2} ms");

    private static async Task<(double P50, double P99)> TimeAsync(BenchStack stack, string token, string pageToken)
    {
        var request = new ListPurchaseOrdersRequest { PageSize = 100, PageToken = pageToken };
        for (var i = 0; i < 20; i++) await stack.PurchaseOrders.ListPurchaseOrdersAsync(request, BenchStack.Bearer(token));
        var samples = new List<double>();
        for (var i = 0; i < 300; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var page = await stack.PurchaseOrders.ListPurchaseOrdersAsync(request, BenchStack.Bearer(token));
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            if (page.PurchaseOrders.Count != 100) throw new InvalidOperationException($"expected a full page, got {page.PurchaseOrders.Count}");
        }
        var sorted = samples.Order().ToArray();
        return (Measure.Percentile(sorted, 0.5), Measure.Percentile(sorted, 0.99));
    }

    /// <summary>Purchase orders of three lines each, in the read model's own table, generated inside PostgreSQL around one
    /// template order (the same body for every row; ids, remote ids and change times differ per row).</summary>
    private static async Task InsertAsync(string postgres, string connectionId, int count)
    {
        var template = new PurchaseOrder
        {
            Id = "po_template", RemoteId = "PO", Number = "PO", Status = PurchaseOrderStatus.Open, RemoteStatus = "approved",
            Vendor = new RecordRef { Id = "vnd_aaaaaaaaaaaaaaaaaaaaaaaaaa", RemoteId = "V100", Name = "Grainger" },
            CurrencyCode = "USD", OrderDate = "2026-11-01",
            TotalAmount = new Money { CurrencyCode = "USD", Amount = "1250.00" },
            Lines =
            {
                new PurchaseOrderLine { LineNumber = "1", ItemCode = "BRG-6204", Description = "Bearing 6204-2RS", Quantity = "10", UnitOfMeasure = "EA",
                    UnitPrice = new Money { CurrencyCode = "USD", Amount = "25.00" }, Amount = new Money { CurrencyCode = "USD", Amount = "250.00" } },
                new PurchaseOrderLine { LineNumber = "2", ItemCode = "FLT-220", Description = "Air filter 20x20", Quantity = "20", UnitOfMeasure = "EA",
                    UnitPrice = new Money { CurrencyCode = "USD", Amount = "25.00" }, Amount = new Money { CurrencyCode = "USD", Amount = "500.00" } },
                new PurchaseOrderLine { LineNumber = "3", ItemCode = "BLT-A42", Description = "V-belt A42", Quantity = "25", UnitOfMeasure = "EA",
                    UnitPrice = new Money { CurrencyCode = "USD", Amount = "20.00" }, Amount = new Money { CurrencyCode = "USD", Amount = "500.00" } },
            },
        };
        var proto = Convert.ToBase64String(template.ToByteArray());
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "insert into makini.mt_doc_syncedrecord (id, data, mt_dotnet_type, connection_id, entity, remote_modified_at, status, content_hash) " +
            "select 'po_' || substr(md5($1 || i::text), 1, 26), jsonb_build_object('Id', 'po_' || substr(md5($1 || i::text), 1, 26), " +
            "'ConnectionId', $1::text, 'Entity', 'purchase_order', 'RemoteId', 'PO' || i, 'ContentHash', md5(i::text), 'SyncedAt', now(), " +
            "'RemoteModifiedAt', now() - (i || ' seconds')::interval, 'Status', 'PURCHASE_ORDER_STATUS_OPEN', 'Proto', $3::text), " +
            "'Makini.Grpc.Domain.Records.SyncedRecord', $1, 'purchase_order', now() - (i || ' seconds')::interval, 'PURCHASE_ORDER_STATUS_OPEN', md5(i::text) " +
            "from generate_series(1, $2) as i on conflict (id) do nothing", connection) { CommandTimeout = 3600 };
        command.Parameters.AddWithValue(connectionId);
        command.Parameters.AddWithValue(count);
        command.Parameters.AddWithValue(proto);
        await command.ExecuteNonQueryAsync();
        await using var analyze = new NpgsqlCommand("analyze makini.mt_doc_syncedrecord", connection) { CommandTimeout = 600 };
        await analyze.ExecuteNonQueryAsync();
    }
}
