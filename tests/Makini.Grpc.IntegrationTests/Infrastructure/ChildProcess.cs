using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;

namespace Makini.Grpc.IntegrationTests.Infrastructure;

/// <summary>A program under test in its own OS process, with its output kept for assertions.</summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ChildProcess(Process process) => _process = process;

    public IEnumerable<string> Output => _output;
    public bool HasExited => _process.HasExited;
    public int Id => _process.Id;

    public static ChildProcess Start(string fileName, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> env)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (k, v) in env) info.Environment[k] = v;
        info.Environment["MAKINI_EXIT_WITH_PID"] = Environment.ProcessId.ToString(); // nothing outlives the test run
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process);
        // With MAKINI_TEST_LOG_DIR set, each process's output also goes to a file there, for looking into failures.
        var logDir = Environment.GetEnvironmentVariable("MAKINI_TEST_LOG_DIR");
        StreamWriter? file = null;
        if (!string.IsNullOrEmpty(logDir))
        {
            Directory.CreateDirectory(logDir);
            file = new StreamWriter(Path.Combine(logDir, $"{Path.GetFileNameWithoutExtension(args.FirstOrDefault() ?? fileName)}-{Guid.NewGuid():N}.log")) { AutoFlush = true };
        }
        void Keep(string? line)
        {
            if (line is null) return;
            child._output.Enqueue(line);
            if (file is not null) lock (file) file.WriteLine(line);
        }
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    public async Task WaitForPortAsync(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"process exited early:\n{string.Join("\n", _output.TakeLast(40))}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException) { await Task.Delay(100); }
        }
        throw new TimeoutException($"port {port} not open after {timeout}:\n{string.Join("\n", _output.TakeLast(40))}");
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            Kill();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException) { }
        catch (TimeoutException) { }
        _process.Dispose();
    }
}
