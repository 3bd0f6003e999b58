namespace Makini.Grpc.Bench;

public sealed record BenchOptions(string Scenario, string Server, string Emulators, string AdminKey, int Concurrency, TimeSpan Duration,
    string Postgres, string Redis, int ServerPid, int Count, string Client, int EmulatorPid = 0)
{
    public static BenchOptions Parse(string[] args)
    {
        string Arg(string name, string fallback)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        return new BenchOptions(
            args.FirstOrDefault(a => !a.StartsWith("--")) ?? "",
            Arg("server", "http://127.0.0.1:5080"),
            Arg("emulators", "http://127.0.0.1:5090"),
            Arg("admin-key", Environment.GetEnvironmentVariable("MAKINI_ADMIN_KEY") ?? ""),
            int.Parse(Arg("concurrency", "64")),
            TimeSpan.FromSeconds(double.Parse(Arg("seconds", "10"))),
            Arg("postgres", Environment.GetEnvironmentVariable("ConnectionStrings__Postgres") ?? ""),
            Arg("redis", Environment.GetEnvironmentVariable("ConnectionStrings__Redis") ?? ""),
            int.Parse(Arg("server-pid", "0")),
            int.Parse(Arg("count", "0")),
            Arg("client", "lean"),
            int.Parse(Arg("emulator-pid", "0")));
    }

    public static int Usage()
    {
        Console.Error.WriteLine("usage: Makini.Grpc.Bench auth|sync|list|fanout|write|webhooks --server URL --emulators URL --admin-key KEY " +
            "[--concurrency 64] [--seconds 10] [--postgres CS] [--redis CS] [--server-pid PID] [--emulator-pid PID] [--count N] " +
            "[--client lean|grpc (fanout: how subscribers read)]");
        return 2;
    }
}
