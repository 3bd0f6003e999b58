using Makini.Grpc.Bench;

// Benchmarks print figures; they assert nothing. See README ("Benchmarks") and scripts/bench.
var options = BenchOptions.Parse(args);
return options.Scenario switch
{
    "auth" => await AuthBenchmark.RunAsync(options),
    "sync" => await SyncBenchmark.RunAsync(options),
    "list" => await ListBenchmark.RunAsync(options),
    "fanout" => await FanOutBenchmark.RunAsync(options),
    "write" => await WriteBenchmark.RunAsync(options),
    "webhooks" => await WebhookBenchmark.RunAsync(options),
    _ => BenchOptions.Usage(),
};
