using System.Diagnostics;

namespace DaprChannels.TestSupport.Hosting;

/// <summary>
/// A DaprChannels service run as a real child process on a loopback port, as a user runs it:
/// started, probed on <c>/readyz</c>, killed with SIGKILL, started again. Its output is kept so
/// tests can read the logs (and check no secret is in them).
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly string _project;
    private readonly Dictionary<string, string> _environment;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    public ServiceProcess(string project, IReadOnlyDictionary<string, string> environment, int? port = null)
    {
        _project = project;
        Port = port ?? FreePort.Next();
        _environment = new Dictionary<string, string>(environment)
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Port}",
            ["DOTNET_NOLOGO"] = "1",
        };
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public string Output => string.Join('\n', _output);

    public bool IsRunning => _process is { HasExited: false };

    public async Task StartAsync(TimeSpan? timeout = null)
    {
        var assembly = RepositoryPaths.ServiceAssembly(_project);
        if (!File.Exists(assembly))
        {
            throw new FileNotFoundException($"Build {_project} first ({assembly}).");
        }

        var process = DotnetProcess.Start(assembly, _environment, _output.Enqueue);
        _process = process;
        await ReadinessProbe.WaitAsync(BaseAddress, process, _project, () => Output, timeout ?? TimeSpan.FromSeconds(60));
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing; what was not durable is gone.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async Task StopGracefullyAsync()
    {
        if (_process is { HasExited: false } process)
        {
            using var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            if (term is not null)
            {
                await term.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                await KillAsync();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
    }
}
