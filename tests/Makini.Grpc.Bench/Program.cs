using Makini.Grpc.Bench;

// Benchmarks print figures; they assert nothing. See README ("Benchmarks") and scripts/bench.
var options = BenchOptions.Parse(args);
return options.Scenario switch
{
    "auth" => await AuthBenchmark.RunAsync(options),
    _ => BenchOptions.Usage(),
};
